/**
 * The yardstick of `npm run bench`: a bare Fastify 5 in a process of its own, default options, one route
 * answering {}. What rdconsole's heartbeat is compared with.
 */
import Fastify from 'fastify';
import { answerProbes } from './server-probe.js';

const [port] = process.argv.slice(2);
if (!port) throw new Error('usage: bare-fastify-server.ts <port>');
const app = Fastify();
// The path of rdconsole's bare route, so that both answer the same request.
app.post('/api/bench/bare', async () => ({}));
await app.listen({ port: Number(port), host: '127.0.0.1' });
answerProbes(() => app.close());
process.send?.('ready');
