// First: before anything else runs (see the module).
import './lib/tick-objects.js';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findTool, renderToolsOverview, runCli } from './cli/manage/tool.js';
import { TOOLS } from './cli/tools/index.js';
import { ConfigError, loadConfig, SERVE_OPTIONS, secretKeyFileOf } from './config.js';
import type { Services } from './domain/services.js';
import { AppError } from './http/errors.js';

const serveFlags = Object.fromEntries(
  Object.values(SERVE_OPTIONS).map((o) => [o.flag, { type: 'switch' in o ? 'boolean' : 'string' }]),
) as Record<string, { type: 'string' | 'boolean' }>;

function usage(): string {
  const options = Object.values(SERVE_OPTIONS)
    .map((o) => `  --${o.flag.padEnd(18)} ${o.description} [${o.env}; default ${o.defaultText}]`)
    .join('\n');
  return `rdconsole: a self-hosted RustDesk Server Pro compatible web console and API

Usage:
  rdconsole serve [options]                         start the server (what "npm start" runs)
  rdconsole set-password <username> <password>      set a user's password offline (break-glass);
                                                    uses --data-dir / --database-url like serve
  rdconsole reset-2fa <username>                    turn a user's 2FA off offline (lost authenticator)
  rdconsole backup <file>                           copy the SQLite database to <file>, also while serving
  rdconsole restore <file>                          replace the SQLite database by a backup (server stopped)
  rdconsole <tool> <command> [options]              manage a running server over its HTTP API (below)
  rdconsole --help

${renderToolsOverview(TOOLS)}

Options of serve (each may also come from the environment variable in brackets):
${options}

Examples:
  rdconsole serve --port 21200 --data-dir /var/lib/rdconsole
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/rdconsole rdconsole serve
  rdconsole set-password admin 'a-new-password'
  rdconsole reset-2fa admin
  rdconsole backup /var/backups/rdconsole-$(date +%F).sqlite3
  rdconsole users view --url http://127.0.0.1:21114 --token "$TOKEN" --name mike
`;
}

/**
 * Runs a break-glass change on the configured database, without the server: parses the serve options
 * and `count` positionals (else prints `usage`), then hands the services to `run`.
 */
async function offline(
  args: string[],
  count: number,
  usage: string,
  run: (services: Services, positionals: string[]) => Promise<string>,
): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: serveFlags,
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== count || !positionals[0]) throw new ConfigError(`usage: ${usage}`);
  const config = loadConfig(values, process.env);
  // Loaded here, not at the top, so the management tools start without the server's modules.
  const [{ createServices }, { systemClock }, { openConfiguredDatabase }, { fileSecretKey }] =
    await Promise.all([
      import('./domain/services.js'),
      import('./lib/clock.js'),
      import('./serve.js'),
      import('./lib/secret-box.js'),
    ]);
  const handle = await openConfiguredDatabase(config);
  try {
    const services = createServices(handle.db, {
      clock: systemClock,
      sessionTtlDays: config.sessionTtlDays,
      secretKey: fileSecretKey(secretKeyFileOf(config)),
    });
    await services.users.bootstrap();
    console.log(await run(services, positionals));
  } finally {
    await handle.close();
  }
}

const setPassword = (args: string[]) =>
  offline(args, 2, 'rdconsole set-password <username> <password>', async (services, [username, password]) => {
    await services.users.setPassword(username ?? '', password ?? '');
    return `Password of "${username}" changed; their login sessions were ended.`;
  });

const resetTfa = (args: string[]) =>
  offline(args, 1, 'rdconsole reset-2fa <username>', async (services, [username]) => {
    await services.users.resetTfaOffline(username ?? '');
    return `2FA of "${username}" turned off; they log in with the password alone until they set it up again.`;
  });

/** The SQLite database of the configured data folder; PostgreSQL has its own tools. */
function sqliteFileOf(args: string[], usage: string): { file: string; dataDir: string; target: string } {
  const { values, positionals } = parseArgs({
    args,
    options: serveFlags,
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || !positionals[0]) throw new ConfigError(`usage: ${usage}`);
  const config = loadConfig(values, process.env);
  if (config.databaseUrl) {
    throw new ConfigError(
      'this server uses PostgreSQL: back it up with pg_dump -Fc and restore with pg_restore (see the README, Backups)',
    );
  }
  return {
    file: path.join(config.dataDir, 'rdconsole.sqlite3'),
    dataDir: config.dataDir,
    target: positionals[0],
  };
}

async function backup(args: string[]): Promise<void> {
  const { file, target } = sqliteFileOf(args, 'rdconsole backup <file>');
  const { backupSqlite } = await import('./db/backup.js');
  await backupSqlite(file, target);
  console.log(
    `Backed up ${file} to ${target}. Keep secret.key (in the data folder, or --secret-key-file) with it: 2FA secrets need it.`,
  );
}

async function restore(args: string[]): Promise<void> {
  const { file, dataDir, target } = sqliteFileOf(args, 'rdconsole restore <file>');
  const [{ restoreSqlite }, { openConfiguredDatabase }] = await Promise.all([
    import('./db/backup.js'),
    import('./serve.js'),
  ]);
  const kept = await restoreSqlite(target, file, dataDir);
  // Brings a backup of an earlier release up to date now, not at the next start.
  await (await openConfiguredDatabase({ dataDir, databaseUrl: undefined })).close();
  console.log(
    `Restored ${file} from ${target}${kept ? `; the database it replaced is kept as ${kept}` : ''}.`,
  );
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve': {
        const { values } = parseArgs({ args: rest, options: serveFlags, strict: true });
        const { serve } = await import('./serve.js');
        await serve(loadConfig(values, process.env));
        return -1; // keeps running until a signal
      }
      case 'set-password':
        await setPassword(rest);
        return 0;
      case 'reset-2fa':
        await resetTfa(rest);
        return 0;
      case 'backup':
        await backup(rest);
        return 0;
      case 'restore':
        await restore(rest);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        console.log(usage());
        return command === undefined ? 1 : 0;
      default:
        if (findTool(TOOLS, command)) {
          // Output piped into a reader that stops early (`| head`): stop quietly, as other tools do.
          process.stdout.on('error', (error: NodeJS.ErrnoException) => {
            if (error.code === 'EPIPE') process.exit(0);
            throw error;
          });
          const io = {
            stdout: process.stdout,
            stderr: process.stderr,
            stdin: process.stdin,
            env: process.env,
          };
          return await runCli(argv, io, TOOLS);
        }
        console.error(`rdconsole: unknown command "${command}" (see rdconsole --help)`);
        return 2;
    }
  } catch (error) {
    const { StartupError } = await import('./serve.js');
    const { BackupError } = await import('./db/backup.js');
    if (
      error instanceof ConfigError ||
      error instanceof StartupError ||
      error instanceof AppError ||
      error instanceof BackupError
    ) {
      console.error(`rdconsole: ${error.message}`);
      return error instanceof StartupError || error instanceof BackupError ? 1 : 2;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`rdconsole: ${error.message} (see rdconsole --help)`);
      return 2;
    }
    throw error;
  }
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
