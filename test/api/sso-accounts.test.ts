import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import type { ExternalIdentity, SignInRules } from '../../src/domain/sso/accounts.js';
import { findUserById } from '../../src/domain/users/repository.js';
import { AppError } from '../../src/http/errors.js';
import { clientLoginBody } from '../helpers/client.js';
import { createUser, createUserGroup } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { enrolTotp } from '../helpers/two-factor.js';

const OIDC: SignInRules = { autoCreate: true, linkByVerifiedEmail: true, maxUsers: 0, capPattern: 'oidc/%' };
const LDAP: SignInRules = { autoCreate: true, linkByVerifiedEmail: false, maxUsers: 0, capPattern: 'ldap' };

const identity = (extra: Partial<ExternalIdentity> = {}): ExternalIdentity => ({
  source: 'oidc/keycloak',
  subject: 'sub-carol',
  username: 'carol',
  email: 'carol@example.com',
  emailVerified: true,
  displayName: 'Carol C.',
  groups: null,
  ...extra,
});

describe('single sign-on accounts: one account per external identity', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(() => t.close());

  const signIn = (who: ExternalIdentity, rules: SignInRules = OIDC) =>
    t.app.services.ssoAccounts.signIn(who, rules, '10.0.0.9');
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'signed in',
      (error: unknown) => (error instanceof AppError ? error.code : String(error)),
    );
  const audits = async () =>
    (await t.db.selectFrom('console_audits').select(['operator', 'detail']).orderBy('id').execute()).map(
      (a) => `${a.operator}: ${a.detail}`,
    );

  it('creates the account at the first sign-in, finds it by its subject afterwards, and audits the creation', async () => {
    const first = await signIn(identity());
    expect(first).toMatchObject({
      name: 'carol',
      email: 'carol@example.com',
      display_name: 'Carol C.',
      auth_source: 'oidc/keycloak',
      auth_subject: 'sub-carol',
      group_name: 'Default',
      is_admin: 0,
      status: 1,
    });
    // A new name or address at the provider follows the account, which stays the same.
    const again = await signIn(identity({ username: 'carol2', email: 'c@example.com' }));
    expect(again.id).toBe(first.id);
    expect(again.name).toBe('carol');
    expect(again.email).toBe('c@example.com');
    expect(await audits()).toEqual([
      'carol: user: carol (created at the first OIDC keycloak login, group Default)',
      'carol: user: carol (from OIDC keycloak: e-mail)',
    ]);
    // The same subject from another source is another person.
    expect(await refusal(signIn(identity({ source: 'oidc/google' })))).toBe('sso_name_taken');
  });

  it('refuses an unknown identity when the source does not create accounts, and past the cap of its users', async () => {
    expect(await refusal(signIn(identity(), { ...OIDC, autoCreate: false }))).toBe('sso_auto_create_off');
    await signIn(identity({ subject: 'a', username: 'a', email: '' }), { ...OIDC, maxUsers: 2 });
    await signIn(identity({ source: 'oidc/google', subject: 'b', username: 'b', email: '' }), {
      ...OIDC,
      maxUsers: 2,
    });
    // LDAP users do not count for the OIDC cap, nor local accounts.
    await signIn(identity({ source: 'ldap', subject: 'uid=c', username: 'c', email: '' }), LDAP);
    await createUser(t.db, { name: 'local', password: 'local-password' });
    expect(await refusal(signIn(identity({ subject: 'd', username: 'd' }), { ...OIDC, maxUsers: 2 }))).toBe(
      'sso_user_cap_reached',
    );
    // Known users still sign in at the cap.
    expect(
      (await signIn(identity({ subject: 'a', username: 'a', email: '' }), { ...OIDC, maxUsers: 2 })).name,
    ).toBe('a');
  });

  it('links OIDC to the one local account with the verified e-mail; never LDAP, never an unverified address', async () => {
    const localId = await createUser(t.db, { name: 'carol.local', password: 'carol-password' });
    await t.db.updateTable('users').set({ email: 'Carol@Example.com' }).where('id', '=', localId).execute();

    expect(await refusal(signIn(identity({ emailVerified: false, username: 'carol.local' })))).toBe(
      'sso_local_account_exists',
    );
    expect(
      await refusal(
        signIn(identity({ source: 'ldap', username: 'carol.local', subject: 'uid=carol' }), LDAP),
      ),
    ).toBe('sso_local_account_exists');

    const linked = await signIn(identity());
    expect(linked).toMatchObject({ id: localId, name: 'carol.local', auth_source: 'oidc/keycloak' });
    // Linked to one source, it is not linked again by another provider with the same address.
    const other = await signIn(identity({ source: 'oidc/google', subject: 'g-carol', username: 'carol.g' }));
    expect(other.id).not.toBe(localId);
    expect((await audits())[0]).toBe(
      'carol.local: user: carol.local (linked to OIDC keycloak by verified e-mail Carol@Example.com)',
    );
  });

  it('a linked account signs out whoever used it and its password stops working; an administrator is never linked', async () => {
    const localId = await createUser(t.db, { name: 'mallory', password: 'mallory-password' });
    // An administrator gave the account someone else's address by mistake.
    await t.db.updateTable('users').set({ email: 'carol@example.com' }).where('id', '=', localId).execute();
    const before = await t.login('mallory', 'mallory-password');

    expect((await signIn(identity())).id).toBe(localId);
    expect((await t.call('POST', '/api/currentUser', { token: before })).statusCode).toBe(401);
    expect(
      (await t.call('POST', '/api/login', { body: { username: 'mallory', password: 'mallory-password' } }))
        .statusCode,
    ).not.toBe(200);

    const adminId = await createUser(t.db, { name: 'root2', password: 'root2-password', isAdmin: true });
    await t.db.updateTable('users').set({ email: 'boss@example.com' }).where('id', '=', adminId).execute();
    const boss = await signIn(identity({ subject: 'boss', username: 'boss', email: 'boss@example.com' }));
    expect(boss.id).not.toBe(adminId);
    expect((await findUserById(t.db, adminId))?.auth_source).toBe('');
  });

  it('an address the provider does not vouch for never replaces the stored one', async () => {
    const user = await signIn(identity());
    const again = await signIn(identity({ email: 'attacker@example.net', emailVerified: false }));
    expect(again.id).toBe(user.id);
    expect((await findUserById(t.db, user.id))?.email).toBe('carol@example.com');
  });

  it('does not link when two local accounts share the address', async () => {
    for (const name of ['twin1', 'twin2']) {
      const id = await createUser(t.db, { name, password: 'twin-password' });
      await t.db.updateTable('users').set({ email: 'carol@example.com' }).where('id', '=', id).execute();
    }
    expect((await signIn(identity())).name).toBe('carol');
  });

  it('refuses a disabled account, linked or to be linked', async () => {
    const user = await signIn(identity());
    await t.app.services.users.setStatus(user.guid, 0, SYSTEM_ACTOR);
    expect(await refusal(signIn(identity()))).toBe('account_disabled');
    const localId = await createUser(t.db, { name: 'dave', password: 'dave-password', status: 0 });
    await t.db.updateTable('users').set({ email: 'dave@example.com' }).where('id', '=', localId).execute();
    expect(
      await refusal(signIn(identity({ subject: 'dave', username: 'dave2', email: 'dave@example.com' }))),
    ).toBe('account_disabled');
  });

  it('maps groups by name at every sign-in: the first that exists, else Default; unknown ones are ignored and audited', async () => {
    await createUserGroup(t.db, 'Support');
    await createUserGroup(t.db, 'Sales');
    const created = await signIn(identity({ groups: ['Nope', 'Support', 'Sales'] }));
    expect(created.group_name).toBe('Support');
    const moved = await signIn(identity({ groups: ['Sales'] }));
    expect(moved.group_name).toBe('Sales');
    // The source no longer puts them in a group that exists: they leave it for Default.
    expect((await signIn(identity({ groups: ['Ghost'] }))).group_name).toBe('Default');
    await signIn(identity({ groups: ['Sales'] }));
    expect((await signIn(identity({ groups: [] }))).group_name).toBe('Default');
    // A source that maps no groups leaves the group an administrator chose.
    const admin = await t.adminSession();
    const chosen = await t.call('PATCH', `/api/users/${created.guid}`, {
      token: admin,
      body: { group_name: 'Support' },
    });
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect((await signIn(identity({ groups: null }))).group_name).toBe('Support');
    expect(
      await t.db.selectFrom('user_groups').select('name').where('name', 'in', ['Nope', 'Ghost']).execute(),
    ).toEqual([]);
    expect((await audits()).filter((line) => line.startsWith('carol:'))).toEqual([
      'carol: user: carol (created at the first OIDC keycloak login, group Support; unknown groups ignored: Nope)',
      'carol: user: carol (from OIDC keycloak: group Sales)',
      'carol: user: carol (from OIDC keycloak: group Default, no mapped group; unknown groups ignored: Ghost)',
      'carol: user: carol (from OIDC keycloak: group Sales)',
      'carol: user: carol (from OIDC keycloak: group Default, no mapped group)',
    ]);
  });

  it('opens sessions like a password login: audited with the source, 2FA still asked', async () => {
    const user = await signIn(identity());
    const context = { address: '10.0.0.9', client: { id: '', uuid: '', os: '', type: '', name: '' } };
    const sessions = t.app.services.sessions;
    const opened = await sessions.loginProven(user, context, 'OIDC keycloak');
    if (opened.kind !== 'session') throw new Error('expected a session');
    const me = await t.call('POST', '/api/currentUser', { token: opened.accessToken });
    expect(me.json()).toMatchObject({
      name: 'carol',
      third_auth_type: 'keycloak',
      auth_source: 'oidc/keycloak',
    });
    expect(await audits()).toContain('carol: login from web console through OIDC keycloak');

    await enrolTotp(t, opened.accessToken);
    const enrolled = await findUserById(t.db, user.id);
    if (!enrolled) throw new Error('carol is gone');
    const again = await sessions.loginProven(enrolled, context, 'OIDC keycloak');
    expect(again.kind).toBe('second-factor');
  });
});

