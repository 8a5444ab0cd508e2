import type { Migration } from './helpers.js';
import { withId } from './helpers.js';

/** Users, user groups, device groups, devices, login sessions and API tokens. */
export const migration: Migration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('user_groups'), dialect)
      .addColumn('guid', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('device_groups'), dialect)
      .addColumn('guid', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('users'), dialect)
      .addColumn('guid', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('password_is_default', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('status', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('group_id', 'integer', (c) => c.notNull().references('user_groups.id').onDelete('restrict'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('users_group_id').on('users').column('group_id').execute();

    await withId(db.schema.createTable('devices'), dialect)
      .addColumn('guid', 'text', (c) => c.notNull().unique())
      .addColumn('peer_id', 'text', (c) => c.notNull().unique())
      .addColumn('uuid', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('device_group_id', 'integer', (c) => c.references('device_groups.id').onDelete('set null'))
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('hostname', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('username', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('os', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('cpu', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('memory', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('version', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('last_online', 'bigint')
      .execute();
    await db.schema.createIndex('devices_user_id').on('devices').column('user_id').execute();
    await db.schema.createIndex('devices_device_group_id').on('devices').column('device_group_id').execute();

    await withId(db.schema.createTable('login_sessions'), dialect)
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('client_uuid', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('device_os', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('device_type', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('device_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema.createIndex('login_sessions_user_id').on('login_sessions').column('user_id').execute();

    await withId(db.schema.createTable('api_tokens'), dialect)
      .addColumn('guid', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('permissions', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('last_used_at', 'bigint')
      .execute();
  },
};
