import { sql } from 'kysely';
import type { Migration } from './helpers.js';
import { withId } from './helpers.js';

/**
 * What the RustDesk client API needs: strategies and their assignments, settings, cross-group access
 * rules, address books, audit records, and the device fields for provisioning and strategy push.
 */
export const migration: Migration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('strategies'), dialect)
      .addColumn('guid', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .alterTable('users')
      .addColumn('strategy_id', 'integer', (c) => c.references('strategies.id').onDelete('set null'))
      .execute();
    await db.schema
      .alterTable('device_groups')
      .addColumn('strategy_id', 'integer', (c) => c.references('strategies.id').onDelete('set null'))
      .execute();
    // device_name/device_username: set by the console or --assign, shown instead of the reported ones.
    // strategy_push: JSON of what the last strategy push told the device (stamp, keys), so that a new
    // strategy can revert the keys it no longer sets.
    for (const [column, initial] of [
      ['device_name', ''],
      ['device_username', ''],
      ['ip', ''],
      ['pk', ''],
      ['strategy_push', '{}'],
    ] as const) {
      await db.schema
        .alterTable('devices')
        .addColumn(column, 'text', (c) => c.notNull().defaultTo(initial))
        .execute();
    }
    await db.schema
      .alterTable('devices')
      .addColumn('strategy_id', 'integer', (c) => c.references('strategies.id').onDelete('set null'))
      .execute();
    await db.schema.alterTable('devices').addColumn('deployed_at', 'bigint').execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    // One row per "who may reach what" edge; the API shows each edge from both ends.
    await withId(db.schema.createTable('group_access'), dialect)
      .addColumn('from_user_group_id', 'integer', (c) => c.references('user_groups.id').onDelete('cascade'))
      .addColumn('from_user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('to_user_group_id', 'integer', (c) => c.references('user_groups.id').onDelete('cascade'))
      .addColumn('to_device_group_id', 'integer', (c) => c.references('device_groups.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('address_books'), dialect)
      .addColumn('guid', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('owner_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('personal', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('password', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('address_books_owner_id').on('address_books').column('owner_id').execute();
    await db.schema.createIndex('address_books_name').on('address_books').column('name').execute();
    // One personal book per user, even when two first requests race to create it.
    await db.schema
      .createIndex('address_books_one_personal')
      .on('address_books')
      .column('owner_id')
      .unique()
      .where(sql.ref('personal'), '=', 1)
      .execute();

    await withId(db.schema.createTable('ab_rules'), dialect)
      .addColumn('guid', 'text', (c) => c.notNull().unique())
      .addColumn('ab_id', 'integer', (c) => c.notNull().references('address_books.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('user_group_id', 'integer', (c) => c.references('user_groups.id').onDelete('cascade'))
      .addColumn('rule', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('ab_rules_ab_id').on('ab_rules').column('ab_id').execute();

    await withId(db.schema.createTable('ab_tags'), dialect)
      .addColumn('ab_id', 'integer', (c) => c.notNull().references('address_books.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('color', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('ab_tags_ab_id_name', ['ab_id', 'name'])
      .execute();

    await withId(db.schema.createTable('ab_peers'), dialect)
      .addColumn('ab_id', 'integer', (c) => c.notNull().references('address_books.id').onDelete('cascade'))
      .addColumn('peer_id', 'text', (c) => c.notNull())
      .addColumn('alias', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('password', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('hash', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('username', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('hostname', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('platform', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('force_always_relay', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('rdp_port', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('rdp_username', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('login_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('ab_peers_ab_id_peer_id', ['ab_id', 'peer_id'])
      .execute();

    await withId(db.schema.createTable('conn_audits'), dialect)
      .addColumn('guid', 'text', (c) => c.notNull().unique())
      .addColumn('device_peer_id', 'text', (c) => c.notNull())
      .addColumn('conn_id', 'bigint', (c) => c.notNull())
      .addColumn('session_id', 'text', (c) => c.notNull().defaultTo('0'))
      .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('conn_audit_ref', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('remote_id', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('remote_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('conn_type', 'integer')
      .addColumn('primary_auth', 'integer')
      .addColumn('two_factor', 'integer')
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('authorized_at', 'bigint')
      .addColumn('end_time', 'bigint')
      .execute();
    await db.schema
      .createIndex('conn_audits_device_conn')
      .on('conn_audits')
      .columns(['device_peer_id', 'conn_id'])
      .execute();
    await db.schema
      .createIndex('conn_audits_device_session')
      .on('conn_audits')
      .columns(['device_peer_id', 'session_id'])
      .execute();
    await db.schema.createIndex('conn_audits_created_at').on('conn_audits').column('created_at').execute();

    await withId(db.schema.createTable('file_audits'), dialect)
      .addColumn('guid', 'text', (c) => c.notNull().unique())
      .addColumn('device_peer_id', 'text', (c) => c.notNull())
      .addColumn('remote_id', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('remote_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('conn_id', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('type', 'integer', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('is_file', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('num', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('info', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('file_audits_created_at').on('file_audits').column('created_at').execute();

    await withId(db.schema.createTable('alarm_audits'), dialect)
      .addColumn('guid', 'text', (c) => c.notNull().unique())
      .addColumn('device_peer_id', 'text', (c) => c.notNull())
      .addColumn('typ', 'integer', (c) => c.notNull())
      .addColumn('conn_id', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('conn_audit_ref', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('info', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('alarm_audits_created_at').on('alarm_audits').column('created_at').execute();

    // Each audit record's nonce, so that a retried post stores nothing twice.
    await db.schema
      .createTable('audit_nonces')
      .addColumn('nonce', 'text', (c) => c.primaryKey())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
