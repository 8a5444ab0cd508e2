import { sql } from 'kysely';
import type { Migration } from './helpers.js';

/**
 * Single sign-on (issue 15): where an account's identity comes from ('' a local account, 'ldap', or
 * 'oidc/<provider>') and the directory's or provider's stable id of it (an LDAP DN, an OIDC `sub`).
 * One account per external identity; local accounts all have an empty subject, so the index is partial
 * (both SQLite and PostgreSQL have partial unique indexes).
 */
export const migration: Migration = {
  async up(db) {
    await db.schema
      .alterTable('users')
      .addColumn('auth_source', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .alterTable('users')
      .addColumn('auth_subject', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .createIndex('users_auth_identity')
      .on('users')
      .columns(['auth_source', 'auth_subject'])
      .unique()
      .where(sql.ref('auth_subject'), '<>', '')
      .execute();
  },
};
