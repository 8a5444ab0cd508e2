import type { FastifyInstance } from 'fastify';
import { DAY_MS } from './lib/clock.js';

/** How often presence kept in memory is written to the database. */
const PRESENCE_FLUSH_MS = 5_000;
const HOURLY_MS = 60 * 60 * 1000;

/**
 * The server's periodic work, started when it is ready and stopped when it closes. Closing writes the
 * presence still pending, so a clean shutdown loses no last-online time.
 */
export function registerBackgroundJobs(app: FastifyInstance): void {
  const { services } = app;
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, name: string, job: () => Promise<unknown>) => {
    const timer = setInterval(() => {
      job().catch((err) => app.log.error({ err }, `${name} failed`));
    }, ms);
    timer.unref();
    timers.push(timer);
  };

  app.addHook('onReady', async () => {
    every(PRESENCE_FLUSH_MS, 'writing device presence', () => services.presence.flush());
    every(HOURLY_MS, 'hourly purge', async () => {
      await services.sessions.purgeExpired();
      await services.audits.purgeNonces(DAY_MS);
      await services.audits.purgeExpired();
    });
  });

  app.addHook('onClose', async () => {
    for (const timer of timers) clearInterval(timer);
    await services.presence.flush(true);
  });
}
