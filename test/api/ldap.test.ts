import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientLoginBody } from '../helpers/client.js';
import { createUser, createUserGroup } from '../helpers/factories.js';
import {
  ADMIN_DN,
  ADMIN_PASSWORD,
  addGroup,
  addPerson,
  GROUPS,
  PEOPLE,
  type Slapd,
  SUFFIX,
  startSlapd,
} from '../helpers/slapd.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const PEOPLE_LOADED = [
  { uid: 'alice', password: 'alice-directory', mail: 'alice@example.com', displayName: 'Alice Liddell' },
  { uid: 'bob', password: 'bob-directory' },
  { uid: 'carol', password: 'carol-directory' },
  { uid: 'dave', password: 'dave-directory' },
  { uid: 'erin', password: 'erin-directory' },
  { uid: 'admin', password: 'admin-directory' },
];

describe('LDAP against a real slapd', () => {
  let slapd: Slapd;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    slapd = await startSlapd(PEOPLE_LOADED);
    await addGroup(slapd, 'Support', ['alice', 'bob']);
    await addGroup(slapd, 'Wizards', ['alice']);
  });
  afterAll(() => slapd.stop());
  beforeEach(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
  });
  afterEach(() => t.close());

  const valid = () => ({
    enabled: true,
    host: slapd.url,
    base_dn: PEOPLE,
    scope: 'one',
    bind_dn: ADMIN_DN,
    bind_password: ADMIN_PASSWORD,
    filter: '(objectClass=inetOrgPerson)',
  });
  const save = (body: Record<string, unknown>) => t.call('PUT', '/api/settings/ldap', { token: admin, body });
  const login = (username: string, password: string) =>
    t.call('POST', '/api/login', { body: { username, password } });
  const codeOf = async (promise: Promise<{ statusCode: number; json(): { code?: string } }>) => {
    const response = await promise;
    return `${response.statusCode} ${response.json().code ?? ''}`.trim();
  };

  it('Submit tests the bind and a search, says what failed, and never shows the bind password', async () => {
    const initial = await t.call('GET', '/api/settings/ldap', { token: admin });
    expect(initial.json()).toMatchObject({
      enabled: false,
      scope: 'sub',
      auto_create: true,
      bind_password_set: false,
    });

    expect(await codeOf(save({ enabled: true }))).toBe('400 ldap_required');
    expect(await codeOf(save({ ...valid(), filter: 'objectClass=person' }))).toBe('400 ldap_filter_invalid');
    expect(await codeOf(save({ ...valid(), host: 'bad host!' }))).toBe('400 ldap_host_invalid');
    expect(await codeOf(save({ ...valid(), bind_password: 'wrong' }))).toBe('502 ldap_bind_failed');
    expect(await codeOf(save({ ...valid(), base_dn: `ou=nobody,${SUFFIX}` }))).toBe(
      '502 ldap_base_dn_not_found',
    );
    expect(await codeOf(save({ ...valid(), host: 'ldap://127.0.0.1:1' }))).toBe('502 ldap_unreachable');
    // Nothing failed was saved.
    expect((await t.call('GET', '/api/settings/ldap', { token: admin })).json().enabled).toBe(false);

    const saved = await save(valid());
    expect(saved.statusCode).toBe(200);
    expect(saved.json().test).toEqual({ entries: PEOPLE_LOADED.length });
    expect(saved.json().settings).toMatchObject({ enabled: true, host: slapd.url, bind_password_set: true });
    expect(saved.body).not.toContain(ADMIN_PASSWORD);
    // An empty password from the form keeps the stored one (the test still binds).
    expect((await save({ ...valid(), bind_password: '', scope: 'sub' })).statusCode).toBe(200);
    expect((await t.call('POST', '/api/settings/ldap/test', { token: admin, body: {} })).json()).toEqual({
      entries: PEOPLE_LOADED.length,
    });
    const audit = await t.db.selectFrom('console_audits').select('detail').orderBy('id', 'desc').execute();
    expect(audit[0]?.detail).toBe('settings: ldap.scope = "sub"');
    expect(JSON.stringify(audit)).not.toContain(ADMIN_PASSWORD);
    // Members are refused.
    await createUser(t.db, { name: 'member', password: 'member-password' });
    const member = await t.login('member', 'member-password');
    expect((await t.call('GET', '/api/settings/ldap', { token: member })).statusCode).toBe(403);
  });

  it('logs a directory user in through the console and the client API, creating the account once', async () => {
    await save(valid());
    const first = await login('alice', 'alice-directory');
    expect(first.statusCode).toBe(200);
    expect(first.json().user).toMatchObject({
      name: 'alice',
      email: 'alice@example.com',
      display_name: 'Alice Liddell',
      third_auth_type: 'ldap',
      auth_source: 'ldap',
    });
    const client = await t.call('POST', '/api/login', { body: clientLoginBody('alice', 'alice-directory') });
    expect(client.json()).toMatchObject({
      type: 'access_token',
      user: { name: 'alice', third_auth_type: 'ldap' },
    });
    const rows = await t.db
      .selectFrom('users')
      .select(['name', 'auth_source', 'auth_subject'])
      .where('name', '=', 'alice')
      .execute();
    expect(rows).toEqual([
      {
        name: 'alice',
        auth_source: 'ldap',
        auth_subject: expect.stringMatching(/^entryUUID:[0-9a-f-]{36}$/),
      },
    ]);
    const audit = (await t.db.selectFrom('console_audits').select('detail').orderBy('id').execute()).map(
      (a) => a.detail,
    );
    expect(audit).toContain('user: alice (created at the first LDAP login, group Default)');
    expect(audit).toContain('login from web console through LDAP');
    // Local accounts still log in with their password.
    expect((await login('admin', 'test1234')).statusCode).toBe(200);
  });

  it('refuses wrong and empty passwords, filter injection, and entries the filter no longer admits or that are gone', async () => {
    await save(valid());
    expect(await codeOf(login('bob', 'wrong'))).toBe('401 login_failed');
    expect(await codeOf(login('bob', ''))).toBe('401 login_failed');
    expect(await codeOf(login('*', 'bob-directory'))).toBe('401 login_failed');
    expect(await codeOf(login('*)(uid=*', 'bob-directory'))).toBe('401 login_failed');
    expect(await codeOf(login('bob)(|(uid=*', 'bob-directory'))).toBe('401 login_failed');
    expect(await codeOf(login('bob', 'bob-directory'))).toBe('200');

    // The filter shuts bob out: his account stays, his logins fail.
    await save({ filter: '(&(objectClass=inetOrgPerson)(!(uid=bob)))' });
    expect(await codeOf(login('bob', 'bob-directory'))).toBe('401 login_failed');
    await save({ filter: '(objectClass=inetOrgPerson)' });

    expect(await codeOf(login('carol', 'carol-directory'))).toBe('200');
    const directory = await slapd.admin();
    await directory.del(`uid=carol,${PEOPLE}`);
    await directory.unbind();
    expect(await codeOf(login('carol', 'carol-directory'))).toBe('401 login_failed');
  });

  it("knows a user by the entry's own id: a renamed entry keeps its account, a new entry at an old DN is someone else", async () => {
    await save(valid());
    await addPerson(slapd, { uid: 'frank', password: 'frank-directory' });
    expect(await codeOf(login('frank', 'frank-directory'))).toBe('200');
    const account = () =>
      t.db
        .selectFrom('users')
        .select(['id', 'name', 'auth_subject'])
        .where('auth_source', '=', 'ldap')
        .where('name', '=', 'frank')
        .executeTakeFirstOrThrow();
    const frank = await account();
    expect(frank.auth_subject).toMatch(/^entryUUID:[0-9a-f-]{36}$/);

    // An account made by an older release is keyed by the DN: found by it once, then by the entry id.
    await t.db
      .updateTable('users')
      .set({ auth_subject: `uid=frank,${PEOPLE}` })
      .where('id', '=', frank.id)
      .execute();
    expect(await codeOf(login('frank', 'frank-directory'))).toBe('200');
    expect(await account()).toEqual(frank);

    // Renamed in the directory: the same person, the same account.
    const directory = await slapd.admin();
    await directory.modifyDN(`uid=frank,${PEOPLE}`, 'uid=frank2');
    expect((await login('frank2', 'frank-directory')).json().user.name).toBe('frank');

    // Gone, and another person given the old DN: not frank's account.
    await directory.del(`uid=frank2,${PEOPLE}`);
    await directory.unbind();
    await addPerson(slapd, { uid: 'frank', password: 'new-frank-directory' });
    expect(await codeOf(login('frank', 'new-frank-directory'))).toBe('409 sso_name_taken');
    expect(await account()).toEqual(frank);
  });

  it('never takes over a local account, and creates no account when auto-create is off', async () => {
    await save(valid());
    // The bootstrap administrator "admin" is local: the directory's admin cannot log in as them.
    expect(await codeOf(login('admin', 'admin-directory'))).toBe('409 sso_local_account_exists');
    await save({ auto_create: false });
    expect(await codeOf(login('dave', 'dave-directory'))).toBe('403 sso_auto_create_off');
  });

  it('maps groups from memberOf, or from a group search, to user groups by name at every login', async () => {
    await createUserGroup(t.db, 'Support');
    await save({ ...valid(), group_source: 'member_of' });
    expect((await login('alice', 'alice-directory')).json().user.group_name).toBe('Support');

    await createUserGroup(t.db, 'Wizards');
    await save({
      group_source: 'search',
      group_base_dn: GROUPS,
      group_filter: '(&(objectClass=groupOfNames)(member={dn})(cn=Wiz*))',
    });
    expect((await login('alice', 'alice-directory')).json().user.group_name).toBe('Wizards');
    expect((await login('erin', 'erin-directory')).json().user.group_name).toBe('Default');

    // The directory no longer puts alice in a group that exists here: she leaves Wizards.
    await save({ group_filter: '(&(objectClass=groupOfNames)(member={dn})(cn=Nobody))' });
    expect((await login('alice', 'alice-directory')).json().user.group_name).toBe('Default');

    // With no group source, the group an administrator chooses stays.
    await save({ group_source: 'none' });
    const alice = await t.db
      .selectFrom('users')
      .select('guid')
      .where('name', '=', 'alice')
      .executeTakeFirstOrThrow();
    const moved = await t.call('PATCH', `/api/users/${alice.guid}`, {
      token: admin,
      body: { group_name: 'Support' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await login('alice', 'alice-directory')).json().user.group_name).toBe('Support');
  });
});
