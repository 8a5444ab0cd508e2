/**
 * `npm run bench`: heartbeat throughput and latency at 100,000 registered devices, against a bare
 * Fastify 5 in a process of its own (default options, one route answering {}) and against a bare route
 * of the same server (under /api/, so with the API's headers), and the server's memory after the load.
 * rdconsole runs compiled, as `npm start` runs it, with its default configuration, logging included (to
 * a file). Both servers run on plain node, without this script's TypeScript loader, with the node flags
 * in BENCH_NODE_OPTIONS (none by default).
 * The three runs alternate for BENCH_ROUNDS rounds, so that a burst of load from elsewhere on the machine
 * does not hit one of them alone. Prints figures; asserts nothing.
 *
 * BENCH_INSTRUCTIONS=1 counts instead of timing: both servers run under valgrind's callgrind, and after a
 * warm-up each of the three gets BENCH_WINDOWS runs of BENCH_REQUESTS requests while callgrind counts the
 * instructions of the server's main thread (where requests are answered; not the compiler's and the
 * collector's helper threads). The count does not move with the machine's speed or with what else runs
 * on it. The fewest of the runs is the request's own cost: a run into which the server's periodic work
 * fell (writing presence every 5 s, which callgrind's slowdown spreads over fewer requests) counts more.
 */
import { type ChildProcess, execFileSync, fork, type StdioOptions, spawn } from 'node:child_process';
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

const INSTRUCTIONS = process.env.BENCH_INSTRUCTIONS === '1';
/** Fewer by default when counting: under callgrind the server is about fifty times slower. */
const DEVICES = Number(process.env.BENCH_DEVICES ?? (INSTRUCTIONS ? 5_000 : 100_000));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PORT = Number(process.env.BENCH_PORT ?? 21190);
const BARE_PORT = PORT + 2;
/** Node flags of both servers, e.g. "--max-semi-space-size=32". */
const NODE_OPTIONS = (process.env.BENCH_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
const COUNTED_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const COUNTED_WINDOWS = Number(process.env.BENCH_WINDOWS ?? 5);
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
 * It runs on plain node (not with this script's execArgv, which load tsx), with NODE_OPTIONS; with
 * BENCH_INSTRUCTIONS, under callgrind, counting nothing until told to (`countInstructions`).
 */
async function start(script: string, args: string[], stdout: number | 'ignore'): Promise<ChildProcess> {
  const stdio: StdioOptions = ['ignore', stdout, 'inherit', 'ipc'];
  const child = INSTRUCTIONS
    ? spawn(
        'valgrind',
        [
          '--tool=callgrind',
          '--quiet',
          '--instr-atstart=no',
          '--separate-threads=yes',
          `--callgrind-out-file=${callgrindFile(path.basename(script, '.js'))}`,
          process.execPath,
          ...NODE_OPTIONS,
          script,
          ...args,
        ],
        { stdio },
      )
    : fork(script, args, { execArgv: NODE_OPTIONS, stdio });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    // valgrind not installed, for one.
    child.once('error', reject);
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
const callgrindFile = (name: string) => path.join(dir, `callgrind.${name}`);

/**
 * The instructions of `child`'s main thread per request in each of COUNTED_WINDOWS runs of
 * COUNTED_REQUESTS requests (callgrind dumps one file per thread; the main thread's ends in -01).
 */
async function countInstructions(
  child: ChildProcess,
  name: string,
  port: number,
  request: autocannon.Request,
): Promise<number[]> {
  const control = (...args: string[]) =>
    execFileSync('callgrind_control', [...args, String(child.pid)], { stdio: 'ignore' });
  // Every device heartbeats at least twice before the count (steady state).
  await run(`${name} warm-up`, port, request, { amount: Math.max(2 * COUNTED_REQUESTS, 2 * DEVICES) });
  const counts: number[] = [];
  for (let window = 0; window < COUNTED_WINDOWS; window++) {
    const before = new Set(fs.readdirSync(dir));
    control('--instr=on');
    const result = await run(name, port, request, { amount: COUNTED_REQUESTS });
    control('--instr=off');
    control('--dump');
    if (result.errors + result.non2xx > 0)
      throw new Error(`${name}: ${result.errors + result.non2xx} errors`);
    const file = fs.readdirSync(dir).find((f) => !before.has(f) && f.endsWith('-01'));
    const totals = file && /^totals: (\d+)/m.exec(fs.readFileSync(path.join(dir, file), 'utf8'));
    if (!totals?.[1]) throw new Error(`callgrind wrote no count for ${name}`);
    counts.push(Number(totals[1]) / result.requests.total);
  }
  return counts;
}
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
if (INSTRUCTIONS) {
  const counts = {
    separate: await countInstructions(bareFastify, 'bare Fastify', BARE_PORT, BARE_REQUEST),
    bare: await countInstructions(server, 'bare route', PORT, BARE_REQUEST),
    heartbeat: await countInstructions(server, 'heartbeat', PORT, heartbeatRequest()),
  };
  await stop(server);
  await stop(bareFastify);
  const fewest = (n: number[]) => Math.min(...n);
  const count = (n: number) => Math.round(n).toLocaleString('en').padStart(9);
  const line = (title: string, n: number[]) =>
    console.log(`  ${title.padEnd(24)} ${count(fewest(n))}   median ${count(median(n))}`);
  console.log(
    `\ninstructions of the server's main thread per request (callgrind; fewest and median of ${COUNTED_WINDOWS} runs of ${COUNTED_REQUESTS.toLocaleString('en')} requests; ${DEVICES.toLocaleString('en')} devices):`,
  );
  line('bare Fastify (own proc.)', counts.separate);
  line('bare route, same server', counts.bare);
  line('heartbeat', counts.heartbeat);
  const ratio = (a: number[], b: number[]) => (fewest(a) / fewest(b)).toFixed(2);
  console.log(
    `ratio bare Fastify/heartbeat (fewest): ${ratio(counts.separate, counts.heartbeat)}; bare route/heartbeat: ${ratio(counts.bare, counts.heartbeat)}`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
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
