import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTarget, openDatabase } from '../../src/db/connection.js';
import { collect, freePort, runRdconsole, spawnRdconsole, waitForOutput } from '../helpers/cli.js';
import { createTestDatabaseUrl, TEST_DIALECT } from '../helpers/database.js';

/**
 * The configuration under test, for the `describe` it is called in: a temporary data folder, plus a
 * fresh PostgreSQL database on that run. Read `env` and `dataDir` inside the tests.
 */
function useConfiguration() {
  const setup = { dataDir: '', env: {} as Record<string, string> };
  let dropDatabase: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    setup.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-cli-'));
    setup.env = { RDCONSOLE_DATA_DIR: setup.dataDir };
    if (TEST_DIALECT === 'postgres') {
      const database = await createTestDatabaseUrl();
      setup.env.DATABASE_URL = database.url;
      dropDatabase = database.drop;
    }
  });
  afterAll(async () => {
    await dropDatabase?.();
    fs.rmSync(setup.dataDir, { recursive: true, force: true });
  });
  return setup;
}

/** The configuration under test: a temporary data folder, plus a fresh PostgreSQL database on that run. */
describe(`rdconsole serve, set-password and reset-2fa (${TEST_DIALECT})`, () => {
  const setup = useConfiguration();

  it('starts on a fresh database, serves login and currentUser, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const server = spawnRdconsole(['serve', '--port', String(port), '--host', '127.0.0.1'], setup.env);
    const finished = collect(server);
    const banner = await waitForOutput(server, /listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(banner).toContain('Log in as "admin" with password "test1234"');
    expect(banner).toContain(
      TEST_DIALECT === 'postgres' ? 'PostgreSQL' : path.join(setup.dataDir, 'rdconsole.sqlite3'),
    );

    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'test1234' }),
    });
    expect(login.status).toBe(200);
    const { access_token } = (await login.json()) as { access_token: string };
    const me = await fetch(`${base}/api/currentUser`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ name: 'admin', is_admin: true, default_password: true });

    server.kill('SIGTERM');
    const result = await finished;
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toMatch(/still has the default password/);
    if (TEST_DIALECT === 'sqlite')
      expect(fs.existsSync(path.join(setup.dataDir, 'rdconsole.sqlite3'))).toBe(true);
  });

  it('set-password works offline on the same database; the new password then logs in', async () => {
    const changed = await runRdconsole(['set-password', 'admin', 'break-glass-1'], setup.env);
    expect(changed.stderr).toBe('');
    expect(changed.code).toBe(0);
    expect(changed.stdout).toContain('Password of "admin" changed');

    const port = await freePort();
    const server = spawnRdconsole(['serve', '--port', String(port), '--host', '127.0.0.1'], setup.env);
    const finished = collect(server);
    await waitForOutput(server, /listening on/);
    const login = await fetch(`http://127.0.0.1:${port}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'break-glass-1' }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { user: { default_password: boolean } }).user.default_password).toBe(
      false,
    );
    server.kill('SIGINT');
    const result = await finished;
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(/still has the default password/);
  });

  it('set-password names an unknown user and refuses a short password', async () => {
    const unknown = await runRdconsole(['set-password', 'nobody', 'whatever'], setup.env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.trim()).toBe("rdconsole: User 'nobody' not found");
    const short = await runRdconsole(['set-password', 'admin', 'abc'], setup.env);
    expect(short.code).not.toBe(0);
    expect(short.stderr.trim()).toBe('rdconsole: password must be at least 8 characters');
    const usage = await runRdconsole(['set-password', 'admin'], setup.env);
    expect(usage.stderr.trim()).toBe('rdconsole: usage: rdconsole set-password <username> <password>');
  });

  it('reset-2fa turns a user’s 2FA off offline, with a console audit record', async () => {
    const handle = openDatabase(databaseTarget(setup.dataDir, setup.env.DATABASE_URL));
    try {
      await handle.db
        .updateTable('users')
        .set({ tfa_secret: 'v1:sealed', tfa_enrolled_at: Date.now(), tfa_backup_codes: '["hash"]' })
        .where('name', '=', 'admin')
        .execute();
      const reset = await runRdconsole(['reset-2fa', 'admin'], setup.env);
      expect(reset.stderr).toBe('');
      expect(reset.code).toBe(0);
      expect(reset.stdout).toContain('2FA of "admin" turned off');
      const admin = await handle.db
        .selectFrom('users')
        .select(['tfa_secret', 'tfa_enrolled_at', 'tfa_backup_codes'])
        .where('name', '=', 'admin')
        .executeTakeFirstOrThrow();
      expect(admin).toEqual({ tfa_secret: '', tfa_enrolled_at: null, tfa_backup_codes: '[]' });
      const audits = await handle.db.selectFrom('console_audits').select(['operator', 'detail']).execute();
      expect(audits).toContainEqual({ operator: 'rdconsole', detail: '2FA reset offline for users: admin' });
    } finally {
      await handle.close();
    }
    const unknown = await runRdconsole(['reset-2fa', 'nobody'], setup.env);
    expect(unknown.stderr.trim()).toBe("rdconsole: User 'nobody' not found");
    const usage = await runRdconsole(['reset-2fa'], setup.env);
    expect(usage.stderr.trim()).toBe('rdconsole: usage: rdconsole reset-2fa <username>');
  });
});

describe('rdconsole serve --access-log', () => {
  const setup = useConfiguration();

  it('logs each request in one JSON line without its query string, heartbeats not at info, and the stop', async () => {
    const port = await freePort();
    const server = spawnRdconsole(
      ['serve', '--port', String(port), '--host', '127.0.0.1', '--log-level', 'info', '--access-log'],
      setup.env,
    );
    const finished = collect(server);
    await waitForOutput(server, /Server listening at/);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/api/login-options?token=SECRET`)).status).toBe(200);
    const heartbeat = await fetch(`${base}/api/heartbeat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: '100000001', uuid: 'uuid' }),
    });
    expect(heartbeat.status).toBe(200);

    server.kill('SIGTERM');
    const result = await finished;
    expect(result.code).toBe(0);
    const lines = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; req?: { url: string } });
    expect(lines.filter((line) => line.msg === 'request').map((line) => line.req?.url)).toEqual([
      '/api/login-options',
    ]);
    expect(lines.at(-1)?.msg).toBe('stopped');
    expect(result.stdout).not.toContain('SECRET');
  });
});

describe('invalid configuration stops the start with one clear line', () => {
  it.each([
    [['serve', '--port', 'abc'], {}, 'rdconsole: --port must be an integer from 1 to 65535, got "abc"'],
    [['serve'], { RDCONSOLE_LOG_LEVEL: 'loud' }, 'rdconsole: --log-level must be one of'],
    [
      ['serve'],
      { DATABASE_URL: 'mysql://localhost/x' },
      'rdconsole: --database-url must start with postgres://',
    ],
    [['serve', '--colour'], {}, "rdconsole: Unknown option '--colour'"],
    [
      ['serve', '--slow-request-ms', 'soon'],
      {},
      'rdconsole: --slow-request-ms must be an integer from 0 to 3600000, got "soon"',
    ],
    [['serve'], { RDCONSOLE_ACCESS_LOG: 'yes' }, 'rdconsole: --access-log must be true or false, got "yes"'],
    [['serve', '--access-log=yes'], {}, "rdconsole: Option '--access-log' does not take an argument"],
    [['frobnicate'], {}, 'rdconsole: unknown command "frobnicate"'],
  ])('%j %j', async (args, env, message) => {
    const result = await runRdconsole(args, env as Record<string, string>);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(message);
  });

  it('an unreachable PostgreSQL is one line too', async () => {
    const port = await freePort();
    const result = await runRdconsole([
      'serve',
      '--database-url',
      `postgres://postgres@127.0.0.1:${port}/none`,
    ]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^rdconsole: cannot open the database \(PostgreSQL\): /);
  });

  it('--help documents every option', async () => {
    const result = await runRdconsole(['--help']);
    expect(result.code).toBe(0);
    for (const flag of [
      '--port',
      '--host',
      '--data-dir',
      '--database-url',
      '--log-level',
      '--access-log',
      '--slow-request-ms',
      'set-password',
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });
});
