/**
 * `npm run bench`: heartbeat throughput and latency at 100,000 registered devices, against a bare
 * route of the same server, and the server's memory. Prints figures; asserts nothing.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { uuidv7 } from '../src/lib/ids.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PORT = Number(process.env.BENCH_PORT ?? 21190);

const peerId = (i: number) => String(100_000_000 + i);

async function seed(file: string): Promise<void> {
  const handle = openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(handle);
  const now = Date.now();
  const BATCH = 500;
  for (let start = 0; start < DEVICES; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, DEVICES - start) }, (_, k) => {
      const i = start + k;
      return {
        guid: uuidv7(now),
        peer_id: peerId(i),
        uuid: `uuid-${i}`,
        status: 1,
        note: '',
        hostname: `host-${i}`,
        username: 'user',
        os: 'windows / Windows 11 Pro - 11 (22631)',
        cpu: '',
        memory: '',
        version: '1.4.9',
        created_at: now,
        updated_at: now,
      };
    });
    await handle.db.insertInto('devices').values(rows).execute();
  }
  await handle.close();
}

function run(
  title: string,
  request: autocannon.Request,
  length: { duration: number } | { amount: number } = { duration: SECONDS },
): Promise<autocannon.Result> {
  return autocannon({
    title,
    url: `http://127.0.0.1:${PORT}`,
    connections: CONNECTIONS,
    ...length,
    headers: { 'content-type': 'application/json' },
    requests: [request],
  });
}

function heartbeatRequest(): autocannon.Request {
  let next = 0;
  return {
    method: 'POST',
    path: '/api/heartbeat',
    setupRequest: (request) => {
      const i = next++ % DEVICES;
      return {
        ...request,
        body: JSON.stringify({ id: peerId(i), uuid: `uuid-${i}`, ver: 1004090, modified_at: 0 }),
      };
    },
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-bench-'));
const file = path.join(dir, 'bench.sqlite3');
console.log(`seeding ${DEVICES.toLocaleString('en')} devices…`);
await seed(file);

const server = fork(path.join(import.meta.dirname, 'heartbeat-server.ts'), [file, String(PORT)], {
  execArgv: ['--import', 'tsx'],
});
await new Promise<void>((resolve) => server.once('message', () => resolve()));
const ask = (message: string) =>
  new Promise<number>((resolve) => {
    server.once('message', (answer) => resolve(Number(answer)));
    server.send(message);
  });

// Every device heartbeats once first, as after a restart, so the run measures the steady state.
await run('warm-up', heartbeatRequest(), { amount: DEVICES });
const bare = await run('bare', { method: 'POST', path: '/bench/bare', body: '{}' });
const heartbeat = await run('heartbeat', heartbeatRequest());
const rss = await ask('memory');
server.send('stop');

const perSecond = (r: autocannon.Result) => r.requests.average;
const line = (name: string, r: autocannon.Result) =>
  `${name.padEnd(10)} ${perSecond(r).toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms   errors ${r.errors + r.non2xx}`;
console.log(
  `\n${DEVICES.toLocaleString('en')} devices, ${CONNECTIONS} connections, ${SECONDS} s per run, ${os.cpus().length} cores`,
);
console.log(line('bare', bare));
console.log(line('heartbeat', heartbeat));
console.log(`ratio heartbeat/bare: ${(perSecond(heartbeat) / perSecond(bare)).toFixed(2)} (target ≥ 0.5)`);
console.log(`heartbeat p99: ${heartbeat.latency.p99} ms (target < 50 ms)`);
console.log(`server resident memory: ${(rss / 1024 / 1024).toFixed(0)} MB (target < 300 MB)`);
fs.rmSync(dir, { recursive: true, force: true });
