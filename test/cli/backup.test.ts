import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect, freePort, runRdconsole, spawnRdconsole, waitForOutput } from '../helpers/cli.js';
import { TEST_DIALECT } from '../helpers/database.js';

/** The user names in an rdconsole SQLite file. */
function userNames(file: string): string[] {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    return (db.prepare('SELECT name FROM users ORDER BY name').all() as { name: string }[]).map(
      (u) => u.name,
    );
  } finally {
    db.close();
  }
}

describe.runIf(TEST_DIALECT === 'sqlite')('rdconsole backup and restore (SQLite)', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let database: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-backup-'));
    env = { RDCONSOLE_DATA_DIR: dataDir };
    database = path.join(dataDir, 'rdconsole.sqlite3');
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  /** Starts a server on the data folder, logged in as admin; `stop` ends it. */
  async function startServer() {
    const port = await freePort();
    const server = spawnRdconsole(['serve', '--port', String(port), '--host', '127.0.0.1'], env);
    const finished = collect(server);
    await waitForOutput(server, /listening on/);
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'test1234' }),
    });
    const { access_token } = (await login.json()) as { access_token: string };
    const createUser = async (name: string) => {
      const response = await fetch(`${base}/api/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, password: `${name}-password`, group_name: 'Default' }),
      });
      expect(response.status).toBe(200);
    };
    const stop = async () => {
      server.kill('SIGTERM');
      expect((await finished).code).toBe(0);
    };
    return { createUser, stop };
  }

  it('backs up while serving, refuses to restore while serving, then restores and keeps what it replaced', async () => {
    const server = await startServer();
    await server.createUser('alice');
    const backup = path.join(dataDir, 'backups', 'first.sqlite3');
    const made = await runRdconsole(['backup', backup], env);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('Keep secret.key');
    expect(fs.statSync(backup).mode & 0o777).toBe(0o600);
    expect(userNames(backup)).toEqual(['admin', 'alice']);
    // No overwriting an earlier backup by mistake.
    const again = await runRdconsole(['backup', backup], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists already');

    await server.createUser('bob');
    const refused = await runRdconsole(['restore', backup], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/a server \(process \d+\) is running on .*: stop it before restoring/);
    await server.stop();

    const restored = await runRdconsole(['restore', backup], env);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(userNames(database)).toEqual(['admin', 'alice']);
    const kept = fs.readdirSync(dataDir).filter((f) => f.startsWith('rdconsole.sqlite3.before-restore-'));
    expect(kept).toHaveLength(1);
    expect(userNames(path.join(dataDir, kept[0] ?? ''))).toEqual(['admin', 'alice', 'bob']);

    // The restored database serves.
    const after = await startServer();
    await after.createUser('carol');
    await after.stop();
    expect(userNames(database)).toEqual(['admin', 'alice', 'carol']);
  });

  it('refuses a file that is not an rdconsole backup, or one from a newer release, and changes nothing', async () => {
    const server = await startServer();
    await server.stop();
    const before = userNames(database);
    const junk = path.join(dataDir, 'junk.sqlite3');
    fs.writeFileSync(junk, 'not a database at all, just text that is long enough to look like a file');
    const notSqlite = await runRdconsole(['restore', junk], env);
    expect(notSqlite.code).toBe(1);
    expect(notSqlite.stderr).toContain('is not an rdconsole SQLite backup');

    const newer = path.join(dataDir, 'newer.sqlite3');
    expect((await runRdconsole(['backup', newer], env)).code).toBe(0);
    const db = new SqliteDatabase(newer);
    db.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-from-the-future', 'x')").run();
    db.close();
    const fromFuture = await runRdconsole(['restore', newer], env);
    expect(fromFuture.code).toBe(1);
    expect(fromFuture.stderr).toContain('was made by a newer rdconsole (migrations 9999-from-the-future)');
    expect(userNames(database)).toEqual(before);
    expect(fs.readdirSync(dataDir).some((f) => f.includes('before-restore'))).toBe(false);

    const usage = await runRdconsole(['backup'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: rdconsole backup <file>');
  });
});

describe.runIf(TEST_DIALECT === 'postgres')('rdconsole backup and restore (PostgreSQL)', () => {
  it('points to pg_dump and pg_restore', async () => {
    const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/none' };
    for (const command of ['backup', 'restore']) {
      const result = await runRdconsole([command, '/tmp/rdconsole.dump'], env);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('back it up with pg_dump -Fc and restore with pg_restore');
    }
  });
});
