import { sql } from 'kysely';
import type { Migration } from './helpers.js';
import { withId } from './helpers.js';

/** The management API: the console audit log, the address-book recycle bin, users' login-verification flags. */
export const migration: Migration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('console_audits'), dialect)
      .addColumn('guid', 'text', (c) => c.notNull().unique())
      .addColumn('operator_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('operator', 'text', (c) => c.notNull())
      .addColumn('typ', 'integer', (c) => c.notNull())
      .addColumn('iop', 'integer', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('console_audits_created_at')
      .on('console_audits')
      .column('created_at')
      .execute();

    // Shared-book names and rule targets are unique even when two requests race (the services check
    // first and answer 409; these make the race end in a 409 too).
    await db.schema
      .createIndex('address_books_shared_name')
      .on('address_books')
      .column('name')
      .unique()
      .where(sql.ref('personal'), '=', 0)
      .execute();
    await db.schema
      .createIndex('ab_rules_target')
      .on('ab_rules')
      .unique()
      .expression(sql`ab_id, coalesce(user_id, 0), coalesce(user_group_id, 0)`)
      .execute();

    // A peer deleted in the console waits here until it is restored or deleted for good.
    await db.schema.alterTable('ab_peers').addColumn('deleted_at', 'bigint').execute();

    // 2FA enforced by an administrator, and e-mail login verification (both honoured once those land).
    await db.schema
      .alterTable('users')
      .addColumn('tfa_enforced', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('users')
      .addColumn('email_verification', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('users')
      .addColumn('tfa_secret', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  },
};
