import type { Insertable } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connection.js';
import { MIGRATIONS, migrateToLatest, migrateUpTo } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';
import { openEmptyTestDatabase, TEST_DIALECT } from '../helpers/database.js';

/*
 * Upgrades: a database made by the migrations of an older release, with a row in every table, is
 * migrated to the latest schema and must still hold every row with every value. Every prefix of the
 * migration list stands for an older release. A table or a column without a fixture value fails the
 * test, so a table added later cannot be forgotten here.
 */

const T0 = 1_700_000_000_000;
const KEY = 'OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=';

type Fixtures = { [T in keyof Database]: Required<Insertable<Database[T]>> };

/** One row per table, every column given a value other than its default, in foreign-key order. */
const FIXTURES: Fixtures = {
  user_groups: {
    id: 7,
    guid: 'ug-guid',
    name: 'Engineering',
    note: 'ug note',
    created_at: T0,
    updated_at: T0 + 1,
  },
  strategies: {
    id: 5,
    guid: 'st-guid',
    name: 'Locked down',
    enabled: 0,
    options: '{"enable-file-transfer":"N"}',
    note: 'st note',
    created_at: T0 + 2,
    updated_at: T0 + 3,
  },
  device_groups: {
    id: 6,
    guid: 'dg-guid',
    name: 'Kiosks',
    note: 'dg note',
    strategy_id: 5,
    created_at: T0 + 4,
    updated_at: T0 + 5,
  },
  users: {
    id: 11,
    guid: 'user-guid',
    name: 'alice',
    display_name: 'Alice A.',
    email: 'alice@example.com',
    email_self_set: 1,
    note: 'user note',
    password_hash: '$argon2id$fixture',
    password_is_default: 1,
    is_admin: 1,
    status: -1,
    group_id: 7,
    strategy_id: 5,
    tfa_enforced: 1,
    email_verification: 1,
    tfa_secret: 'sealed-secret',
    tfa_pending_secret: 'sealed-pending',
    tfa_enrolled_at: T0 + 6,
    tfa_last_step: 56_666_666,
    tfa_backup_codes: '["hash-1","hash-2"]',
    email_alarm_notification: 1,
    alarm_notified_id: 42,
    alarm_mailed_at: T0 + 7,
    auth_source: 'ldap',
    auth_subject: 'uid=alice,ou=people,dc=example,dc=com',
    created_at: T0 + 8,
    updated_at: T0 + 9,
  },
  devices: {
    id: 21,
    guid: 'device-guid',
    peer_id: '123456789',
    uuid: 'dXVpZA==',
    status: 0,
    user_id: 11,
    device_group_id: 6,
    note: 'device note',
    hostname: 'pc-1',
    username: 'bob',
    os: 'windows / Windows 11 Pro',
    cpu: 'Intel i7',
    memory: '16GB',
    version: '1.4.9',
    device_name: 'Front desk',
    device_username: 'Reception',
    ip: '203.0.113.7',
    pk: KEY,
    strategy_id: 5,
    strategy_push: '{"stamp":3,"keys":["enable-file-transfer"],"previous":{}}',
    deployed_at: T0 + 10,
    created_at: T0 + 11,
    updated_at: T0 + 12,
    last_online: T0 + 13,
  },
  login_sessions: {
    id: 31,
    user_id: 11,
    token_hash: 'session-hash',
    created_at: T0 + 14,
    last_used_at: T0 + 15,
    client_id: '123456789',
    client_uuid: 'dXVpZA==',
    device_os: 'Windows',
    device_type: 'client',
    device_name: 'pc-1',
    ip: '203.0.113.8',
  },
  api_tokens: {
    id: 41,
    guid: 'token-guid',
    name: 'deploy script',
    token_hash: 'token-hash',
    permissions: '{"device":"rw"}',
    created_by: 11,
    created_at: T0 + 16,
    expires_at: T0 + 17,
    last_used_at: T0 + 18,
  },
  settings: { key: 'relay_servers', value: '["relay.example.com:21117"]', updated_at: T0 + 19 },
  group_access: {
    id: 51,
    from_user_group_id: 7,
    from_user_id: 11,
    to_user_group_id: 7,
    to_device_group_id: 6,
    created_at: T0 + 20,
  },
  address_books: {
    id: 61,
    guid: 'ab-guid',
    name: 'Support',
    note: 'ab note',
    owner_id: 11,
    personal: 0,
    password: 'shared-password',
    created_at: T0 + 21,
    updated_at: T0 + 22,
  },
  ab_rules: {
    id: 71,
    guid: 'rule-guid',
    ab_id: 61,
    user_id: 11,
    user_group_id: 7,
    rule: 3,
    created_at: T0 + 23,
  },
  ab_tags: { id: 81, ab_id: 61, name: 'servers', color: 4_278_255_360, created_at: T0 + 24 },
  ab_peers: {
    id: 91,
    ab_id: 61,
    peer_id: '987654321',
    alias: 'Mail server',
    tags: '["servers"]',
    note: 'peer note',
    password: 'peer-password',
    hash: 'peer-hash',
    username: 'root',
    hostname: 'mail',
    platform: 'Linux',
    force_always_relay: 'true',
    rdp_port: '3389',
    rdp_username: 'administrator',
    login_name: 'admin',
    created_at: T0 + 25,
    updated_at: T0 + 26,
    deleted_at: T0 + 27,
  },
  conn_audits: {
    id: 101,
    guid: 'conn-guid',
    device_peer_id: '123456789',
    conn_id: 9_007_199_254,
    session_id: '18446744073709551615',
    ip: '198.51.100.1',
    conn_audit_ref: 'conn-ref',
    remote_id: '555555555',
    remote_name: 'carol',
    conn_type: 1,
    primary_auth: 2,
    two_factor: 1,
    note: 'conn note',
    created_at: T0 + 28,
    authorized_at: T0 + 29,
    end_time: T0 + 30,
  },
  file_audits: {
    id: 111,
    guid: 'file-guid',
    device_peer_id: '123456789',
    remote_id: '555555555',
    remote_name: 'carol',
    conn_id: 12,
    type: 1,
    path: 'C:\\Users\\bob\\report.pdf',
    is_file: 1,
    ip: '198.51.100.2',
    num: 3,
    info: '{"files":[["report.pdf",1024]]}',
    created_at: T0 + 31,
  },
  alarm_audits: {
    id: 121,
    guid: 'alarm-guid',
    device_peer_id: '123456789',
    typ: 2,
    conn_id: 13,
    conn_audit_ref: 'alarm-ref',
    ip: '198.51.100.3',
    info: '{"ip":"198.51.100.3","name":"x"}',
    created_at: T0 + 32,
  },
  audit_nonces: { nonce: 'nonce-1', created_at: T0 + 33 },
  console_audits: {
    id: 131,
    guid: 'console-guid',
    operator_id: 11,
    operator: 'alice',
    typ: 2,
    iop: 14,
    detail: 'devices: 123456789',
    ip: '203.0.113.9',
    created_at: T0 + 34,
  },
  mail_outbox: {
    id: 141,
    recipient: 'alice@example.com',
    subject: 'Invitation',
    body_text: 'text body',
    body_html: '<p>html body</p>',
    status: 'failed',
    attempts: 5,
    next_attempt_at: T0 + 35,
    last_error: '550 no such user',
    created_at: T0 + 36,
    sent_at: T0 + 37,
  },
  account_tokens: {
    id: 151,
    user_id: 11,
    purpose: 'invite',
    token_hash: 'invite-hash',
    expires_at: T0 + 38,
    used_at: T0 + 39,
    created_at: T0 + 40,
  },
  trusted_devices: {
    id: 161,
    guid: 'trusted-guid',
    user_id: 11,
    key_hash: 'trusted-hash',
    kind: 'client',
    client_id: '123456789',
    name: 'pc-1',
    os: 'Windows',
    ip: '203.0.113.10',
    created_at: T0 + 41,
    expires_at: T0 + 42,
    last_used_at: T0 + 43,
  },
  custom_clients: {
    id: 171,
    guid: 'custom-client-guid',
    name: 'Branch offices',
    note: 'cc note',
    host: 'rustdesk.example.com',
    server_key: KEY,
    api: 'https://rustdesk.example.com',
    relay: 'relay.example.com',
    password_sealed: 'sealed-password',
    default_options: '{"enable-file-transfer":"N"}',
    override_options: '{"allow-remote-config-modification":"N"}',
    assignments: '{"user_name":"alice"}',
    platforms: '["windows","linux"]',
    api_token_id: 41,
    token_sealed: 'sealed-token',
    created_at: T0 + 44,
    updated_at: T0 + 45,
  },
  oidc_providers: {
    id: 181,
    name: 'Keycloak',
    kind: 'keycloak',
    issuer: 'https://sso.example.com/realms/staff',
    client_id: 'rdconsole',
    client_secret: 'sealed-client-secret',
    scopes: 'openid profile email groups',
    enabled: 0,
    auto_create: 0,
    max_users: 25,
    groups_claim: 'realm_access.roles',
    group_mapping: 'table',
    group_table: '[{"value":"eng","group":"Engineering"}]',
    created_at: T0 + 46,
    updated_at: T0 + 47,
  },
};

