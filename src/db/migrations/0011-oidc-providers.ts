import type { Migration } from './helpers.js';
import { withId } from './helpers.js';

/**
 * OIDC providers (issue 15, Settings → OIDC). The client secret is sealed with the server's secret key
 * like TOTP secrets; the name is what users' auth_source ('oidc/<name>') and clients' `op` refer to, so it
 * cannot change once created. Logins in progress are kept in memory (src/domain/oidc/pending.ts).
 */
export const migration: Migration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('oidc_providers'), dialect)
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('issuer', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('client_secret', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('auto_create', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('max_users', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('groups_claim', 'text', (c) => c.notNull().defaultTo('groups'))
      .addColumn('group_mapping', 'text', (c) => c.notNull().defaultTo('off'))
      .addColumn('group_table', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
