import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { restrictDatabaseAccess } from './file-modes.js';
import type { Database, Db } from './schema.js';
import { YieldAfterQuery } from './yield-after-query.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  /** Where the data lives, for the start-up message (no password). */
  description: string;
  close(): Promise<void>;
}

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export function databaseTarget(dataDir: string, databaseUrl: string | undefined): DatabaseTarget {
  return databaseUrl
    ? { kind: 'postgres', url: databaseUrl }
    : { kind: 'sqlite', file: path.join(dataDir, 'rdconsole.sqlite3') };
}

const INT8_OID = 20;

/** Opens the database; `report` hears of the SQLite files whose access it restricted (see file-modes.ts). */
export function openDatabase(
  target: DatabaseTarget,
  report: (message: string) => void = () => {},
): DatabaseHandle {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') restrictDatabaseAccess(target.file, report);
    const sqlite = new SqliteDatabase(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqlite }),
      plugins: [new YieldAfterQuery()],
    });
    return { db, dialect: 'sqlite', description: `SQLite ${target.file}`, close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    // Times and counts are bigint; they fit in a double, so read them as numbers.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection that PostgreSQL closes (restart, administrator) is dropped from the pool; without
  // a listener its error event would end the process. The next query opens a new connection.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    description: `PostgreSQL ${redactUrl(target.url)}`,
    close: () => db.destroy(),
  };
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
