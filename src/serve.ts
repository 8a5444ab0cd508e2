// First: before anything else runs (see the module).
import './lib/tick-objects.js';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { type Config, secretKeyFileOf } from './config.js';
import { pidFileOf } from './db/backup.js';
import { type DatabaseHandle, databaseTarget, openDatabase } from './db/connection.js';
import { migrateToLatest } from './db/migrate.js';
import { HbbsKeyFile } from './domain/settings/hbbs-key-file.js';
import { INITIAL_ADMIN } from './domain/users/service.js';
import { fileSecretKey } from './lib/secret-box.js';
import { buildServer } from './server.js';

/** Raised for failures the operator can fix (database unreachable, port taken); printed as one line. */
export class StartupError extends Error {}

/** Opens and migrates the configured database. */
export async function openConfiguredDatabase(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
): Promise<DatabaseHandle> {
  const target = databaseTarget(config.dataDir, config.databaseUrl);
  let handle: DatabaseHandle | undefined;
  try {
    handle = openDatabase(target, (message) => console.warn(message));
    await migrateToLatest(handle);
    return handle;
  } catch (error) {
    await handle?.close().catch(() => {});
    const where = target.kind === 'sqlite' ? target.file : 'PostgreSQL';
    throw new StartupError(`cannot open the database (${where}): ${(error as Error).message}`);
  }
}

/**
 * The server as `rdconsole serve` runs it for `config`, logging to stdout. `npm run bench` builds it
 * this way too, so that it measures what an installation runs.
 */
export function buildConfiguredServer(config: Config, handle: DatabaseHandle): Promise<FastifyInstance> {
  return buildServer({
    database: handle,
    sessionTtlDays: config.sessionTtlDays,
    trustProxy: config.trustProxy,
    rateLimits: { newDevicesPerHour: config.newDevicesPerHour, auditsPerMinute: config.auditsPerMinute },
    smtp: config.smtp,
    hbbsKey: config.hbbsKeyFile === undefined ? undefined : new HbbsKeyFile(config.hbbsKeyFile),
    relayServers: config.relayServers,
    secretKey: fileSecretKey(secretKeyFileOf(config)),
    log: { level: config.logLevel, accessLog: config.accessLog, slowRequestMs: config.slowRequestMs },
  });
}

/** `rdconsole serve`: migrate, bootstrap, listen, and stop cleanly on SIGTERM/SIGINT. */
export async function serve(config: Config): Promise<void> {
  const handle = await openConfiguredDatabase(config);
  const app = await buildConfiguredServer(config, handle);
  const { createdAdmin } = await app.services.users.bootstrap();
  await app.services.sessions.purgeExpired();
  // Seals a bind password that an older release stored in clear.
  await app.services.ldap.get();
  // Read before listening: from the moment the server answers, nothing may wait until the stop on
  // SIGTERM is in place, or a SIGTERM sent then would kill the process instead of stopping it.
  const withDefaultPassword = await app.services.users.usersWithDefaultPassword();

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await handle.close();
    throw new StartupError(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
  }

  // While it runs, `rdconsole restore` refuses this data folder.
  const pidFile = pidFileOf(config.dataDir);
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });

  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const login = createdAdmin
    ? `Log in as "${INITIAL_ADMIN.name}" with password "${INITIAL_ADMIN.password}" (created now), then change the password.`
    : 'Log in with an administrator account (locked out? rdconsole set-password <user> <new password>).';
  console.log(
    [
      `rdconsole listening on http://${config.host}:${config.port} (database: ${handle.description})`,
      `Web console: http://${shownHost}:${config.port}; RustDesk clients: set the API server to this address.`,
      login,
    ].join('\n'),
  );
  warnAboutDefaultPasswords(app, withDefaultPassword);
  stopOnSignals(app, handle, pidFile);
}

function warnAboutDefaultPasswords(app: FastifyInstance, names: string[]): void {
  for (const name of names) {
    app.log.warn(
      `user "${name}" still has the default password; change it (console → Account, or rdconsole set-password)`,
    );
  }
}

function stopOnSignals(app: FastifyInstance, handle: DatabaseHandle, pidFile: string): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal} received: finishing in-flight requests`);
    const deadline = setTimeout(() => {
      app.log.error('shutdown took longer than 15 s; exiting');
      process.exit(1);
    }, 15_000);
    deadline.unref();
    // app.close() stops accepting, waits for in-flight requests, then runs the onClose hooks, which write
    // the presence still pending (see background.ts).
    await app.close();
    await handle.close();
    fs.rmSync(pidFile, { force: true });
    app.log.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
