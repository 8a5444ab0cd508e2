import type { Migration } from './helpers.js';
import { withId } from './helpers.js';

/**
 * One-time links mailed to users (invitations, password resets; src/domain/account-links), and the
 * per-user alarm e-mail switch with what was last mailed (src/domain/audits/alarm-mail.ts).
 */
export const migration: Migration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('account_tokens'), dialect)
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('account_tokens_user_id').on('account_tokens').column('user_id').execute();
    await db.schema
      .alterTable('users')
      .addColumn('email_alarm_notification', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('users')
      .addColumn('alarm_notified_id', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('users').addColumn('alarm_mailed_at', 'bigint').execute();
  },
};
