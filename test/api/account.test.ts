import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/lib/clock.js';
import { createUser } from '../helpers/factories.js';
import { FAST_THROTTLE, startTestApp, type TestApp } from '../helpers/test-app.js';

/** What a stock RustDesk 1.4.x Flutter client sends (client-api.md §5.3). */
const clientLogin = (username: string, password: string) => ({
  username,
  password,
  id: '1849118658',
  uuid: 'MTIzNDU2Nzg5MDEyMzQ1Ng==',
  autoLogin: true,
  type: 'account',
  deviceInfo: { os: 'linux', type: 'client', name: 'build-box' },
});

describe('the RustDesk client account calls', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t.db, { name: 'alice', password: 'alice-pass' });
    await createUser(t.db, { name: 'bob', password: 'bob-pass', status: 0 });
  });
  afterAll(() => t.close());

  it('POST /api/login answers an access token and the user payload of §5.5', async () => {
    const response = await t.call('POST', '/api/login', { body: clientLogin('admin', 'test1234') });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.type).toBe('access_token');
    expect(body.access_token).toMatch(/^rdcs_[A-Za-z0-9_-]{43}$/);
    expect(body.user).toEqual({
      guid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'admin',
      display_name: '',
      email: '',
      note: '',
      avatar: '',
      status: 1,
      is_admin: true,
      group_name: 'Default',
      default_password: true,
      local_password: true,
      tfa_setup_required: false,
      third_auth_type: null,
      auth_source: '',
      info: { email_verification: false, email_alarm_notification: false },
    });
  });

  it('accepts the curl form with only username and password, and fields newer clients may add', async () => {
    expect(
      (await t.call('POST', '/api/login', { body: { username: 'alice', password: 'alice-pass' } }))
        .statusCode,
    ).toBe(200);
    const extra = {
      ...clientLogin('alice', 'alice-pass'),
      somethingNew: { nested: [1, 2] },
      deviceInfo: 'odd',
    };
    const response = await t.call('POST', '/api/login', { body: extra });
    expect(response.statusCode).toBe(200);
    expect(response.json().user.is_admin).toBe(false);
  });

  it('records what the client said about itself on the session', async () => {
    await t.call('POST', '/api/login', { body: clientLogin('alice', 'alice-pass') });
    const session = await t.db
      .selectFrom('login_sessions')
      .selectAll()
      .where('client_id', '=', '1849118658')
      .executeTakeFirstOrThrow();
    expect(session).toMatchObject({ device_os: 'linux', device_type: 'client', device_name: 'build-box' });
    expect(session.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['a wrong password', 'admin', 'nope'],
    ['an unknown user', 'nobody', 'test1234'],
  ])('answers 401 for %s, with the same message for both', async (_case, username, password) => {
    const response = await t.call('POST', '/api/login', { body: clientLogin(username, password) });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'Incorrect username or password', code: 'login_failed' });
  });

  it('answers 401 for a disabled user', async () => {
    const response = await t.call('POST', '/api/login', { body: clientLogin('bob', 'bob-pass') });
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatch(/disabled/);
  });

  it('refuses login types it does not implement', async () => {
    const response = await t.call('POST', '/api/login', {
      body: { username: 'a', password: 'b', type: 'sms_code' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(/sms_code/);
  });

  it('POST /api/currentUser answers the user of the token; logout revokes it', async () => {
    const token = await t.login('alice', 'alice-pass');
    const me = await t.call('POST', '/api/currentUser', { token, body: { id: '1849118658', uuid: 'x' } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ name: 'alice', status: 1, is_admin: false, info: {} });

    const logout = await t.call('POST', '/api/logout', { token, body: { id: '1849118658', uuid: 'x' } });
    expect(logout.statusCode).toBe(200);
    const after = await t.call('POST', '/api/currentUser', { token, body: {} });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toHaveProperty('error');
  });

  it('currentUser accepts the Flutter request with no body', async () => {
    const token = await t.login('alice', 'alice-pass');
    const response = await t.call('POST', '/api/currentUser', {
      token,
      headers: { 'content-type': 'application/json', 'content-length': '0' },
    });
    expect(response.statusCode).toBe(200);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an unknown token', 'rdcs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['an empty Bearer', ''],
  ])('currentUser and logout answer 401 with %s', async (_case, token) => {
    for (const url of ['/api/currentUser', '/api/logout']) {
      const response = await t.call('POST', url, {
        body: {},
        ...(token !== undefined ? { headers: { authorization: `Bearer ${token}` } } : {}),
      });
      expect(response.statusCode).toBe(401);
      expect(typeof response.json().error).toBe('string');
    }
  });

  it('a session expires after the configured days of inactivity, and stays alive while used', async () => {
    const token = await t.login('alice', 'alice-pass');
    t.clock.advance(20 * DAY_MS);
    expect((await t.call('POST', '/api/currentUser', { token })).statusCode).toBe(200);
    t.clock.advance(20 * DAY_MS);
    expect((await t.call('POST', '/api/currentUser', { token })).statusCode).toBe(200);
    t.clock.advance(31 * DAY_MS);
    expect((await t.call('POST', '/api/currentUser', { token })).statusCode).toBe(401);
  });

  it('revoking all sessions of a user ends every one of them', async () => {
    const one = await t.login('alice', 'alice-pass');
    const two = await t.login('alice', 'alice-pass');
    const alice = await t.db
      .selectFrom('users')
      .select('id')
      .where('name', '=', 'alice')
      .executeTakeFirstOrThrow();
    expect(await t.app.services.sessions.revokeAllForUser(alice.id)).toBeGreaterThanOrEqual(2);
    for (const token of [one, two]) {
      expect((await t.call('POST', '/api/currentUser', { token })).statusCode).toBe(401);
    }
  });

  it('disabling a user makes their existing tokens fail', async () => {
    const token = await t.login('alice', 'alice-pass');
    await t.db.updateTable('users').set({ status: 0 }).where('name', '=', 'alice').execute();
    expect((await t.call('POST', '/api/currentUser', { token })).statusCode).toBe(401);
    await t.db.updateTable('users').set({ status: 1 }).where('name', '=', 'alice').execute();
  });

  it('GET and HEAD /api/login-options answer (an empty list without OIDC providers)', async () => {
    const get = await t.call('GET', '/api/login-options');
    expect(get.statusCode).toBe(200);
    expect(get.json()).toEqual([]);
    expect((await t.call('HEAD', '/api/login-options')).statusCode).toBe(200);
  });

  it('API tokens are not login sessions: currentUser refuses them', async () => {
    const apiToken = await t.apiToken({ user: 'rw' });
    const response = await t.call('POST', '/api/currentUser', { token: apiToken });
    expect(response.statusCode).toBe(403);
  });
});

describe('login throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ throttle: { ...FAST_THROTTLE, maxFailures: 4, lockMs: 60_000 } });
    await createUser(t.db, { name: 'carol', password: 'carol-pass' });
  });
  afterAll(() => t.close());

  it('refuses a username with 429 after repeated failures, then lets the real user in after the lock', async () => {
    for (let i = 0; i < 4; i++) {
      const response = await t.call('POST', '/api/login', {
        body: { username: 'carol', password: `wrong${i}` },
      });
      expect(response.statusCode).toBe(401);
    }
    const refused = await t.call('POST', '/api/login', {
      body: { username: 'carol', password: 'carol-pass' },
    });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatch(/Too many/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    t.clock.advance(61_000);
    const allowed = await t.call('POST', '/api/login', {
      body: { username: 'carol', password: 'carol-pass' },
    });
    expect(allowed.statusCode).toBe(200);
  });
});
