import type { Migration } from './helpers.js';
import { withId } from './helpers.js';

/**
 * Custom clients (issue 14): deployment packages for stock RustDesk clients (src/domain/custom-clients).
 * The preset password and the assignment token's secret go into the generated scripts, so they are kept
 * sealed with the server's secret key rather than hashed.
 */
export const migration: Migration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('custom_clients'), dialect)
      .addColumn('guid', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('server_key', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('api', 'text', (c) => c.notNull())
      .addColumn('relay', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('password_sealed', 'text')
      .addColumn('default_options', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('override_options', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('assignments', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('platforms', 'text', (c) => c.notNull())
      .addColumn('api_token_id', 'integer', (c) => c.references('api_tokens.id').onDelete('set null'))
      .addColumn('token_sealed', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
