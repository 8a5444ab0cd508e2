import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../../src/domain/console-audit/codes.js';
import { findUserGroupByName } from '../../src/domain/user-groups/repository.js';
import { insertUser } from '../../src/domain/users/repository.js';
import { uuidv7 } from '../../src/lib/ids.js';
import { hashPassword } from '../../src/lib/passwords.js';
import { createDevice, createUser, createUserGroup } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const UNKNOWN_GUID = '01983006-fcca-7c12-9a91-b1df483c6073';
const JSON_HEADERS = { 'content-type': 'application/json' };

interface Row {
  guid: string;
  name: string;
  [field: string]: unknown;
}

/** users.py's fuzzy transform (admin-api.md §0.4). */
const fuzzy = (value: string) => (value === '-' || value.includes('%') ? value : `%${value}%`);

describe('users (users.py, user_group.py view-users, the console)', () => {
  let t: TestApp;
  let admin: string;
  let token: string;
  let salesId: number;

  const guidOf = async (name: string) =>
    (await t.db.selectFrom('users').select('guid').where('name', '=', name).executeTakeFirstOrThrow()).guid;
  const userRow = (name: string) =>
    t.db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
  const sessionsOf = async (name: string) => {
    const { id } = await userRow(name);
    const rows = await t.db.selectFrom('login_sessions').select('id').where('user_id', '=', id).execute();
    return rows.length;
  };
  const audits = (operation: number) =>
    t.db
      .selectFrom('console_audits')
      .select(['operator', 'typ', 'iop', 'detail'])
      .where('iop', '=', operation)
      .orderBy('id')
      .execute();
  const lastAudit = async (operation: number) => (await audits(operation)).at(-1);

  /** users.py's listing loop (admin-api.md §1.3, §0.3): pageSize 30, current 1, 2, … */
  const usersPyList = async (filters: { name?: string; group_name?: string }, as = token) => {
    const rows: Row[] = [];
    const query: Record<string, string> = { pageSize: '30' };
    if (filters.name !== undefined) query.name = fuzzy(filters.name);
    if (filters.group_name !== undefined) query.group_name = fuzzy(filters.group_name);
    let requests = 0;
    for (let current = 1; ; current += 1) {
      const response = await t.call('GET', '/api/users', {
        token: as,
        query: { ...query, current: String(current) },
      });
      requests += 1;
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body).not.toHaveProperty('error');
      rows.push(...body.data);
      if (body.data.length < 30 || current * 30 >= body.total) break;
    }
    return { rows, requests };
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    token = await t.apiToken({ user: 'rw', user_group: 'rw' });
    salesId = await createUserGroup(t.db, 'Sales');
    await createUserGroup(t.db, 'Support');
    await createUser(t.db, { name: 'mike', password: 'mike-pass', groupId: salesId });
    await createUser(t.db, { name: 'mikey', password: 'mikey-pass', groupId: salesId });
    await createUser(t.db, { name: 'Jamie', password: 'jamie-pass' });
    await createUser(t.db, { name: 'alice', password: 'alice-pass' });
    await createUser(t.db, { name: 'Mary Ann', password: 'mary-pass' });
    await createUser(t.db, { name: 'a_b', password: 'ab-pass' });
    await createUser(t.db, { name: 'axb', password: 'axb-pass' });
    // 60 more, for the paging loop; one hash for all keeps the set-up fast.
    const hash = await hashPassword('bulk-pass');
    const group = await findUserGroupByName(t.db, 'Support');
    for (let i = 0; i < 60; i++) {
      await insertUser(t.db, {
        guid: uuidv7(),
        name: `bulk-${String(i).padStart(2, '0')}`,
        display_name: '',
        email: `bulk${i}@example.com`,
        note: '',
        password_hash: hash,
        status: 1,
        group_id: group?.id as number,
        created_at: t.clock.now,
        updated_at: t.clock.now,
      });
    }
  });
  afterAll(() => t.close());

  describe('GET /api/users: what the scripts send', () => {
    it('view with no filter: the paging loop of pageSize 30 reads every user once', async () => {
      const { rows, requests } = await usersPyList({});
      expect(rows).toHaveLength(68);
      expect(requests).toBe(3);
      expect(new Set(rows.map((r) => r.guid)).size).toBe(68);
    });

    it('answers rows with the fields users.py prints, and never a secret', async () => {
      const response = await t.call('GET', '/api/users?name=mike&pageSize=50', { token });
      expect(response.json()).toEqual({
        total: 1,
        data: [
          {
            guid: await guidOf('mike'),
            name: 'mike',
            display_name: '',
            email: '',
            note: '',
            status: 1,
            is_admin: false,
            group_name: 'Sales',
            strategy_name: '',
            tfa_enforced: false,
            tfa_enabled: false,
            email_verification: false,
            email_alarm_notification: false,
            default_password: false,
            local_password: true,
            auth_source: '',
            created_at: expect.any(Number),
          },
        ],
      });
      const row = response.json().data[0];
      expect(row.created_at).toBe(Math.floor((await userRow('mike')).created_at / 1000));
      expect(JSON.stringify(response.json())).not.toMatch(/scrypt|password_hash|tfa_secret/);
    });

    it('--name mi is sent as %mi%: a case-insensitive substring match', async () => {
      const { rows } = await usersPyList({ name: 'mi' });
      expect(rows.map((r) => r.name).sort()).toEqual(['Jamie', 'admin', 'mike', 'mikey']);
      const upper = await usersPyList({ name: 'MI' });
      expect(upper.rows).toHaveLength(4);
    });

    it('the raw exact lookup name=mike&pageSize=50 without current finds mike, not mikey', async () => {
      const response = await t.call('GET', '/api/users?name=mike&pageSize=50', {
        token,
        headers: JSON_HEADERS,
      });
      expect(response.statusCode).toBe(200);
      const rows: Row[] = response.json().data;
      expect(rows.find((r) => r.name === 'mike')?.guid).toBe(await guidOf('mike'));
      expect(rows.map((r) => r.name)).toEqual(['mike']);
    });

    it('decodes + as a space and treats _ as a literal', async () => {
      const spaced = await t.call('GET', '/api/users?name=%25Mary+Ann%25&pageSize=30&current=1', { token });
      expect(spaced.json().data.map((r: Row) => r.name)).toEqual(['Mary Ann']);
      const literal = await t.call('GET', '/api/users?name=a_b', { token });
      expect(literal.json().data.map((r: Row) => r.name)).toEqual(['a_b']);
    });

    it('group_name works raw (user_group.py view-users) and %-wrapped (users.py)', async () => {
      const raw = await t.call('GET', '/api/users', {
        token,
        query: { group_name: 'Sales', pageSize: '50', current: '1' },
      });
      expect(raw.json().data.map((r: Row) => r.name)).toEqual(['mike', 'mikey']);
      const wrapped = await usersPyList({ group_name: 'Sales' });
      expect(wrapped.rows.map((r) => r.name)).toEqual(['mike', 'mikey']);
      const partial = await t.call('GET', '/api/users?group_name=Sale', { token });
      expect(partial.json()).toEqual({ total: 0, data: [] });
      const both = await t.call('GET', '/api/users', {
        token,
        query: { group_name: 'Sales', name: '%key%', pageSize: '50', current: '1' },
      });
      expect(both.json().data.map((r: Row) => r.name)).toEqual(['mikey']);
    });

    it('filters by email and status, and answers an empty page past the end', async () => {
      const byEmail = await t.call('GET', '/api/users?email=bulk7%25', { token });
      expect(byEmail.json().data.map((r: Row) => r.name)).toEqual(['bulk-07']);
      await t.db.updateTable('users').set({ status: 0 }).where('name', '=', 'axb').execute();
      const disabled = await t.call('GET', '/api/users?status=0', { token });
      expect(disabled.json().data.map((r: Row) => r.name)).toEqual(['axb']);
      await t.db.updateTable('users').set({ status: 1 }).where('name', '=', 'axb').execute();
      const past = await t.call('GET', '/api/users?pageSize=30&current=9', { token });
      expect(past.json()).toEqual({ total: 68, data: [] });
    });

    it('an administrator’s session lists too; with accessible it gets the client’s shape instead', async () => {
      const managed = (await t.call('GET', '/api/users?name=admin', { token: admin })).json();
      expect(managed.data[0]).toMatchObject({ name: 'admin', is_admin: true, default_password: true });
      expect(managed.data[0]).toHaveProperty('strategy_name');
      const accessible = (await t.call('GET', '/api/users?accessible=&status=1', { token: admin })).json();
      expect(accessible.data[0]).toMatchObject({ name: 'admin', avatar: '', info: {} });
      expect(accessible.data[0]).not.toHaveProperty('strategy_name');
    });

    it('with accessible, an API token is refused as before', async () => {
      const response = await t.call('GET', '/api/users?accessible=', { token });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({
        error: 'API tokens cannot be used for this endpoint',
        code: 'token_not_allowed',
      });
    });
  });

  describe('POST /api/users (users.py new)', () => {
    it('creates the user in the named group, who can then log in; recorded as Add User', async () => {
      const response = await t.call('POST', '/api/users', {
        token,
        headers: JSON_HEADERS,
        body: {
          name: 'newbie',
          password: 'p@ss-word',
          group_name: 'Sales',
          email: 'newbie@example.com',
          note: 'from the script',
        },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        guid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        name: 'newbie',
        email: 'newbie@example.com',
        note: 'from the script',
        group_name: 'Sales',
        status: 1,
        is_admin: false,
        default_password: false,
      });
      expect(response.json()).not.toHaveProperty('error');
      await t.login('newbie', 'p@ss-word');
      expect(await lastAudit(CONSOLE_OPERATION.addUser)).toEqual({
        operator: 'token:test token',
        typ: CONSOLE_AREA.user,
        iop: CONSOLE_OPERATION.addUser,
        detail: 'user: newbie (group Sales)',
      });
    });

    it('creates administrators and display names for the console, and ignores unknown fields', async () => {
      const response = await t.call('POST', '/api/users', {
        token: admin,
        body: {
          name: 'boss',
          password: 'boss-pass',
          group_name: 'Default',
          is_admin: true,
          display_name: 'The Boss',
          strategy: 'ignored',
          somethingNew: 1,
        },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ is_admin: true, display_name: 'The Boss' });
      expect(await lastAudit(CONSOLE_OPERATION.addUser)).toMatchObject({
        operator: 'admin',
        detail: 'user: boss (group Default, administrator)',
      });
    });

    it.each([
      [{ password: 'p@ss-word', group_name: 'Sales' }, 400, 'name is required'],
      [{ name: 'x1', group_name: 'Sales' }, 400, 'password is required'],
      [{ name: 'x1', password: 'p@ss-word' }, 400, 'group_name is required'],
      [{ name: 'x1', password: 'abc', group_name: 'Sales' }, 400, 'password must be at least 8 characters'],
      [{ name: 'x1', password: 'x'.repeat(129), group_name: 'Sales' }, 400, 'password must be at most 128'],
      [{ name: '   ', password: 'p@ss-word', group_name: 'Sales' }, 400, 'name must not be empty'],
      [{ name: 'a\u0007b', password: 'p@ss-word', group_name: 'Sales' }, 400, 'control characters'],
      [
        { name: 'x1', password: 'p@ss-word', group_name: 'Sales', email: 'no-at' },
        400,
        'email is not a valid',
      ],
      [
        { name: 'x1', password: 'p@ss-word', group_name: 'Sales', is_admin: 'yes' },
        400,
        'is_admin must be boolean',
      ],
      [{ name: 'x'.repeat(101), password: 'p@ss-word', group_name: 'Sales' }, 400, 'name must NOT have more'],
      [{ name: 7, password: 'p@ss-word', group_name: 'Sales' }, 400, 'name must be string'],
      [{ name: 'x1', password: 'p@ss-word', group_name: 'Nowhere' }, 404, "User group 'Nowhere' not found"],
      [{ name: 'mike', password: 'p@ss-word', group_name: 'Sales' }, 409, "User 'mike' already exists"],
    ])('refuses %j with %i', async (body, status, message) => {
      const response = await t.call('POST', '/api/users', { token, body });
      expect(response.statusCode).toBe(status);
      expect(response.json().error).toContain(message);
      expect(await t.db.selectFrom('users').select('id').where('name', '=', 'x1').execute()).toEqual([]);
    });

    it('refuses a body that is not a JSON object', async () => {
      for (const payload of ['[1]', '"x"', 'not json', '']) {
        const response = await t.call('POST', '/api/users', { token, payload });
        expect(response.statusCode, payload).toBe(400);
        expect(response.json()).toHaveProperty('error');
      }
    });
  });

  describe('POST /api/users/invite (users.py invite)', () => {
    it('checks the body, then answers 409 while SMTP is not set up, and creates nobody', async () => {
      const response = await t.call('POST', '/api/users/invite', {
        token,
        headers: JSON_HEADERS,
        body: { email: 'guest@example.com', name: 'guest', group_name: 'Default', note: 'hi' },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toEqual({
        error:
          'Invitations are sent by e-mail: configure Settings → SMTP (or --smtp-url) first, or create the user with a password',
        code: 'invitations_need_smtp',
      });
      expect(await t.db.selectFrom('users').select('id').where('name', '=', 'guest').execute()).toEqual([]);
    });

    it.each([
      [{ name: 'guest', group_name: 'Default' }, 'email is required'],
      [{ email: 'guest@example.com', group_name: 'Default' }, 'name is required'],
      [{ email: 'guest@example.com', name: 'guest' }, 'group_name is required'],
      [{ email: 'nope', name: 'guest', group_name: 'Default' }, 'email is not a valid e-mail address'],
      [{ email: 'a@b', name: '  ', group_name: 'Default' }, 'name must not be empty'],
    ])('names what is wrong with %j first', async (body, message) => {
      const response = await t.call('POST', '/api/users/invite', { token, body });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toContain(message);
    });

    it('needs user:rw', async () => {
      const reader = await t.apiToken({ user: 'r' });
      const body = { email: 'guest@example.com', name: 'guest', group_name: 'Default' };
      expect((await t.call('POST', '/api/users/invite', { token: reader, body })).statusCode).toBe(403);
    });
  });

  describe('disable, enable, delete (users.py, one request per matched user)', () => {
    it('disable: POST with no body ends the user’s sessions; enable brings them back; both recorded', async () => {
      await createUser(t.db, { name: 'dora', password: 'dora-pass' });
      const session = await t.login('dora', 'dora-pass');
      const guid = await guidOf('dora');
      const disabled = await t.call('POST', `/api/users/${guid}/disable`, { token });
      expect(disabled.statusCode).toBe(200);
      expect(disabled.body).toBe('');
      expect((await userRow('dora')).status).toBe(0);
      expect(await sessionsOf('dora')).toBe(0);
      expect((await t.call('POST', '/api/currentUser', { token: session })).statusCode).toBe(401);
      expect(await lastAudit(CONSOLE_OPERATION.disableUsers)).toEqual({
        operator: 'token:test token',
        typ: CONSOLE_AREA.user,
        iop: CONSOLE_OPERATION.disableUsers,
        detail: 'users: dora',
      });

      const enabled = await t.call('POST', `/api/users/${guid}/enable`, { token });
      expect(enabled.statusCode).toBe(200);
      expect(enabled.body).toBe('');
      expect((await userRow('dora')).status).toBe(1);
      await t.login('dora', 'dora-pass');
      expect(await lastAudit(CONSOLE_OPERATION.enableUsers)).toMatchObject({
        typ: CONSOLE_AREA.user,
        detail: 'users: dora',
      });
    });

    it('delete: only a disabled user; their devices become unassigned and the heartbeat cache forgets them', async () => {
      const eveId = await createUser(t.db, { name: 'eve', password: 'eve-pass' });
      await createDevice(t.db, { peerId: '555000001', userId: eveId });
      const strategy = await t.db
        .insertInto('strategies')
        .values({ guid: uuidv7(), name: 'Eve strategy', created_at: t.clock.now, updated_at: t.clock.now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db.updateTable('users').set({ strategy_id: strategy.id }).where('id', '=', eveId).execute();
      const cached = await t.app.services.deviceDirectory.get('555000001');
      expect(cached?.strategies.user).toBe(strategy.id);
      await t.login('eve', 'eve-pass');
      const guid = await guidOf('eve');

      const refused = await t.call('DELETE', `/api/users/${guid}`, { token });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toEqual({
        error: 'Only a disabled user can be deleted: disable eve first',
        code: 'delete_disabled_user_only',
        name: 'eve',
      });

      await t.call('POST', `/api/users/${guid}/disable`, { token });
      const deleted = await t.call('DELETE', `/api/users/${guid}`, { token, headers: JSON_HEADERS });
      expect(deleted.statusCode).toBe(200);
      expect(deleted.body).toBe('');
      expect(await t.db.selectFrom('users').select('id').where('id', '=', eveId).execute()).toEqual([]);
      const device = await t.db
        .selectFrom('devices')
        .select('user_id')
        .where('peer_id', '=', '555000001')
        .executeTakeFirstOrThrow();
      expect(device.user_id).toBeNull();
      expect(
        await t.db.selectFrom('login_sessions').select('id').where('user_id', '=', eveId).execute(),
      ).toEqual([]);
      expect((await t.app.services.deviceDirectory.get('555000001'))?.strategies.user).toBeNull();
      expect(await lastAudit(CONSOLE_OPERATION.deleteUser)).toEqual({
        operator: 'token:test token',
        typ: CONSOLE_AREA.user,
        iop: CONSOLE_OPERATION.deleteUser,
        detail: 'users: eve',
      });
      expect((await t.call('DELETE', `/api/users/${guid}`, { token })).statusCode).toBe(404);
    });

    it.each([
      ['POST', 'disable'],
      ['POST', 'enable'],
      ['DELETE', ''],
    ])(
      '%s /api/users/{guid}/%s answers 404 for an unknown guid and 400 for a malformed one',
      async (method, action) => {
        const suffix = action ? `/${action}` : '';
        const unknown = await t.call(method as 'POST', `/api/users/${UNKNOWN_GUID}${suffix}`, { token });
        expect(unknown.statusCode).toBe(404);
        expect(unknown.json()).toEqual({
          error: `User ${UNKNOWN_GUID} not found`,
          code: 'user_guid_not_found',
          guid: UNKNOWN_GUID,
        });
        const malformed = await t.call(method as 'POST', `/api/users/mike${suffix}`, { token });
        expect(malformed.statusCode).toBe(400);
        expect(malformed.json().error).toMatch(/^guid must match format "uuid"/);
      },
    );
  });

  describe('2FA, login verification and force logout (one request for all matched users)', () => {
    it('PUT /api/users/tfa/totp/enforce sets and clears tfa_enforced, recorded as Update User', async () => {
      const guids = [await guidOf('mike'), await guidOf('mikey')];
      const on = await t.call('PUT', '/api/users/tfa/totp/enforce', {
        token,
        headers: JSON_HEADERS,
        body: { user_guids: guids, enforce: true, url: 'https://console.example.com' },
      });
      expect(on.statusCode).toBe(200);
      expect(on.body).toBe('');
      const listed = (await t.call('GET', '/api/users?name=%25mike%25', { token })).json().data;
      expect(listed.map((r: Row) => [r.name, r.tfa_enforced])).toEqual([
        ['mike', true],
        ['mikey', true],
      ]);
      expect(await lastAudit(CONSOLE_OPERATION.updateUser)).toEqual({
        operator: 'token:test token',
        typ: CONSOLE_AREA.user,
        iop: CONSOLE_OPERATION.updateUser,
        detail: '2FA enforced for users: mike, mikey',
      });

      const off = await t.call('PUT', '/api/users/tfa/totp/enforce', {
        token,
        body: { user_guids: [guids[0]], enforce: false, url: '' },
      });
      expect(off.statusCode).toBe(200);
      expect((await userRow('mike')).tfa_enforced).toBe(0);
      expect((await userRow('mikey')).tfa_enforced).toBe(1);
      expect((await lastAudit(CONSOLE_OPERATION.updateUser))?.detail).toBe(
        '2FA no longer enforced for users: mike',
      );
    });

    it('PUT /api/users/disable_login_verification clears e-mail verification or the TOTP secret', async () => {
      await t.db
        .updateTable('users')
        .set({ email_verification: 1, tfa_secret: 'JBSWY3DPEHPK3PXP' })
        .where('name', 'in', ['alice', 'Jamie'])
        .execute();
      const guids = [await guidOf('alice'), await guidOf('Jamie')];
      const email = await t.call('PUT', '/api/users/disable_login_verification', {
        token,
        headers: JSON_HEADERS,
        body: { user_guids: guids, type: 'email' },
      });
      expect(email.statusCode).toBe(200);
      expect(await userRow('alice')).toMatchObject({ email_verification: 0, tfa_secret: 'JBSWY3DPEHPK3PXP' });
      expect((await lastAudit(CONSOLE_OPERATION.updateUser))?.detail).toBe(
        'e-mail login verification disabled for users: alice, Jamie',
      );
      const listed = (await t.call('GET', '/api/users?name=alice', { token })).json().data[0];
      expect(listed).toMatchObject({ tfa_enabled: true, email_verification: false });

      const tfa = await t.call('PUT', '/api/users/disable_login_verification', {
        token,
        body: { user_guids: guids, type: '2fa' },
      });
      expect(tfa.statusCode).toBe(200);
      expect(await userRow('Jamie')).toMatchObject({ email_verification: 0, tfa_secret: '' });
      expect((await lastAudit(CONSOLE_OPERATION.updateUser))?.detail).toBe(
        '2FA reset for users: alice, Jamie',
      );
    });

    it('POST /api/users/force-logout ends every session of the listed users only, recorded as Force Logout', async () => {
      await t.login('alice', 'alice-pass');
      await t.login('alice', 'alice-pass');
      await t.login('mike', 'mike-pass');
      const response = await t.call('POST', '/api/users/force-logout', {
        token,
        headers: JSON_HEADERS,
        body: { user_guids: [await guidOf('alice')] },
      });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('');
      expect(await sessionsOf('alice')).toBe(0);
      expect(await sessionsOf('mike')).toBeGreaterThan(0);
      expect(await lastAudit(CONSOLE_OPERATION.forceLogout)).toEqual({
        operator: 'token:test token',
        typ: CONSOLE_AREA.user,
        iop: CONSOLE_OPERATION.forceLogout,
        detail: 'users: alice',
      });
    });

    it('an unknown guid in the list is named, and nobody is changed', async () => {
      const before = (await audits(CONSOLE_OPERATION.updateUser)).length;
      const mikey = await guidOf('mikey');
      const response = await t.call('PUT', '/api/users/tfa/totp/enforce', {
        token,
        body: { user_guids: [mikey, UNKNOWN_GUID], enforce: false, url: '' },
      });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        error: `Users not found: ${UNKNOWN_GUID}`,
        code: 'users_not_found',
        guids: [UNKNOWN_GUID],
      });
      expect((await userRow('mikey')).tfa_enforced).toBe(1);
      expect(await audits(CONSOLE_OPERATION.updateUser)).toHaveLength(before);
      const sessionsBefore = await sessionsOf('mike');
      const logout = await t.call('POST', '/api/users/force-logout', {
        token,
        body: { user_guids: [await guidOf('mike'), UNKNOWN_GUID] },
      });
      expect(logout.statusCode).toBe(404);
      expect(await sessionsOf('mike')).toBe(sessionsBefore);
    });

    it.each([
      ['PUT', '/api/users/tfa/totp/enforce', { enforce: true, url: '' }, 'user_guids is required'],
      ['PUT', '/api/users/tfa/totp/enforce', { user_guids: [UNKNOWN_GUID], url: '' }, 'enforce is required'],
      [
        'PUT',
        '/api/users/tfa/totp/enforce',
        { user_guids: [], enforce: true },
        'user_guids must NOT have fewer',
      ],
      [
        'PUT',
        '/api/users/tfa/totp/enforce',
        { user_guids: ['mike'], enforce: true },
        'user_guids[0] must match',
      ],
      [
        'PUT',
        '/api/users/tfa/totp/enforce',
        { user_guids: UNKNOWN_GUID, enforce: true },
        'user_guids must be array',
      ],
      [
        'PUT',
        '/api/users/tfa/totp/enforce',
        { user_guids: [UNKNOWN_GUID], enforce: 'yes' },
        'enforce must be',
      ],
      ['PUT', '/api/users/disable_login_verification', { user_guids: [UNKNOWN_GUID] }, 'type is required'],
      [
        'PUT',
        '/api/users/disable_login_verification',
        { user_guids: [UNKNOWN_GUID], type: 'sms' },
        'type must',
      ],
      ['POST', '/api/users/force-logout', {}, 'user_guids is required'],
      ['POST', '/api/users/force-logout', { user_guids: [42] }, 'user_guids[0] must be string'],
    ])('%s %s with %j answers 400: %s', async (method, url, body, message) => {
      const response = await t.call(method as 'PUT', url, { token, body });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toContain(message);
    });
  });

  describe('routing: static paths win over {guid}', () => {
    it('each static path reaches its own handler, and {guid} routes still match guids', async () => {
      const invite = await t.call('POST', '/api/users/invite', { token, body: {} });
      expect(invite.json()).toEqual({ error: 'email is required', code: 'field_required', field: 'email' });
      const logout = await t.call('POST', '/api/users/force-logout', { token, body: {} });
      expect(logout.json()).toEqual({
        error: 'user_guids is required',
        code: 'field_required',
        field: 'user_guids',
      });
      const enforce = await t.call('PUT', '/api/users/tfa/totp/enforce', { token, body: {} });
      expect(enforce.json()).toEqual({
        error: 'user_guids is required',
        code: 'field_required',
        field: 'user_guids',
      });
      const verification = await t.call('PUT', '/api/users/disable_login_verification', { token, body: {} });
      expect(verification.json()).toEqual({
        error: 'user_guids is required',
        code: 'field_required',
        field: 'user_guids',
      });
      // The same words in a {guid} position are not guids.
      const asGuid = await t.call('GET', '/api/users/invite', { token });
      expect(asGuid.statusCode).toBe(400);
      expect(asGuid.json().error).toMatch(/^guid must match format/);
      const mike = await t.call('GET', `/api/users/${await guidOf('mike')}`, { token });
      expect(mike.json().name).toBe('mike');
    });
  });

  describe('GET and PATCH /api/users/{guid} (the console)', () => {
    it('GET answers one user; 404 for an unknown guid', async () => {
      const response = await t.call('GET', `/api/users/${await guidOf('mikey')}`, { token: admin });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ name: 'mikey', group_name: 'Sales', tfa_enforced: true });
      const unknown = await t.call('GET', `/api/users/${UNKNOWN_GUID}`, { token: admin });
      expect(unknown.statusCode).toBe(404);
    });

    it('PATCH changes each given field, records what changed, and ignores strategy', async () => {
      const guid = await guidOf('mikey');
      const response = await t.call('PATCH', `/api/users/${guid}`, {
        token: admin,
        body: {
          display_name: 'Mikey M.',
          email: 'mikey@example.com',
          note: 'on leave',
          group_name: 'Support',
          strategy: 'not here',
        },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        name: 'mikey',
        display_name: 'Mikey M.',
        email: 'mikey@example.com',
        note: 'on leave',
        group_name: 'Support',
        strategy_name: '',
      });
      expect(await lastAudit(CONSOLE_OPERATION.updateUser)).toEqual({
        operator: 'admin',
        typ: CONSOLE_AREA.user,
        iop: CONSOLE_OPERATION.updateUser,
        detail: 'user: mikey (display name, e-mail, note, group: Support)',
      });
      const before = (await audits(CONSOLE_OPERATION.updateUser)).length;
      const same = await t.call('PATCH', `/api/users/${guid}`, { token: admin, body: { note: 'on leave' } });
      expect(same.statusCode).toBe(200);
      expect(await audits(CONSOLE_OPERATION.updateUser)).toHaveLength(before);
      const empty = await t.call('PATCH', `/api/users/${guid}`, { token: admin });
      expect(empty.statusCode).toBe(200);
    });

    it('a password set by someone else ends the user’s sessions and clears password_is_default', async () => {
      await t.db.updateTable('users').set({ password_is_default: 1 }).where('name', '=', 'mikey').execute();
      const session = await t.login('mikey', 'mikey-pass');
      const response = await t.call('PATCH', `/api/users/${await guidOf('mikey')}`, {
        token,
        body: { password: 'fresh-pass' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().default_password).toBe(false);
      expect((await t.call('POST', '/api/currentUser', { token: session })).statusCode).toBe(401);
      await t.login('mikey', 'fresh-pass');
      expect((await lastAudit(CONSOLE_OPERATION.updateUser))?.detail).toBe('user: mikey (password)');
    });

    it('an administrator changing their own password needs the current one, and keeps their session', async () => {
      await createUser(t.db, { name: 'root2', password: 'root2-pass', isAdmin: true });
      const session = await t.login('root2', 'root2-pass');
      const guid = await guidOf('root2');
      const without = await t.call('PATCH', `/api/users/${guid}`, {
        token: session,
        body: { password: 'root2-new' },
      });
      expect(without.statusCode).toBe(400);
      expect(without.json()).toEqual({
        error: 'current_password is required',
        code: 'field_required',
        field: 'current_password',
      });
      const wrong = await t.call('PATCH', `/api/users/${guid}`, {
        token: session,
        body: { password: 'root2-new', current_password: 'guess' },
      });
      expect(wrong.statusCode).toBe(403);
      const response = await t.call('PATCH', `/api/users/${guid}`, {
        token: session,
        body: { password: 'root2-new', current_password: 'root2-pass' },
      });
      expect(response.statusCode).toBe(200);
      expect((await t.call('POST', '/api/currentUser', { token: session })).statusCode).toBe(200);
    });

    it('disabling through PATCH ends the sessions; status, is_admin and group are checked', async () => {
      const session = await t.login('mike', 'mike-pass');
      const guid = await guidOf('mike');
      const response = await t.call('PATCH', `/api/users/${guid}`, { token: admin, body: { status: 0 } });
      expect(response.statusCode).toBe(200);
      expect(response.json().status).toBe(0);
      expect((await t.call('POST', '/api/currentUser', { token: session })).statusCode).toBe(401);
      expect((await lastAudit(CONSOLE_OPERATION.updateUser))?.detail).toBe('user: mike (disabled)');
      await t.call('PATCH', `/api/users/${guid}`, { token: admin, body: { status: 1 } });
      for (const [body, status, message] of [
        [{ status: -1 }, 400, 'status must be >= 0'],
        [{ status: 2 }, 400, 'status must be <= 1'],
        [{ status: '1' }, 400, 'status must be integer'],
        [{ is_admin: 1 }, 400, 'is_admin must be boolean'],
        [{ group_name: 'Nowhere' }, 404, "User group 'Nowhere' not found"],
        [{ group_name: '' }, 400, 'group_name must NOT have fewer'],
        [{ email: 'broken' }, 400, 'email is not a valid e-mail address'],
        [{ password: 'abc' }, 400, 'password must be at least 8 characters'],
        [{ display_name: 'x'.repeat(101) }, 400, 'display_name must NOT have more'],
      ] as const) {
        const bad = await t.call('PATCH', `/api/users/${guid}`, { token: admin, body });
        expect(bad.statusCode, JSON.stringify(body)).toBe(status);
        expect(bad.json().error, JSON.stringify(body)).toContain(message);
      }
      const unknown = await t.call('PATCH', `/api/users/${UNKNOWN_GUID}`, {
        token: admin,
        body: { note: 'x' },
      });
      expect(unknown.statusCode).toBe(404);
    });
  });

  describe('a member’s own account (own: true)', () => {
    let alice: string;
    let aliceGuid: string;
    beforeAll(async () => {
      alice = await t.login('alice', 'alice-pass');
      aliceGuid = await guidOf('alice');
    });

    it('reads their own account, and nobody else’s', async () => {
      const own = await t.call('GET', `/api/users/${aliceGuid}`, { token: alice });
      expect(own.statusCode).toBe(200);
      expect(own.json().name).toBe('alice');
      for (const guid of [await guidOf('mike'), UNKNOWN_GUID]) {
        const other = await t.call('GET', `/api/users/${guid}`, { token: alice });
        expect(other.statusCode).toBe(403);
        expect(other.json()).toEqual({
          error: 'You may only see and change your own account',
          code: 'own_account_only',
        });
      }
    });

    it('changes their display name and e-mail', async () => {
      const response = await t.call('PATCH', `/api/users/${aliceGuid}`, {
        token: alice,
        body: { display_name: 'Alice A.', email: 'alice@example.com' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ display_name: 'Alice A.', email: 'alice@example.com' });
      expect(await lastAudit(CONSOLE_OPERATION.updateUser)).toMatchObject({
        operator: 'alice',
        detail: 'user: alice (display name, e-mail)',
      });
    });

    it('changes nothing else', async () => {
      for (const body of [
        { note: 'x' },
        { is_admin: true },
        { group_name: 'Sales' },
        { status: 1 },
        { display_name: 'A', note: 'x' },
      ]) {
        const response = await t.call('PATCH', `/api/users/${aliceGuid}`, { token: alice, body });
        expect(response.statusCode, JSON.stringify(body)).toBe(403);
        expect(response.json().error).toMatch(
          /^You may change only your display name, e-mail, password and e-mail login verification/,
        );
      }
      const other = await t.call('PATCH', `/api/users/${await guidOf('mike')}`, {
        token: alice,
        body: { display_name: 'hacked' },
      });
      expect(other.statusCode).toBe(403);
      expect((await userRow('mike')).display_name).toBe('');
      expect(await userRow('alice')).toMatchObject({ is_admin: 0, note: '' });
    });

    it('changes their password only with the current one, and keeps their session', async () => {
      const missing = await t.call('PATCH', `/api/users/${aliceGuid}`, {
        token: alice,
        body: { password: 'alice-new' },
      });
      expect(missing.statusCode).toBe(400);
      expect(missing.json()).toEqual({
        error: 'current_password is required',
        code: 'field_required',
        field: 'current_password',
      });
      const wrong = await t.call('PATCH', `/api/users/${aliceGuid}`, {
        token: alice,
        body: { password: 'alice-new', current_password: 'guess' },
      });
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json()).toEqual({ error: 'current password is wrong', code: 'current_password_wrong' });
      const right = await t.call('PATCH', `/api/users/${aliceGuid}`, {
        token: alice,
        body: { password: 'alice-new', current_password: 'alice-pass' },
      });
      expect(right.statusCode).toBe(200);
      expect((await t.call('POST', '/api/currentUser', { token: alice })).statusCode).toBe(200);
      await t.login('alice', 'alice-new');
    });

    it('is refused everything else in users.ts', async () => {
      const guid = await guidOf('mike');
      for (const [method, url, body] of [
        ['GET', '/api/users', undefined],
        ['GET', '/api/users?name=alice', undefined],
        ['POST', '/api/users', { name: 'x2', password: 'p@ss-word', group_name: 'Default' }],
        ['POST', '/api/users/invite', { email: 'a@b', name: 'x2', group_name: 'Default' }],
        ['POST', `/api/users/${guid}/disable`, undefined],
        ['POST', `/api/users/${aliceGuid}/enable`, undefined],
        ['DELETE', `/api/users/${aliceGuid}`, undefined],
        ['PUT', '/api/users/tfa/totp/enforce', { user_guids: [aliceGuid], enforce: false }],
        ['PUT', '/api/users/disable_login_verification', { user_guids: [aliceGuid], type: '2fa' }],
        ['POST', '/api/users/force-logout', { user_guids: [guid] }],
      ] as const) {
        const response = await t.call(method, url, { token: alice, body });
        expect(response.statusCode, `${method} ${url}`).toBe(403);
        expect(response.json()).toEqual({ error: 'Administrator required', code: 'admin_required' });
      }
    });
  });

  describe('API token scopes', () => {
    it('user:r lists and reads but does not change; other areas do not reach users', async () => {
      const reader = await t.apiToken({ user: 'r' });
      expect((await t.call('GET', '/api/users?name=mike', { token: reader })).statusCode).toBe(200);
      expect((await t.call('GET', `/api/users/${await guidOf('mike')}`, { token: reader })).statusCode).toBe(
        200,
      );
      for (const [method, url, body] of [
        ['POST', '/api/users', { name: 'x3', password: 'p@ss-word', group_name: 'Default' }],
        ['POST', `/api/users/${await guidOf('mike')}/disable`, undefined],
        ['PATCH', `/api/users/${await guidOf('mike')}`, { note: 'x' }],
        ['DELETE', `/api/users/${await guidOf('mike')}`, undefined],
        ['POST', '/api/users/force-logout', { user_guids: [await guidOf('mike')] }],
      ] as const) {
        const response = await t.call(method, url, { token: reader, body });
        expect(response.statusCode, `${method} ${url}`).toBe(403);
        expect(response.json()).toEqual({
          error: 'This API token lacks the user:rw permission',
          code: 'token_lacks_permission',
          scope: 'user:rw',
        });
      }
      const groupsOnly = await t.apiToken({ user_group: 'rw', device: 'rw' });
      const refused = await t.call('GET', '/api/users', { token: groupsOnly });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toEqual({
        error: 'This API token lacks the user:r permission',
        code: 'token_lacks_permission',
        scope: 'user:r',
      });
    });

    it('every route answers 401 without credentials', async () => {
      const guid = await guidOf('mike');
      for (const [method, url] of [
        ['GET', '/api/users'],
        ['POST', '/api/users'],
        ['POST', '/api/users/invite'],
        ['GET', `/api/users/${guid}`],
        ['PATCH', `/api/users/${guid}`],
        ['DELETE', `/api/users/${guid}`],
        ['POST', `/api/users/${guid}/disable`],
        ['POST', `/api/users/${guid}/enable`],
        ['PUT', '/api/users/tfa/totp/enforce'],
        ['PUT', '/api/users/disable_login_verification'],
        ['POST', '/api/users/force-logout'],
      ] as const) {
        const response = await t.call(method, url);
        expect(response.statusCode, `${method} ${url}`).toBe(401);
        expect(response.json()).toHaveProperty('error');
      }
    });
  });

  describe('bad input', () => {
    it.each([
      ['pageSize=0', /^pageSize must be >= 1/],
      ['pageSize=abc', /^pageSize /],
      ['current=0', /^current must be >= 1/],
      ['status=abc', /^status /],
      ['name=x&name=y', /^name /],
      [`name=${'x'.repeat(257)}`, /^name must NOT have more/],
    ])('GET /api/users?%s answers 400 naming the parameter', async (query, message) => {
      const response = await t.call('GET', `/api/users?${query}`, { token });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatch(message);
    });

    it('malformed JSON and wrong body types on every route with a body answer 400, never 500', async () => {
      const guid = await guidOf('mike');
      for (const [method, url] of [
        ['POST', '/api/users'],
        ['POST', '/api/users/invite'],
        ['PATCH', `/api/users/${guid}`],
        ['PUT', '/api/users/tfa/totp/enforce'],
        ['PUT', '/api/users/disable_login_verification'],
        ['POST', '/api/users/force-logout'],
      ] as const) {
        for (const payload of ['{"broken', '[]', '42', 'null']) {
          const response = await t.call(method, url, { token, payload });
          expect(response.statusCode, `${method} ${url} ${payload}`).toBe(400);
          expect(response.json()).toHaveProperty('error');
        }
      }
    });

    it('a NUL character in text is refused or stored, never a 500', async () => {
      const response = await t.call('PATCH', `/api/users/${await guidOf('mike')}`, {
        token,
        body: { note: 'a\u0000b' },
      });
      expect([200, 400]).toContain(response.statusCode);
      const listed = await t.call('GET', '/api/users?name=%25%00%25', { token });
      expect([200, 400]).toContain(listed.statusCode);
    });
  });

  // Last: it ends with the bootstrap administrator deleted.
  describe('the last enabled administrator', () => {
    it('cannot be disabled, demoted or deleted while no other enabled administrator exists', async () => {
      const admins = await t.db.selectFrom('users').select('name').where('is_admin', '=', 1).execute();
      // Only the bootstrap admin and the two created above (boss, root2) are administrators; demote those.
      for (const { name } of admins.filter((a) => a.name !== 'admin')) {
        const demoted = await t.call('PATCH', `/api/users/${await guidOf(name)}`, {
          token: admin,
          body: { is_admin: false },
        });
        expect(demoted.statusCode, name).toBe(200);
      }
      const guid = await guidOf('admin');
      const message = 'admin is the last enabled administrator; make another user an administrator first';
      for (const [method, url, body] of [
        ['POST', `/api/users/${guid}/disable`, undefined],
        ['PATCH', `/api/users/${guid}`, { is_admin: false }],
        ['PATCH', `/api/users/${guid}`, { status: 0 }],
      ] as const) {
        const response = await t.call(method, url, { token: admin, body });
        expect(response.statusCode, `${method} ${url}`).toBe(400);
        expect(response.json()).toEqual({ error: message, code: 'last_admin', name: 'admin' });
      }
      expect(await userRow('admin')).toMatchObject({ is_admin: 1, status: 1 });

      // A disabled administrator does not count; an enabled one does.
      const bossGuid = await guidOf('boss');
      await t.call('PATCH', `/api/users/${bossGuid}`, { token: admin, body: { is_admin: true, status: 0 } });
      expect((await t.call('POST', `/api/users/${guid}/disable`, { token: admin })).statusCode).toBe(400);
      await t.call('POST', `/api/users/${bossGuid}/enable`, { token: admin });
      const boss = await t.login('boss', 'boss-pass');
      const disabled = await t.call('POST', `/api/users/${guid}/disable`, { token: boss });
      expect(disabled.statusCode).toBe(200);
      const deleted = await t.call('DELETE', `/api/users/${guid}`, { token: boss });
      expect(deleted.statusCode, deleted.body).toBe(200);
      const last = await t.call('PATCH', `/api/users/${bossGuid}`, {
        token: boss,
        body: { is_admin: false },
      });
      expect(last.json()).toEqual({
        error: 'boss is the last enabled administrator; make another user an administrator first',
        code: 'last_admin',
        name: 'boss',
      });
    });
  });
});
