/**
 * `npm run bench`: heartbeat throughput and latency at 100,000 registered devices, against a bare
 * Fastify 5 in a process of its own (default options, one route answering {}) and against a bare route
 * of the same server (under /api/, so with the API's headers), and the server's memory after the load.
 * rdconsole runs compiled, as `npm start` runs it, with its default configuration, logging included (to
 * a file). Both servers run on plain node, without this script's TypeScript loader, with the node flags
 * in BENCH_NODE_OPTIONS (none by default).
 * The three runs alternate for BENCH_ROUNDS rounds, so that a burst of load from elsewhere on the machine
 * does not hit one of them alone. Prints figures; asserts nothing.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import ts from 'typescript';
import { databaseTarget, openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { uuidv7 } from '../src/lib/ids.js';
import type { GcTotals } from './server-probe.js';
import { median } from './stats.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PORT = Number(process.env.BENCH_PORT ?? 21190);
const BARE_PORT = PORT + 2;
/** Node flags of both servers, e.g. "--max-semi-space-size=32". */
const NODE_OPTIONS = (process.env.BENCH_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
const ROOT = path.join(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'dist');

const peerId = (i: number) => String(100_000_000 + i);

async function seed(dataDir: string): Promise<void> {
  const handle = openDatabase(databaseTarget(dataDir, undefined));
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
  port: number,
  request: autocannon.Request,
  length: { duration: number } | { amount: number } = { duration: SECONDS },
): Promise<autocannon.Result> {
  return autocannon({
    title,
    url: `http://127.0.0.1:${port}`,
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

/** Under /api/ on both servers, so that rdconsole answers it with the same headers as the heartbeat. */
const BARE_REQUEST: autocannon.Request = { method: 'POST', path: '/api/bench/bare', body: '{}' };

/**
 * Starts a compiled server script (see `compileServers`) as a child process and waits until it listens.
 * It runs on plain node (not with this script's execArgv, which load tsx), with NODE_OPTIONS.
 */
async function start(script: string, args: string[], stdout: number | 'ignore'): Promise<ChildProcess> {
  const child = fork(script, args, { execArgv: NODE_OPTIONS, stdio: ['ignore', stdout, 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return child;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send('stop');
  });
}

/** The newest modification time of the files under `folder`. */
function newest(folder: string): number {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce(
      (latest, entry) => Math.max(latest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs),
      0,
    );
}

/**
 * Compiles the server (`npm run build:server`, when dist/ is older than src/) and the two server scripts
 * of this benchmark (with the module they share) into dist/bench/, so that no process measured runs
 * through the TypeScript loader: tsx costs about 50 MB of memory and wraps every function it creates.
 */
function compileServers(): { rdconsole: string; bareFastify: string } {
  if (!fs.existsSync(path.join(DIST, 'serve.js')) || newest(DIST) < newest(path.join(ROOT, 'src'))) {
    console.log('compiling the server (npm run build:server)…');
    execFileSync('npm', ['run', 'build:server'], { cwd: ROOT, stdio: 'ignore' });
  }
  const compile = (name: string) => {
    const source = fs.readFileSync(path.join(import.meta.dirname, `${name}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    const file = path.join(DIST, 'bench', `${name}.js`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, outputText);
    return file;
  };
  compile('server-probe');
  return { rdconsole: compile('heartbeat-server'), bareFastify: compile('bare-fastify-server') };
}

const scripts = compileServers();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-bench-'));
console.log(`seeding ${DEVICES.toLocaleString('en')} devices…`);
await seed(dir);

const bareFastify = await start(scripts.bareFastify, [String(BARE_PORT)], 'ignore');
const logFile = path.join(dir, 'server.log');
const log = fs.openSync(logFile, 'w');
const server = await start(scripts.rdconsole, [dir, String(PORT), DIST], log);
function askChild(child: ChildProcess, message: 'gc'): Promise<GcTotals>;
function askChild(child: ChildProcess, message: string): Promise<number>;
function askChild(child: ChildProcess, message: string): Promise<number | GcTotals> {
  return new Promise((resolve) => {
    child.once('message', (answer) =>
      resolve(typeof answer === 'object' ? (answer as GcTotals) : Number(answer)),
    );
    child.send(message);
  });
}
const ask = (message: string) => askChild(server, message);

interface Measured {
  result: autocannon.Result;
  /** CPU time the server process used per request answered, in microseconds. */
  cpuPerRequest: number;
  /** The server's garbage collection during the run. */
  gc: GcTotals;
}

/**
 * A timed run, the server's CPU time per request and its garbage collection: unlike requests per second,
 * CPU time hardly moves when the load generator (on the same machine) or other programs take CPU from
 * the server.
 */
async function measure(
  child: ChildProcess,
  title: string,
  port: number,
  request: autocannon.Request,
): Promise<Measured> {
  const gcBefore = await askChild(child, 'gc');
  const before = await askChild(child, 'cpu');
  const result = await run(title, port, request);
  const used = (await askChild(child, 'cpu')) - before;
  const gcAfter = await askChild(child, 'gc');
  return {
    result,
    cpuPerRequest: used / Math.max(1, result.requests.total),
    gc: {
      ms: gcAfter.ms - gcBefore.ms,
      scavenges: gcAfter.scavenges - gcBefore.scavenges,
      markCompacts: gcAfter.markCompacts - gcBefore.markCompacts,
    },
  };
}
// BENCH_CPU_PROF=<file>: a CPU profile of the server during the first heartbeat run (open it in Chrome's
// DevTools).
const profile = process.env.BENCH_CPU_PROF;

// Every device heartbeats once first, as after a restart, so the runs measure the steady state.
console.log(`warming up: every device heartbeats once…`);
await run('warm-up', PORT, heartbeatRequest(), { amount: DEVICES });
const logBefore = fs.statSync(logFile).size;

const results = { separate: [] as Measured[], bare: [] as Measured[], heartbeat: [] as Measured[] };
for (let round = 0; round < ROUNDS; round++) {
  // The presence that heartbeats left to write is written now rather than during the next run: after
  // the warm-up that is every device at once (in a steady state, a sixtieth of them a second).
  await ask('flush');
  results.separate.push(await measure(bareFastify, 'bare Fastify', BARE_PORT, BARE_REQUEST));
  results.bare.push(await measure(server, 'bare', PORT, BARE_REQUEST));
  if (profile && round === 0) await ask('profile');
  results.heartbeat.push(await measure(server, 'heartbeat', PORT, heartbeatRequest()));
  if (profile && round === 0) await ask(`profile ${path.resolve(profile)}`);
}
const logBytes = fs.statSync(logFile).size - logBefore;
const rss = await ask('memory');
await stop(server);
await stop(bareFastify);
fs.closeSync(log);

const mean = (ms: Measured[], of: (m: Measured) => number) =>
  ms.reduce((sum, m) => sum + of(m), 0) / ms.length;
const perSecond = (ms: Measured[]) => mean(ms, (m) => m.result.requests.average);
const cpu = (ms: Measured[]) => mean(ms, (m) => m.cpuPerRequest);
const line = (name: string, { result: r, cpuPerRequest, gc }: Measured) =>
  `  ${name.padEnd(24)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms   server CPU ${cpuPerRequest.toFixed(1).padStart(5)} µs/request   GC ${gc.ms.toFixed(0).padStart(4)} ms (${gc.scavenges} scavenges, ${gc.markCompacts} mark-compact)   errors ${r.errors + r.non2xx}`;
console.log(
  `\n${DEVICES.toLocaleString('en')} devices, ${CONNECTIONS} connections, ${SECONDS} s per run, ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(2)}, node ${process.version}${NODE_OPTIONS.length > 0 ? ` ${NODE_OPTIONS.join(' ')}` : ''}`,
);
/**
 * The heartbeat's rate over the bare Fastify's in one round, runs a few seconds apart. This machine's
 * speed drifts over tens of seconds (other tenants), which moves the means of the whole runs; the
 * median of these ratios compares the two under the same conditions.
 */
function roundRatio(round: number): number | undefined {
  const separate = results.separate[round];
  const heartbeat = results.heartbeat[round];
  return separate && heartbeat
    ? heartbeat.result.requests.average / separate.result.requests.average
    : undefined;
}
for (let round = 0; round < ROUNDS; round++) {
  console.log(`round ${round + 1}`);
  const [separate, bare, heartbeat] = [
    results.separate[round],
    results.bare[round],
    results.heartbeat[round],
  ];
  if (separate) console.log(line('bare Fastify (own proc.)', separate));
  if (bare) console.log(line('bare route, same server', bare));
  if (heartbeat) console.log(line('heartbeat', heartbeat));
  const pair = roundRatio(round);
  if (pair !== undefined) console.log(`  ratio heartbeat/bare Fastify in this round: ${pair.toFixed(2)}`);
}
const worstP99 = Math.max(...results.heartbeat.map((m) => m.result.latency.p99));
const requests = [...results.bare, ...results.heartbeat].reduce((sum, m) => sum + m.result.requests.total, 0);
console.log(
  `mean req/s: bare Fastify ${perSecond(results.separate).toFixed(0)}, bare route ${perSecond(results.bare).toFixed(0)}, heartbeat ${perSecond(results.heartbeat).toFixed(0)}`,
);
const ratio = (heartbeat: number, bare: number) => (heartbeat / bare).toFixed(2);
console.log(
  `ratio heartbeat/bare Fastify: ${ratio(perSecond(results.heartbeat), perSecond(results.separate))} (target ≥ 0.6); by server CPU per request: ${ratio(cpu(results.separate), cpu(results.heartbeat))}`,
);
const roundRatios = results.heartbeat.map((_, round) => roundRatio(round) ?? 0);
console.log(
  `median of the rounds' ratios heartbeat/bare Fastify: ${median(roundRatios).toFixed(2)} (${roundRatios.length} rounds)`,
);
console.log(
  `ratio heartbeat/bare route of the same server: ${ratio(perSecond(results.heartbeat), perSecond(results.bare))}; by server CPU per request: ${ratio(cpu(results.bare), cpu(results.heartbeat))}`,
);
console.log(`heartbeat p99 (worst run): ${worstP99} ms (target < 50 ms)`);
console.log(`server resident memory after the load: ${(rss / 1024 / 1024).toFixed(0)} MB (target < 250 MB)`);
console.log(
  `server log during the timed runs: ${logBytes.toLocaleString('en')} bytes for ${requests.toLocaleString('en')} requests to it`,
);
fs.rmSync(dir, { recursive: true, force: true });