describe('single sign-on users and local passwords', () => {
  let t: TestApp;
  let admin: string;
  beforeEach(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
  });
  afterEach(() => t.close());

  it('shows the source to administrators and clients, and keeps a local account as it was', async () => {
    await t.app.services.ssoAccounts.signIn(
      identity({ source: 'ldap', subject: 'uid=carol,dc=example', email: '' }),
      LDAP,
      '',
    );
    const list = await t.call('GET', '/api/users', { token: admin });
    const byName = Object.fromEntries(
      (list.json().data as Array<{ name: string; auth_source: string }>).map((u) => [u.name, u.auth_source]),
    );
    expect(byName).toEqual({ admin: '', carol: 'ldap' });
    const me = await t.call('POST', '/api/currentUser', { token: admin });
    expect(me.json()).toMatchObject({ third_auth_type: null, auth_source: '' });
  });

  it('refuses a local password for an SSO user unless Settings allow it; administrators still disable and delete them', async () => {
    const carol = await t.app.services.ssoAccounts.signIn(identity(), OIDC, '');
    const setPassword = () =>
      t.call('PATCH', `/api/users/${carol.guid}`, { token: admin, body: { password: 'carol-local-1' } });
    const refused = await setPassword();
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      code: 'sso_local_password_not_allowed',
      name: 'carol',
      source: 'OIDC keycloak',
    });
    // The unknown password of the account does not log in, whatever it is.
    expect(
      (await t.call('POST', '/api/login', { body: clientLoginBody('carol', 'carol-local-1') })).statusCode,
    ).toBe(401);

    const rules = await t.call('GET', '/api/password-rules', { token: admin });
    expect(rules.json().sso_local_password).toBe(false);
    const patched = await t.call('PATCH', '/api/settings', {
      token: admin,
      body: { allow_sso_local_password: true },
    });
    expect(patched.json().allow_sso_local_password).toBe(true);
    expect((await setPassword()).statusCode).toBe(200);
    const session = await t.login('carol', 'carol-local-1');
    expect(session).toMatch(/^rdcs_/);
    // Allowed no more: the local password stops working.
    await t.call('PATCH', '/api/settings', { token: admin, body: { allow_sso_local_password: false } });
    expect(
      (await t.call('POST', '/api/login', { body: { username: 'carol', password: 'carol-local-1' } }))
        .statusCode,
    ).toBe(401);

    const disabled = await t.call('POST', '/api/users/bulk', {
      token: admin,
      body: { guids: [carol.guid], action: 'disable' },
    });
    expect(disabled.statusCode).toBe(200);
    const deleted = await t.call('DELETE', `/api/users/${carol.guid}`, { token: admin });
    expect(deleted.statusCode).toBe(200);
  });

  it('an SSO user changing their own password is told that first', async () => {
    await t.call('PATCH', '/api/settings', { token: admin, body: { allow_sso_local_password: true } });
    const carol = await t.app.services.ssoAccounts.signIn(identity(), OIDC, '');
    await t.call('PATCH', `/api/users/${carol.guid}`, { token: admin, body: { password: 'carol-local-1' } });
    const token = await t.login('carol', 'carol-local-1');
    await t.call('PATCH', '/api/settings', { token: admin, body: { allow_sso_local_password: false } });
    const own = await t.call('PATCH', `/api/users/${carol.guid}`, {
      token,
      body: { password: 'carol-local-2', current_password: 'wrong' },
    });
    expect(own.json().code).toBe('sso_local_password_not_allowed');
  });
});