type Table = keyof Database;
const TABLES = Object.keys(FIXTURES) as Table[];
/** The tables of the database and their columns, as the database itself reports them. */
async function schemaOf(handle: DatabaseHandle): Promise<Map<string, string[]>> {
  const tables = await handle.db.introspection.getTables();
  return new Map(tables.map((table) => [table.name, table.columns.map((column) => column.name)]));
}

function only(row: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((column) => [column, row[column]]));
}

async function readRows(handle: DatabaseHandle, table: Table) {
  // A dynamic table name: the query is the same for each, typed loosely on purpose.
  return (await handle.db.selectFrom(table).selectAll().execute()) as unknown as Array<
    Record<string, unknown>
  >;
}

describe(`upgrading a database made by an older release (${TEST_DIALECT})`, () => {
  it('every table of the latest schema has a fixture row naming every column', async () => {
    const handle = await openEmptyTestDatabase();
    try {
      await migrateToLatest(handle);
      const schema = await schemaOf(handle);
      expect([...schema.keys()].sort(), 'tables without a fixture row in FIXTURES').toEqual(
        [...TABLES].sort(),
      );
      for (const [table, columns] of schema) {
        expect(Object.keys(FIXTURES[table as Table]).sort(), `the columns of ${table}`).toEqual(
          [...columns].sort(),
        );
      }
    } finally {
      await handle.close();
    }
  });

  // The last prefix is the latest schema: its rows must survive a run that has nothing to do.
  it.each(MIGRATIONS.map(([name]) => name))(
    'a database left by the migrations up to %s keeps every row and value through the upgrade',
    async (name) => {
      const handle = await openEmptyTestDatabase();
      try {
        await migrateUpTo(handle, name);
        const before = await schemaOf(handle);
        const present = TABLES.filter((table) => before.has(table));
        for (const table of before.keys()) expect(TABLES, `a fixture row for ${table}`).toContain(table);

        for (const table of present) {
          const columns = before.get(table) ?? [];
          for (const column of columns) expect(FIXTURES[table], `${table}.${column}`).toHaveProperty(column);
          // Only the columns this older schema has: a partial row no single table type describes.
          await handle.db
            .insertInto(table)
            .values(only(FIXTURES[table], columns) as never)
            .execute();
        }

        await migrateToLatest(handle);

        for (const table of present) {
          const rows = await readRows(handle, table);
          expect(rows, table).toHaveLength(1);
          const columns = before.get(table) ?? [];
          expect(only(rows[0] ?? {}, columns), table).toEqual(only(FIXTURES[table], columns));
        }
      } finally {
        await handle.close();
      }
    },
  );
});
