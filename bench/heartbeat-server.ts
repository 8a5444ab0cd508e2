/**
 * The server side of the heartbeat benchmark: rdconsole over the given SQLite file, plus a bare route
 * returning {} that shows what the same server does with no work at all.
 */
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { PUBLIC } from '../src/http/access.js';
import { ephemeralSecretKey } from '../src/lib/secret-box.js';
import { buildServer } from '../src/server.js';

const [file, port] = process.argv.slice(2);
if (!file || !port) throw new Error('usage: heartbeat-server.ts <sqlite file> <port>');
const database = openDatabase({ kind: 'sqlite', file });
await migrateToLatest(database);
const app = await buildServer({ database, secretKey: ephemeralSecretKey() });
app.post('/bench/bare', { config: { access: PUBLIC } }, async () => ({}));
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.send?.('ready');
process.on('message', async (message) => {
  if (message === 'memory') process.send?.(process.memoryUsage().rss);
  if (message === 'stop') {
    await app.close();
    await database.close();
    process.exit(0);
  }
});
