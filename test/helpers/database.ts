import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export const TEST_DIALECT = process.env.RDCONSOLE_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client(inject('pgAdminUrl'));
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A URL of the database under test: a fresh PostgreSQL database, or undefined for SQLite. */
export async function createTestDatabaseUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `rdconsole_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A fresh, empty database of the dialect under test (unmigrated). Closing it also drops it. */
export async function openEmptyTestDatabase(): Promise<DatabaseHandle> {
  if (TEST_DIALECT === 'sqlite') return openDatabase({ kind: 'sqlite', file: ':memory:' });
  const { url, drop } = await createTestDatabaseUrl();
  const handle = openDatabase({ kind: 'postgres', url });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await drop();
    },
  };
}

/** A fresh database of the dialect under test with every migration applied. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const handle = await openEmptyTestDatabase();
  await migrateToLatest(handle);
  return handle;
}
