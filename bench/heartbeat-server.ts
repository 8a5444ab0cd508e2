/**
 * The server side of the benchmarks: rdconsole over the SQLite database in the given data folder, built
 * as `rdconsole serve` builds it with its default configuration (logging included: this process's stdout,
 * which the benchmark points at a file or at nothing), plus a bare route returning {} that shows what the
 * same server does with no work at all: under /api/, so that it carries the API's security headers as
 * the heartbeat does. `code` is the folder of the server's modules: dist/ (compiled,
 * as `npm start` runs them) or src/ (the TypeScript sources, when this script runs through tsx).
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { answerProbes } from './server-probe.js';

const [dataDir, port, code] = process.argv.slice(2);
if (!dataDir || !port || !code)
  throw new Error('usage: heartbeat-server.ts <data dir> <port> <src or dist folder>');
const load = (file: string) => import(pathToFileURL(path.join(code, file)).href);
// serve.js first: its first import is what `rdconsole serve` runs before anything else (lib/tick-objects).
const { buildConfiguredServer, openConfiguredDatabase } = (await load(
  'serve.js',
)) as typeof import('../src/serve.js');
const { loadConfig } = (await load('config.js')) as typeof import('../src/config.js');
const { PUBLIC } = (await load('http/access.js')) as typeof import('../src/http/access.js');

// The environment is left out on purpose: the benchmark measures the defaults, not this shell's settings.
const config = loadConfig({ 'data-dir': dataDir, port, host: '127.0.0.1' }, {});
const database = await openConfiguredDatabase(config);
const app = await buildConfiguredServer(config, database);
app.post('/api/bench/bare', { config: { access: PUBLIC } }, async () => ({}));
await app.listen({ port: config.port, host: config.host });
const profiler = new Session();
answerProbes(
  async () => {
    await app.close();
    await database.close();
  },
  async (message) => {
    // Writes the presence that heartbeats left pending, as the server does every few seconds.
    if (message === 'flush') return app.services.presence.flush();
    // "profile" starts the CPU profiler, "profile <file>" writes what it saw since.
    if (message === 'profile') {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    } else if (message.startsWith('profile ')) {
      const { profile } = await profiler.post('Profiler.stop');
      fs.writeFileSync(message.slice('profile '.length), JSON.stringify(profile));
      profiler.disconnect();
    }
    return 0;
  },
);
process.send?.('ready');
