import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import type { DatabaseHandle } from './connection.js';
import { migration as m0001 } from './migrations/0001-foundation.js';
import { migration as m0002 } from './migrations/0002-client-api.js';
import { migration as m0003 } from './migrations/0003-management.js';
import { migration as m0004 } from './migrations/0004-orphan-api-tokens.js';
import { migration as m0005 } from './migrations/0005-mail-outbox.js';
import { migration as m0006 } from './migrations/0006-totp.js';
import { migration as m0007 } from './migrations/0007-account-links.js';
import { migration as m0008 } from './migrations/0008-trusted-devices.js';
import { migration as m0009 } from './migrations/0009-custom-clients.js';
import { migration as m0010 } from './migrations/0010-sso-accounts.js';
import { migration as m0011 } from './migrations/0011-oidc-providers.js';
import { migration as m0012 } from './migrations/0012-email-self-set.js';
import type { Migration } from './migrations/helpers.js';

/** Append-only: never edit or reorder an entry that has shipped; add the next number. */
export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['0001-foundation', m0001],
  ['0002-client-api', m0002],
  ['0003-management', m0003],
  ['0004-orphan-api-tokens', m0004],
  ['0005-mail-outbox', m0005],
  ['0006-totp', m0006],
  ['0007-account-links', m0007],
  ['0008-trusted-devices', m0008],
  ['0009-custom-clients', m0009],
  ['0010-sso-accounts', m0010],
  ['0011-oidc-providers', m0011],
  ['0012-email-self-set', m0012],
];

function migratorOf(handle: DatabaseHandle): Migrator {
  return new Migrator({
    db: handle.db as unknown as Kysely<unknown>,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          MIGRATIONS.map(([name, m]) => [name, { up: (db: Kysely<unknown>) => m.up(db, handle.dialect) }]),
        ),
    },
  });
}

function checked(result: MigrationResultSet): MigrationResultSet {
  if (result.error) throw result.error;
  return result;
}

/** Brings the schema up to date. Runs at every start; a no-op when nothing is new. */
export async function migrateToLatest(handle: DatabaseHandle): Promise<MigrationResultSet> {
  return checked(await migratorOf(handle).migrateToLatest());
}

/**
 * Applies the migrations up to and including `name`, and no further: a database as an older release
 * left it, for the upgrade test (test/db/upgrade.test.ts).
 */
export async function migrateUpTo(handle: DatabaseHandle, name: string): Promise<MigrationResultSet> {
  return checked(await migratorOf(handle).migrateTo(name));
}
