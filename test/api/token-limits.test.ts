import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const CONSOLE_NEEDED = "use an administrator's console session";

/**
 * Issue 10, item 3: what an API token with `user:rw` must not do. A token manages non-administrators
 * only; everything that reaches an administrator, or makes one, needs an administrator's own session.
 */
describe('API tokens and administrators', () => {
  let t: TestApp;
  let admin: string;
  let token: string;
  let rootSession: string;

  const guidOf = async (name: string) =>
    (await t.db.selectFrom('users').select('guid').where('name', '=', name).executeTakeFirstOrThrow()).guid;
  const userRow = (name: string) =>
    t.db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
  const expectRefused = (response: { statusCode: number; json(): { error: string } }, what: RegExp) => {
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toMatch(what);
    expect(response.json().error).toContain(CONSOLE_NEEDED);
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    token = await t.apiToken({ user: 'rw' });
    await createUser(t.db, { name: 'root', password: 'root-pass', isAdmin: true });
    await createUser(t.db, { name: 'gone', password: 'gone-pass', isAdmin: true, status: 0 });
    await createUser(t.db, { name: 'member', password: 'member-pass' });
    // Logged in before 2FA is on: the session must survive the refused force-logout below.
    rootSession = await t.login('root', 'root-pass');
    await t.db
      .updateTable('users')
      .set({ tfa_secret: 'JBSWY3DPEHPK3PXP' })
      .where('name', '=', 'root')
      .execute();
  });
  afterAll(() => t.close());

  it("cannot set an administrator's password, e-mail, name, note, group or status", async () => {
    const guid = await guidOf('admin');
    for (const body of [
      { password: 'taken-over' },
      { email: 'attacker@example.com' },
      { display_name: 'x' },
      { note: 'x' },
      { group_name: 'Default' },
      { status: 0 },
      { is_admin: false },
      {},
    ]) {
      expectRefused(
        await t.call('PATCH', `/api/users/${guid}`, { token, body }),
        /^An API token cannot change administrators; .*: admin$/,
      );
    }
    expect(await userRow('admin')).toMatchObject({ email: '', display_name: '', status: 1, is_admin: 1 });
    await t.login('admin', 'test1234');
  });

  it('cannot create an administrator, nor make a member one', async () => {
    expectRefused(
      await t.call('POST', '/api/users', {
        token,
        body: { name: 'mallory', password: 'mallory-pass', group_name: 'Default', is_admin: true },
      }),
      /^An API token cannot make a user an administrator/,
    );
    expect(await userRow('mallory')).toBeUndefined();
    expectRefused(
      await t.call('PATCH', `/api/users/${await guidOf('member')}`, { token, body: { is_admin: true } }),
      /^An API token cannot make a user an administrator/,
    );
    expect((await userRow('member'))?.is_admin).toBe(0);
  });

  it('cannot disable, enable, delete, log out or change the login verification of an administrator', async () => {
    const [root, gone, member] = [await guidOf('root'), await guidOf('gone'), await guidOf('member')];
    for (const [method, url, body] of [
      ['POST', `/api/users/${root}/disable`, undefined],
      ['POST', `/api/users/${gone}/enable`, undefined],
      ['DELETE', `/api/users/${gone}`, undefined],
      ['POST', '/api/users/force-logout', { user_guids: [member, root] }],
      ['PUT', '/api/users/disable_login_verification', { user_guids: [member, root], type: '2fa' }],
      ['PUT', '/api/users/disable_login_verification', { user_guids: [root], type: 'email' }],
      ['PUT', '/api/users/tfa/totp/enforce', { user_guids: [root], enforce: true }],
      ['POST', '/api/users/bulk', { action: 'disable', guids: [member, root] }],
      ['POST', '/api/users/bulk', { action: 'enable', guids: [gone] }],
      ['POST', '/api/users/bulk', { action: 'delete', guids: [gone] }],
    ] as const) {
      expectRefused(
        await t.call(method, url, { token, body }),
        /^An API token cannot change administrators; .*: (root|gone)$/,
      );
    }
    expect(await userRow('root')).toMatchObject({
      status: 1,
      tfa_secret: 'JBSWY3DPEHPK3PXP',
      tfa_enforced: 0,
    });
    expect((await userRow('gone'))?.status).toBe(0);
    expect((await userRow('member'))?.status).toBe(1);
    expect((await t.call('POST', '/api/currentUser', { token: rootSession })).statusCode).toBe(200);
  });

  it('still manages non-administrators', async () => {
    const member = await guidOf('member');
    const changed = await t.call('PATCH', `/api/users/${member}`, {
      token,
      body: { password: 'member-new', note: 'by script', is_admin: false },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    await t.login('member', 'member-new');
    const created = await t.call('POST', '/api/users', {
      token,
      body: { name: 'temp', password: 'temp-pass', group_name: 'Default', is_admin: false },
    });
    expect(created.statusCode, created.body).toBe(200);
    const temp = created.json().guid as string;
    for (const action of ['disable', 'enable', 'delete'] as const) {
      const response = await t.call('POST', '/api/users/bulk', { token, body: { action, guids: [temp] } });
      expect(response.statusCode, `${action}: ${response.body}`).toBe(200);
      if (action === 'enable') await t.call('POST', `/api/users/${temp}/disable`, { token });
    }
    expect(await userRow('temp')).toBeUndefined();
  });

  it("an administrator's session does all of it", async () => {
    const created = await t.call('POST', '/api/users', {
      token: admin,
      body: { name: 'deputy', password: 'deputy-pass', group_name: 'Default', is_admin: true },
    });
    expect(created.statusCode, created.body).toBe(200);
    const root = await guidOf('root');
    const reset = await t.call('PATCH', `/api/users/${root}`, {
      token: admin,
      body: { password: 'root-new' },
    });
    expect(reset.statusCode, reset.body).toBe(200);
    const tfa = await t.call('PUT', '/api/users/disable_login_verification', {
      token: admin,
      body: { user_guids: [root], type: '2fa' },
    });
    expect(tfa.statusCode, tfa.body).toBe(200);
    expect((await userRow('root'))?.tfa_secret).toBe('');
  });
});

/** Issue 10, item 8: a token works only while the administrator who created it is one, and enabled. */
describe('API tokens and their creator', () => {
  let t: TestApp;
  let admin: string;
  let rootGuid: string;
  let rootToken: string;

  const listDevices = (token: string) => t.call('GET', '/api/devices', { token });
  const setRoot = async (body: Record<string, unknown>) => {
    const response = await t.call('PATCH', `/api/users/${rootGuid}`, { token: admin, body });
    expect(response.statusCode, response.body).toBe(200);
  };
  const expectUnusable = async (token: string) => {
    const response = await listDevices(token);
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatch(/API token/);
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    await createUser(t.db, { name: 'root', password: 'root-pass', isAdmin: true });
    rootGuid = (
      await t.db.selectFrom('users').select('guid').where('name', '=', 'root').executeTakeFirstOrThrow()
    ).guid;
    const created = await t.call('POST', '/api/tokens', {
      token: await t.login('root', 'root-pass'),
      body: { name: 'root script', permissions: { device: 'r' } },
    });
    rootToken = created.json().token as string;
  });
  afterAll(() => t.close());

  it('stops working while its creator is disabled, and again while they are not an administrator', async () => {
    expect((await listDevices(rootToken)).statusCode).toBe(200);
    await setRoot({ status: 0 });
    await expectUnusable(rootToken);
    await setRoot({ status: 1 });
    expect((await listDevices(rootToken)).statusCode).toBe(200);
    await setRoot({ is_admin: false });
    await expectUnusable(rootToken);
    await setRoot({ is_admin: true });
    expect((await listDevices(rootToken)).statusCode).toBe(200);
  });

  it('goes with its creator when they are deleted', async () => {
    await setRoot({ status: 0 });
    expect((await t.call('DELETE', `/api/users/${rootGuid}`, { token: admin })).statusCode).toBe(200);
    await expectUnusable(rootToken);
    expect((await t.call('GET', '/api/tokens', { token: admin })).json()).toEqual([]);
  });
});
