import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/connection.js';
import { MIGRATIONS, migrateToLatest } from '../../src/db/migrate.js';
import { createServices } from '../../src/domain/services.js';
import { verifyPassword } from '../../src/lib/passwords.js';
import { ephemeralSecretKey } from '../../src/lib/secret-box.js';
import { openEmptyTestDatabase, TEST_DIALECT } from '../helpers/database.js';

const TABLES = ['user_groups', 'device_groups', 'users', 'devices', 'login_sessions', 'api_tokens'] as const;

describe(`migrations and bootstrap (${TEST_DIALECT})`, () => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('applies every migration once, in order, and a second run changes nothing', async () => {
    handle = await openEmptyTestDatabase();
    const first = await migrateToLatest(handle);
    expect(first.results?.map((r) => [r.migrationName, r.status])).toEqual(
      MIGRATIONS.map(([name]) => [name, 'Success']),
    );
    const second = await migrateToLatest(handle);
    expect(second.results).toEqual([]);
    for (const table of TABLES) {
      await expect(handle.db.selectFrom(table).selectAll().execute()).resolves.toEqual([]);
    }
  });

  it('bootstrap creates the Default group and admin/test1234 once', async () => {
    handle = await openEmptyTestDatabase();
    await migrateToLatest(handle);
    const services = createServices(handle.db, {
      clock: Date.now,
      sessionTtlDays: 30,
      secretKey: ephemeralSecretKey(),
    });
    expect(await services.users.bootstrap()).toEqual({ createdAdmin: true });
    expect(await services.users.bootstrap()).toEqual({ createdAdmin: false });

    const groups = await handle.db.selectFrom('user_groups').selectAll().execute();
    expect(groups.map((g) => g.name)).toEqual(['Default']);
    const users = await handle.db.selectFrom('users').selectAll().execute();
    expect(users).toHaveLength(1);
    const admin = users[0];
    expect(admin).toMatchObject({
      name: 'admin',
      is_admin: 1,
      status: 1,
      password_is_default: 1,
      group_id: groups[0]?.id,
    });
    expect(admin?.guid).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof admin?.created_at).toBe('number');
    expect(await verifyPassword('test1234', admin?.password_hash ?? '')).toBe(true);
    expect(await services.users.usersWithDefaultPassword()).toEqual(['admin']);
  });

  it('set-password changes the hash, clears the default-password flag and ends sessions', async () => {
    handle = await openEmptyTestDatabase();
    await migrateToLatest(handle);
    const services = createServices(handle.db, {
      clock: Date.now,
      sessionTtlDays: 30,
      secretKey: ephemeralSecretKey(),
    });
    await services.users.bootstrap();
    const client = { id: '', uuid: '', os: '', type: '', name: '' };
    const login = await services.sessions.login({
      username: 'admin',
      password: 'test1234',
      address: '127.0.0.1',
      client,
    });
    if (login.kind !== 'session') throw new Error('no second factor was set up');
    const { accessToken } = login;
    await services.users.setPassword('admin', 'a-better-one');
    await expect(services.sessions.authenticate(accessToken)).rejects.toMatchObject({ status: 401 });
    expect(await services.users.usersWithDefaultPassword()).toEqual([]);
    await expect(
      services.sessions.login({ username: 'admin', password: 'a-better-one', address: '127.0.0.1', client }),
    ).resolves.toHaveProperty('kind', 'session');
    await expect(services.users.setPassword('nobody', 'whatever')).rejects.toMatchObject({ status: 404 });
    await expect(services.users.setPassword('admin', 'abc')).rejects.toMatchObject({ status: 400 });
  });

  it('0004 removes the API tokens whose creator is gone (they acted for nobody)', async () => {
    handle = await openEmptyTestDatabase();
    await migrateToLatest(handle);
    const services = createServices(handle.db, {
      clock: Date.now,
      sessionTtlDays: 30,
      secretKey: ephemeralSecretKey(),
    });
    await services.users.bootstrap();
    const admin = await handle.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const token = (name: string, createdBy: number | null) => ({
      guid: `guid-${name}`,
      name,
      token_hash: `hash-${name}`,
      permissions: '{}',
      created_by: createdBy,
      created_at: Date.now(),
    });
    await handle.db
      .insertInto('api_tokens')
      .values([token('kept', admin.id), token('orphan', null)])
      .execute();
    const step = MIGRATIONS.find(([name]) => name.startsWith('0004-'))?.[1];
    await step?.up(handle.db as unknown as Kysely<unknown>, handle.dialect);
    const left = await handle.db.selectFrom('api_tokens').select('name').execute();
    expect(left).toEqual([{ name: 'kept' }]);
  });

  it('foreign keys are enforced', async () => {
    handle = await openEmptyTestDatabase();
    await migrateToLatest(handle);
    const now = Date.now();
    await expect(
      handle.db
        .insertInto('users')
        .values({
          guid: 'g',
          name: 'orphan',
          display_name: '',
          email: '',
          note: '',
          password_hash: 'x',
          status: 1,
          group_id: 999,
          created_at: now,
          updated_at: now,
        })
        .execute(),
    ).rejects.toThrow();
  });

  // SQLite only: PostgreSQL has its own journal and always enforces foreign keys.
  if (TEST_DIALECT === 'sqlite')
    it('the SQLite file runs in WAL mode with foreign keys on', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-wal-'));
      const file = path.join(dir, 'nested', 'rdconsole.sqlite3');
      handle = openDatabase({ kind: 'sqlite', file });
      await migrateToLatest(handle);
      const mode = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(handle.db);
      const fk = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(handle.db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
      expect(fk.rows[0]?.foreign_keys).toBe(1);
      expect(fs.existsSync(file)).toBe(true);
      await handle.close();
      handle = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    });
});
