import type { FastifyInstance } from 'fastify';
import { DAY_MS, HOUR_MS } from './lib/clock.js';

/** How often presence kept in memory is written to the database. */
const PRESENCE_FLUSH_MS = 5_000;
/** How often the outbox is looked at for mail that is due. */
export const MAIL_POLL_MS = 10_000;

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
    every(HOUR_MS, 'hourly purge', async () => {
      await services.sessions.purgeExpired();
      await services.trustedDevices.purgeExpired();
      await services.audits.purgeNonces(DAY_MS);
      await services.audits.purgeExpired();
      await services.mail.purgeSettled();
      await services.accountLinks.purge();
      const removed = await services.deviceManagement.purgeOffline();
      if (removed.length > 0) {
        app.log.info({ devices: removed.length }, 'devices offline too long deleted (see the console log)');
      }
    });
    every(MAIL_POLL_MS, 'sending mail', async () => {
      await services.alarmMail.queueDue();
      for (const failure of await services.mail.sendDue()) {
        app.log.warn(
          { mail: failure.id, attempts: failure.attempts, error: failure.error },
          failure.retryAt === null
            ? 'mail not sent; given up (see Settings → SMTP → outbox)'
            : `mail not sent; retrying at ${new Date(failure.retryAt).toISOString()}`,
        );
      }
    });
  });

  app.addHook('onClose', async () => {
    for (const timer of timers) clearInterval(timer);
    await services.presence.flush(true);
    // A round already sending finishes (each wait bounded by the SMTP timeout); mail not yet tried stays queued.
    await services.mail.idle();
  });
}