describe('single sign-on accounts have no local password until one is set', () => {
  let t: TestApp;
  let admin: string;
  beforeEach(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
  });
  afterEach(() => t.close());

  const stored = async (id: number) =>
    (await t.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow())
      .password_hash;
  const localPassword = async (guid: string, token = admin) =>
    (await t.call('GET', `/api/users/${guid}`, { token })).json().local_password;
  const sessionOf = async (
    user: Awaited<ReturnType<TestApp['app']['services']['ssoAccounts']['signIn']>>,
  ) => {
    const context = { address: '10.0.0.9', client: { id: '', uuid: '', os: '', type: '', name: '' } };
    const opened = await t.app.services.sessions.loginProven(user, context, 'OIDC keycloak');
    if (opened.kind !== 'session') throw new Error('expected a session');
    return opened.accessToken;
  };

  it('an account created or linked by SSO stores no password hash and says so', async () => {
    const created = await t.app.services.ssoAccounts.signIn(identity(), OIDC, '');
    expect(await stored(created.id)).toBe('');
    const localId = await createUser(t.db, { name: 'erin', password: 'erin-password' });
    await t.db.updateTable('users').set({ email: 'erin@example.com' }).where('id', '=', localId).execute();
    const linked = await t.app.services.ssoAccounts.signIn(
      identity({ subject: 'sub-erin', username: 'erin.sso', email: 'erin@example.com' }),
      OIDC,
      '',
    );
    expect(linked.id).toBe(localId);
    expect(await stored(localId)).toBe('');

    const list = await t.call('GET', '/api/users', { token: admin });
    const byName = Object.fromEntries(
      (list.json().data as Array<{ name: string; local_password: boolean }>).map((u) => [
        u.name,
        u.local_password,
      ]),
    );
    expect(byName).toEqual({ admin: true, carol: false, erin: false });
    expect(await localPassword(created.guid)).toBe(false);
    const me = await t.call('POST', '/api/currentUser', { token: await sessionOf(created) });
    expect(me.json().local_password).toBe(false);

    // Nothing logs in without a password, Settings allowing SSO passwords or not.
    await t.call('PATCH', '/api/settings', { token: admin, body: { allow_sso_local_password: true } });
    for (const password of ['x', 'erin-password']) {
      const login = await t.call('POST', '/api/login', { body: { username: 'erin', password } });
      expect(login.statusCode).toBe(401);
      expect(login.json().code).toBe('login_failed');
    }
  });

  it('with SSO passwords allowed, an SSO user sets the first one without a current password, the next ones with it', async () => {
    await t.call('PATCH', '/api/settings', { token: admin, body: { allow_sso_local_password: true } });
    const carol = await t.app.services.ssoAccounts.signIn(identity(), OIDC, '');
    const session = await sessionOf(carol);
    const own = (body: Record<string, string>) =>
      t.call('PATCH', `/api/users/${carol.guid}`, { token: session, body });

    const first = await own({ password: 'carol-local-1' });
    expect(first.statusCode).toBe(200);
    expect(first.json().local_password).toBe(true);
    expect(await localPassword(carol.guid, session)).toBe(true);
    expect(await t.login('carol', 'carol-local-1')).toMatch(/^rdcs_/);
    // The session that set it stays.
    expect((await t.call('POST', '/api/currentUser', { token: session })).statusCode).toBe(200);

    const missing = await own({ password: 'carol-local-2' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'field_required', field: 'current_password' });
    const wrong = await own({ password: 'carol-local-2', current_password: 'nope' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('current_password_wrong');
    expect((await own({ password: 'carol-local-2', current_password: 'carol-local-1' })).statusCode).toBe(
      200,
    );
    expect(await t.login('carol', 'carol-local-2')).toMatch(/^rdcs_/);
  });

  it('without SSO passwords allowed, the first one is refused as any other', async () => {
    const carol = await t.app.services.ssoAccounts.signIn(identity(), OIDC, '');
    const refused = await t.call('PATCH', `/api/users/${carol.guid}`, {
      token: await sessionOf(carol),
      body: { password: 'carol-local-1' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('sso_local_password_not_allowed');
    expect(await stored(carol.id)).toBe('');
  });
});

describe('an e-mail address a member typed themselves never links an SSO identity', () => {
  let t: TestApp;
  let admin: string;
  beforeEach(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
  });
  afterEach(() => t.close());

  const guidOf = async (name: string) =>
    (await t.db.selectFrom('users').select('guid').where('name', '=', name).executeTakeFirstOrThrow()).guid;
  const setEmail = (guid: string, email: string, token: string) =>
    t.call('PATCH', `/api/users/${guid}`, { token, body: { email } });

  it("a member who puts the victim's address on their account gets neither the victim's OIDC nor LDAP identity", async () => {
    await createUser(t.db, { name: 'mallory', password: 'mallory-password' });
    const mallory = await t.login('mallory', 'mallory-password');
    const guid = await guidOf('mallory');
    expect((await setEmail(guid, 'carol@example.com', mallory)).statusCode).toBe(200);

    // The victim's first OIDC login creates their own account instead of taking mallory's.
    const carol = await t.app.services.ssoAccounts.signIn(identity(), OIDC, '10.0.0.9');
    expect(carol).toMatchObject({ name: 'carol', auth_source: 'oidc/keycloak', auth_subject: 'sub-carol' });
    const ldap = await t.app.services.ssoAccounts.signIn(
      identity({ source: 'ldap', subject: 'uid=carol,dc=example', username: 'carol.ldap' }),
      LDAP,
      '10.0.0.9',
    );
    expect(ldap.name).toBe('carol.ldap');

    // Mallory's account is as it was: local, its address, its password and its session.
    const untouched = await t.db
      .selectFrom('users')
      .select(['auth_source', 'auth_subject', 'email'])
      .where('guid', '=', guid)
      .executeTakeFirstOrThrow();
    expect(untouched).toEqual({ auth_source: '', auth_subject: '', email: 'carol@example.com' });
    expect((await t.call('POST', '/api/currentUser', { token: mallory })).statusCode).toBe(200);
    expect(await t.login('mallory', 'mallory-password')).toMatch(/^rdcs_/);
  });

  it("a member's typed address does not stop the account an administrator gave that address from being linked", async () => {
    await createUser(t.db, { name: 'mallory', password: 'mallory-password' });
    await createUser(t.db, { name: 'carol.local', password: 'carol-password' });
    const mallory = await t.login('mallory', 'mallory-password');
    expect((await setEmail(await guidOf('mallory'), 'carol@example.com', mallory)).statusCode).toBe(200);
    expect((await setEmail(await guidOf('carol.local'), 'carol@example.com', admin)).statusCode).toBe(200);
    const linked = await t.app.services.ssoAccounts.signIn(identity(), OIDC, '10.0.0.9');
    expect(linked.name).toBe('carol.local');
  });

  it('who set the address last decides: the user themselves, an administrator, a token, the provider', async () => {
    await createUser(t.db, { name: 'dave', password: 'dave-password' });
    const dave = await t.login('dave', 'dave-password');
    const guid = await guidOf('dave');
    const selfSet = async (of = guid) =>
      (
        await t.db
          .selectFrom('users')
          .select('email_self_set')
          .where('guid', '=', of)
          .executeTakeFirstOrThrow()
      ).email_self_set;
    expect(await selfSet()).toBe(0);
    await setEmail(guid, 'dave@example.com', dave);
    expect(await selfSet()).toBe(1);
    await setEmail(guid, 'dave@example.org', admin);
    expect(await selfSet()).toBe(0);
    await setEmail(guid, 'dave@example.net', dave);
    expect(await selfSet()).toBe(1);
    // A change without a new address leaves it as it is.
    await t.call('PATCH', `/api/users/${guid}`, { token: admin, body: { note: 'n' } });
    expect(await selfSet()).toBe(1);
    // An administrator sending the typed address as it is vouches for it (and it is in the console log).
    expect((await setEmail(guid, 'dave@example.net', admin)).statusCode).toBe(200);
    expect(await selfSet()).toBe(0);
    const confirmed = await t.db
      .selectFrom('console_audits')
      .select('detail')
      .where('detail', 'like', '%e-mail confirmed%')
      .execute();
    expect(confirmed).toHaveLength(1);
    await setEmail(guid, 'dave@example.net', dave);
    expect(await selfSet()).toBe(0);
    await setEmail(guid, 'dave@example.net', admin);
    expect(await selfSet()).toBe(0);
    await setEmail(guid, 'dave@example.org', dave);
    expect(await selfSet()).toBe(1);
    const token = await t.apiToken({ user: 'rw' });
    expect((await setEmail(guid, 'dave@example.com', token)).statusCode).toBe(200);
    expect(await selfSet()).toBe(0);
    // An administrator changing their own address sets it themselves too.
    const adminGuid = await guidOf('admin');
    await setEmail(adminGuid, 'root@example.com', admin);
    expect(await selfSet(adminGuid)).toBe(1);

    // An SSO user's typed address is replaced by the provider's verified one, which nobody typed.
    const carol = await t.app.services.ssoAccounts.signIn(identity(), OIDC, '');
    await t.db
      .updateTable('users')
      .set({ email: 'typed@example.com', email_self_set: 1 })
      .where('id', '=', carol.id)
      .execute();
    await t.app.services.ssoAccounts.signIn(identity(), OIDC, '');
    expect(
      await t.db
        .selectFrom('users')
        .select(['email', 'email_self_set'])
        .where('id', '=', carol.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ email: 'carol@example.com', email_self_set: 0 });
  });
});
