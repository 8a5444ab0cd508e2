/**
 * `npm run bench:flood`: another client's latency while one client floods the server with heavy bodies:
 * nested JSON to POST /api/sysinfo (no credentials) and the largest legal legacy address books to
 * POST /api/ab. Prints the heartbeat latency of one well-behaved device before and during each flood;
 * asserts nothing.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { databaseTarget, openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { INITIAL_ADMIN } from '../src/domain/users/service.js';
import { BODY_LIMITS } from '../src/http/body-limits.js';
import { ephemeralSecretKey } from '../src/lib/secret-box.js';
import { buildServer } from '../src/server.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const FLOOD_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const PORT = Number(process.env.BENCH_PORT ?? 21191);
const BASE = `http://127.0.0.1:${PORT}`;
const JSON_HEADERS = { 'content-type': 'application/json' };

const nested = (bytes: number) => {
  const depth = Math.floor((bytes - 40) / 2);
  return `{"id": "900000001", "extra": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
};

/** A legacy push of as many peers as fit in the route's body limit. */
function largestLegacyBook(): string {
  const limit = BODY_LIMITS['POST /api/ab'] ?? 0;
  const peers: object[] = [];
  let body = '';
  for (let i = 0; ; i++) {
    peers.push({
      id: String(100_000_000 + i),
      username: 'user',
      hostname: `host-${i}`,
      platform: 'Windows',
      alias: `alias ${i}`,
      tags: ['office'],
      hash: 'aGFzaA==',
    });
    if (i % 500 !== 0) continue;
    const next = JSON.stringify({ data: JSON.stringify({ tags: ['office'], peers, tag_colors: '{}' }) });
    if (next.length > limit) return body;
    body = next;
  }
}

async function post(url: string, body: unknown, token?: string): Promise<Response> {
  return fetch(`${BASE}${url}`, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

function probe(): Promise<autocannon.Result> {
  return autocannon({
    url: BASE,
    connections: 1,
    duration: SECONDS,
    headers: JSON_HEADERS,
    requests: [{ method: 'POST', path: '/api/heartbeat', body: JSON.stringify({ id: '900000000' }) }],
  });
}

function flood(request: autocannon.Request): Promise<autocannon.Result> {
  return autocannon({
    url: BASE,
    connections: FLOOD_CONNECTIONS,
    duration: SECONDS,
    headers: JSON_HEADERS,
    requests: [request],
  });
}

async function during(request: autocannon.Request): Promise<[autocannon.Result, autocannon.Result]> {
  return Promise.all([probe(), flood(request)]);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-flood-'));
const seeded = openDatabase(databaseTarget(dir, undefined));
await migrateToLatest(seeded);
await (await buildServer({ database: seeded, secretKey: ephemeralSecretKey() })).services.users.bootstrap();
await seeded.close();

const server = fork(
  path.join(import.meta.dirname, 'heartbeat-server.ts'),
  [dir, String(PORT), path.join(import.meta.dirname, '../src')],
  {
    execArgv: ['--import', 'tsx'],
    // The server's log (its stdout) is not what this benchmark looks at.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  },
);
await new Promise<void>((resolve) => server.once('message', () => resolve()));

await post('/api/sysinfo', { id: '900000000', uuid: 'probe', hostname: 'probe' });
const login = await post('/api/login', { username: INITIAL_ADMIN.name, password: INITIAL_ADMIN.password });
const token = ((await login.json()) as { access_token: string }).access_token;
const book = largestLegacyBook();

const results: Array<[string, autocannon.Result, autocannon.Result | undefined]> = [];
results.push(['quiet', await probe(), undefined]);
for (const [name, request] of [
  ['nested sysinfo, 1 MB', { method: 'POST', path: '/api/sysinfo', body: nested(1_000_000) }],
  ['nested sysinfo, 60 kB', { method: 'POST', path: '/api/sysinfo', body: nested(60_000) }],
  [
    `legacy book, ${(book.length / 1024 / 1024).toFixed(1)} MB`,
    {
      method: 'POST',
      path: '/api/ab',
      body: book,
      headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` },
    },
  ],
] as const) {
  results.push([name, ...(await during(request))]);
}
server.send('stop');
fs.rmSync(dir, { recursive: true, force: true });

console.log(
  `\nheartbeat of another device (1 connection) while ${FLOOD_CONNECTIONS} connections flood, ${SECONDS} s each`,
);
for (const [name, heartbeat, flooding] of results) {
  const floodFigures = flooding
    ? `   flood: ${flooding.requests.total} requests (${flooding.non2xx} refused)`
    : '';
  console.log(
    `${name.padEnd(24)} heartbeat p50 ${String(heartbeat.latency.p50).padStart(4)} ms   p99 ${String(heartbeat.latency.p99).padStart(5)} ms${floodFigures}`,
  );
}
const worst = Math.max(...results.map(([, heartbeat]) => heartbeat.latency.p99));
console.log(`worst heartbeat p99: ${worst} ms (target < 50 ms)`);
