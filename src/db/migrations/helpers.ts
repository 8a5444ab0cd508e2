import type { CreateTableBuilder, Kysely } from 'kysely';
import type { DialectName } from '../connection.js';

/** A numbered schema change, written once for both databases. */
export interface Migration {
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

/** An auto-numbered integer primary key: the one column whose DDL differs between the dialects. */
export function withId<T extends string>(
  table: CreateTableBuilder<T, never>,
  dialect: DialectName,
): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
