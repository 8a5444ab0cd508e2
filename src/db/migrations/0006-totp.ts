import type { Migration } from './helpers.js';

/**
 * TOTP two-factor login (issue 11). `users.tfa_secret` (0003) now holds the active secret sealed with the
 * server's secret key; these columns hold what enrolment, replay protection and backup codes need.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema
      .alterTable('users')
      .addColumn('tfa_pending_secret', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema.alterTable('users').addColumn('tfa_enrolled_at', 'bigint').execute();
    await db.schema
      .alterTable('users')
      .addColumn('tfa_last_step', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('users')
      .addColumn('tfa_backup_codes', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
  },
};
