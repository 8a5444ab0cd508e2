import type { Migration } from './helpers.js';

/**
 * Issue 15 hardening: whether the account's own user typed its e-mail address (1) rather than an
 * administrator, an API token or a single sign-on source (0). A typed address proves nothing, so it
 * never links the account to an SSO identity (src/domain/sso/accounts.ts). Existing addresses count as
 * set by an administrator: which ones members typed is not known.
 */
export const migration: Migration = {
  async up(db) {
    await db.schema
      .alterTable('users')
      .addColumn('email_self_set', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
