import type { Migration } from './helpers.js';
import { withId } from './helpers.js';

/**
 * Trusted devices (issue 11): a browser or RustDesk client that passed the second step of a login and
 * may skip it for a while (src/domain/trusted-devices). Only a hash of what identifies it is kept.
 */
export const migration: Migration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('trusted_devices'), dialect)
      .addColumn('guid', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('key_hash', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('os', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('trusted_devices_user_key')
      .on('trusted_devices')
      .columns(['user_id', 'key_hash'])
      .unique()
      .execute();
  },
};
