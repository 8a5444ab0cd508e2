import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientSecondStepBody, LOGIN_DEVICE } from '../helpers/client.js';
import { createUser, createUserGroup } from '../helpers/factories.js';
import { startIdentityProvider, type TestIdentityProvider } from '../helpers/identity-provider.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { codeAt, enrolTotp } from '../helpers/two-factor.js';

const CONSOLE_URL = 'http://rdconsole.test';
const CALLBACK = `${CONSOLE_URL}/api/oidc/callback`;
const DEVICE = LOGIN_DEVICE;
const NOT_AUTHED = { error: 'No authed oidc is found', code: 'oidc_not_authed' };

describe('OIDC login through a real identity provider', () => {
  let idp: TestIdentityProvider;
  let t: TestApp;
  let admin: string;
  let providerId: number;

  beforeAll(async () => {
    idp = await startIdentityProvider([CALLBACK]);
  });
  afterAll(() => idp.close());

  beforeEach(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    await t.call('PATCH', '/api/settings', { token: admin, body: { console_url: CONSOLE_URL } });
    await createUserGroup(t.db, 'Engineering');
    idp.accounts.clear();
    idp.accounts.set('alice', {
      email: 'alice@example.com',
      email_verified: true,
      name: 'Alice Liddell',
      preferred_username: 'alice',
      groups: ['/Engineering', 'Everyone'],
    });
    const created = await t.call('POST', '/api/oidc/providers', {
      token: admin,
      body: {
        name: 'Acme',
        kind: 'generic',
        issuer: idp.issuer,
        client_id: idp.clientId,
        client_secret: idp.clientSecret,
        group_mapping: 'name',
      },
    });
    expect(created.statusCode, created.body).toBe(200);
    providerId = created.json().id;
  });
  afterEach(() => t.close());

  const poll = (code: string, device: { id: string; uuid: string } | null = DEVICE) =>
    t.call('GET', '/api/oidc/auth-query', {
      query: device ? { code, id: device.id, uuid: device.uuid } : { code },
    });

  /** The value of the browser binding cookie a response sets, if any. */
  const cookieSet = (headers: Record<string, unknown>) => {
    const line = [headers['set-cookie'] ?? []]
      .flat()
      .map(String)
      .find((l) => l.startsWith('rdconsole_oidc='));
    return line?.split(';')[0];
  };

  /** POST /api/oidc/auth as the RustDesk client sends it (or the console: no device, and a cookie back). */
  async function start(device: typeof DEVICE | null = DEVICE, op = 'Acme') {
    const response = await t.call('POST', '/api/oidc/auth', {
      body: device ? { op, ...device, apiDomain: CONSOLE_URL } : { op },
    });
    expect(response.statusCode, response.body).toBe(200);
    const cookie = cookieSet(response.headers);
    expect(cookie === undefined).toBe(device !== null);
    return { ...(response.json() as { code: string; url: string }), cookie };
  }

  /**
   * A browser's part: the provider's pages, then the callback, with the browser's cookie for rdconsole;
   * answers where the callback sends it and the browser's cookie afterwards.
   */
  async function browser(url: string, login: string, cookie?: string, provider = idp) {
    const callback = await provider.signIn(url, login);
    expect(callback.href.startsWith(`${CALLBACK}?`)).toBe(true);
    const back = await t.call('GET', `${callback.pathname}${callback.search}`, {
      headers: cookie ? { cookie } : {},
    });
    expect(back.statusCode, back.body).toBe(302);
    return { location: String(back.headers.location), cookie: cookieSet(back.headers) ?? cookie };
  }

  /** The confirmation page's calls: what it shows, then the person's answer. */
  async function confirm(location: string, cookie: string | undefined, accept = true) {
    const login = new URL(location).searchParams.get('login') ?? '';
    const headers = cookie ? { cookie } : undefined;
    const shown = await t.call('GET', '/api/oidc/confirmation', { query: { login }, headers });
    const answered = await t.call('POST', '/api/oidc/confirmation', { body: { login, accept }, headers });
    return { shown, answered };
  }

  /** A client's login as the person does it: the provider, then "Sign in on that device". */
  async function signInOnDevice(url: string, login: string) {
    const back = await browser(url, login);
    expect(back.location).toMatch(new RegExp(`^${CONSOLE_URL}/oidc-done\\?login=[\\w-]+$`));
    const { answered } = await confirm(back.location, back.cookie);
    expect(answered.statusCode, answered.body).toBe(200);
  }

  it('the RustDesk client flow: login options, auth, the pending answer, the browser, then the AuthBody', async () => {
    expect((await t.call('GET', '/api/login-options')).json()).toEqual(['oidc/Acme']);
    const { code, url } = await start();
    const authorize = new URL(url);
    expect(authorize.origin).toBe(idp.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(CALLBACK);
    expect(authorize.searchParams.get('scope')).toBe('openid profile email');
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(url).not.toContain(code);

    // The client polls every second while the person is at the provider.
    expect((await poll(code)).json()).toEqual(NOT_AUTHED);
    const back = await browser(url, 'alice');
    expect(back.cookie).toMatch(/^rdconsole_oidc=[\w-]{43}$/);
    // Until the browser confirms, the client keeps polling.
    expect((await poll(code)).json()).toEqual(NOT_AUTHED);
    const { shown, answered } = await confirm(back.location, back.cookie);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toEqual({
      provider: 'Acme',
      device: { id: DEVICE.id, name: DEVICE.deviceInfo.name, os: DEVICE.deviceInfo.os },
      account: { username: 'alice', email: 'alice@example.com', display_name: 'Alice Liddell' },
    });
    expect(answered.statusCode, answered.body).toBe(200);

    const answer = await poll(code);
    expect(answer.statusCode, answer.body).toBe(200);
    const body = answer.json();
    expect(body).toMatchObject({
      type: 'access_token',
      user: { name: 'alice', email: 'alice@example.com', display_name: 'Alice Liddell', info: {} },
    });
    expect(body.access_token).toMatch(/^rdcs_/);
    const me = await t.call('POST', '/api/currentUser', { token: body.access_token, body: DEVICE });
    expect(me.json()).toMatchObject({ name: 'alice', third_auth_type: 'Acme' });

    const row = await t.db
      .selectFrom('users')
      .selectAll()
      .where('name', '=', 'alice')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ auth_source: 'oidc/Acme', auth_subject: `${idp.issuer}#alice` });
    const group = await t.db
      .selectFrom('user_groups')
      .select('name')
      .where('id', '=', row.group_id)
      .executeTakeFirst();
    expect(group?.name).toBe('Engineering');
    const session = await t.db
      .selectFrom('login_sessions')
      .selectAll()
      .where('user_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(session).toMatchObject({ client_id: DEVICE.id, device_name: DEVICE.deviceInfo.name });
    const audits = (await t.db.selectFrom('console_audits').select('detail').execute()).map((a) => a.detail);
    expect(audits).toContain(`login from RustDesk client ${DEVICE.id} through OIDC Acme`);

    // The answer is given once.
    expect((await poll(code)).json().code).toBe('oidc_login_expired');
  });

  it('the console flow: no device; the callback sends the browser to the login page, which collects the session', async () => {
    const { code, url, cookie } = await start(null);
    expect((await browser(url, 'alice', cookie)).location).toBe(`${CONSOLE_URL}/login?oidc=1`);
    const answer = (await poll(code, null)).json();
    expect(answer.type).toBe('access_token');
    const audits = (await t.db.selectFrom('console_audits').select('detail').execute()).map((a) => a.detail);
    expect(audits).toContain('login from web console through OIDC Acme');
  });

  it('with 2FA the poll answers the second step, which POST /api/login completes', async () => {
    const first = await start();
    await signInOnDevice(first.url, 'alice');
    const token = (await poll(first.code)).json().access_token;
    const { secret: totp } = await enrolTotp(t, token);

    const again = await start();
    await signInOnDevice(again.url, 'alice');
    const step = (await poll(again.code)).json();
    expect(step).toMatchObject({
      type: 'email_check',
      tfa_type: 'tfa_check',
      access_token: '',
      user: { name: 'alice' },
    });
    const done = await t.call('POST', '/api/login', {
      body: clientSecondStepBody('alice', step.secret, codeAt(totp, t.clock.now), 'tfa_check'),
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().access_token).toMatch(/^rdcs_/);
  });

  it('links an existing account by verified e-mail; an unverified address gets an account of its own', async () => {
    const bobId = await createUser(t.db, { name: 'bob', password: 'bob-password-1' });
    await t.db.updateTable('users').set({ email: 'bob@example.com' }).where('id', '=', bobId).execute();
    idp.accounts.set('bob-sub', {
      email: 'bob@example.com',
      email_verified: true,
      preferred_username: 'robert',
    });
    const linked = await start();
    await signInOnDevice(linked.url, 'bob-sub');
    expect((await poll(linked.code)).json().user.name).toBe('bob');
    const bob = await t.db.selectFrom('users').selectAll().where('id', '=', bobId).executeTakeFirstOrThrow();
    expect(bob).toMatchObject({ auth_source: 'oidc/Acme', auth_subject: `${idp.issuer}#bob-sub` });

    const carolId = await createUser(t.db, { name: 'carol', password: 'carol-password-1' });
    await t.db.updateTable('users').set({ email: 'carol@example.com' }).where('id', '=', carolId).execute();
    idp.accounts.set('mallory', {
      email: 'carol@example.com',
      email_verified: false,
      preferred_username: 'mallory',
    });
    const unverified = await start();
    await signInOnDevice(unverified.url, 'mallory');
    expect((await poll(unverified.code)).json().user.name).toBe('mallory');
    const carol = await t.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', carolId)
      .executeTakeFirstOrThrow();
    expect(carol.auth_source).toBe('');
  });

  it('maps groups through an explicit table at each login', async () => {
    await createUserGroup(t.db, 'Support');
    const changed = await t.call('PATCH', `/api/oidc/providers/${providerId}`, {
      token: admin,
      body: { group_mapping: 'table', group_table: [{ value: 'Everyone', group: 'Support' }] },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const login = async () => {
      const { code, url } = await start();
      await signInOnDevice(url, 'alice');
      expect((await poll(code)).statusCode).toBe(200);
      const row = await t.db
        .selectFrom('users')
        .innerJoin('user_groups', 'user_groups.id', 'users.group_id')
        .select('user_groups.name')
        .where('users.name', '=', 'alice')
        .executeTakeFirstOrThrow();
      return row.name;
    };
    expect(await login()).toBe('Support');
    await t.call('PATCH', `/api/oidc/providers/${providerId}`, {
      token: admin,
      body: {
        group_table: [
          { value: '/Engineering', group: 'Engineering' },
          { value: 'Everyone', group: 'Support' },
        ],
      },
    });
    expect(await login()).toBe('Engineering');
    // No row of the table matches the claim any more: the user leaves the group.
    await t.call('PATCH', `/api/oidc/providers/${providerId}`, {
      token: admin,
      body: { group_table: [{ value: 'Contractors', group: 'Support' }] },
    });
    expect(await login()).toBe('Default');
  });

  it('refuses a callback whose state was not issued here', async () => {
    const { code, url } = await start();
    const forged = new URL(url);
    forged.searchParams.set('state', 'forged-state');
    expect((await browser(forged.href, 'alice')).location).toBe(
      `${CONSOLE_URL}/oidc-done?error=oidc_login_expired`,
    );
    expect((await poll(code)).json()).toEqual(NOT_AUTHED);
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const { code, url } = await start();
    const forged = new URL(url);
    forged.searchParams.set('nonce', 'another-nonce');
    expect((await browser(forged.href, 'alice')).location).toBe(
      `${CONSOLE_URL}/oidc-done?error=oidc_login_failed`,
    );
    expect((await poll(code)).json()).toEqual({
      error: 'The identity provider did not confirm the login',
      code: 'oidc_login_failed',
    });
    expect(
      await t.db.selectFrom('users').select('id').where('name', '=', 'alice').executeTakeFirst(),
    ).toBeUndefined();
  });

  it('refuses a login that took longer than 10 minutes', async () => {
    const { code, url } = await start();
    t.clock.advance(10 * 60_000 + 1);
    expect((await browser(url, 'alice')).location).toBe(`${CONSOLE_URL}/oidc-done?error=oidc_login_expired`);
    expect((await poll(code)).json().code).toBe('oidc_login_expired');
  });

  it('a disabled provider is not offered and cannot be started', async () => {
    await t.call('PATCH', `/api/oidc/providers/${providerId}`, { token: admin, body: { enabled: false } });
    expect((await t.call('GET', '/api/login-options')).json()).toEqual([]);
    const refused = await t.call('POST', '/api/oidc/auth', { body: { op: 'Acme', ...DEVICE } });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toEqual({
      error: "No enabled OIDC provider is named 'Acme'",
      code: 'oidc_provider_unknown',
      name: 'Acme',
    });
  });

  it('auto-create off and the user cap refuse new accounts with a clear error', async () => {
    idp.accounts.set('dave', { preferred_username: 'dave', email: 'dave@example.com', email_verified: true });
    await t.call('PATCH', `/api/oidc/providers/${providerId}`, { token: admin, body: { max_users: 1 } });
    const first = await start();
    await signInOnDevice(first.url, 'alice');
    expect((await poll(first.code)).json().type).toBe('access_token');
    // The browser that confirms is told why, and so is the client.
    const capped = await start();
    const cappedBack = await browser(capped.url, 'dave');
    const refusal = (await confirm(cappedBack.location, cappedBack.cookie)).answered;
    expect(refusal.statusCode).toBe(403);
    expect(refusal.json()).toMatchObject({ code: 'sso_user_cap_reached', max: 1 });
    expect((await poll(capped.code)).json()).toMatchObject({ code: 'sso_user_cap_reached', max: 1 });

    await t.call('PATCH', `/api/oidc/providers/${providerId}`, {
      token: admin,
      body: { max_users: 0, auto_create: false },
    });
    const off = await start();
    const offBack = await browser(off.url, 'dave');
    expect((await confirm(offBack.location, offBack.cookie)).answered.json().code).toBe(
      'sso_auto_create_off',
    );
    expect((await poll(off.code)).json().code).toBe('sso_auto_create_off');
    // Existing accounts still log in.
    const known = await start();
    await signInOnDevice(known.url, 'alice');
    expect((await poll(known.code)).json().type).toBe('access_token');
  });

  it('first logins at the same moment respect the user cap', async () => {
    await t.call('PATCH', `/api/oidc/providers/${providerId}`, { token: admin, body: { max_users: 1 } });
    const people = ['p1', 'p2', 'p3', 'p4'];
    const waiting = [];
    for (const name of people) {
      idp.accounts.set(name, {
        preferred_username: name,
        email: `${name}@example.com`,
        email_verified: true,
      });
      const started = await start();
      const back = await browser(started.url, name);
      waiting.push(back);
    }
    const answers = await Promise.all(waiting.map((back) => confirm(back.location, back.cookie)));
    expect(answers.map(({ answered }) => answered.statusCode).sort()).toEqual([200, 403, 403, 403]);
    const created = await t.db
      .selectFrom('users')
      .select('name')
      .where('auth_source', '=', 'oidc/Acme')
      .execute();
    expect(created).toHaveLength(1);
  });

  it('an unreachable provider answers 502', async () => {
    const moved = await t.call('PATCH', `/api/oidc/providers/${providerId}`, {
      token: admin,
      // Another issuer gets the client secret only when it is typed again.
      body: { issuer: 'http://127.0.0.1:1', client_secret: 'typed-again' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const refused = await t.call('POST', '/api/oidc/auth', { body: { op: 'Acme', ...DEVICE } });
    expect(refused.statusCode).toBe(502);
    expect(refused.json().code).toBe('oidc_provider_unreachable');
  });

  it('keys accounts by issuer and sub: pointed at another issuer, the provider signs nobody into the former one’s accounts', async () => {
    const subjectOf = async (name: string) =>
      (
        await t.db
          .selectFrom('users')
          .select('auth_subject')
          .where('name', '=', name)
          .executeTakeFirstOrThrow()
      ).auth_subject;
    const first = await start();
    await signInOnDevice(first.url, 'alice');
    expect((await poll(first.code)).json().user.name).toBe('alice');
    // As an older release linked it, by the bare sub: the next login finds it and keys it anew.
    await t.db.updateTable('users').set({ auth_subject: 'alice' }).where('name', '=', 'alice').execute();
    const again = await start();
    await signInOnDevice(again.url, 'alice');
    expect((await poll(again.code)).json().user.name).toBe('alice');
    expect(await subjectOf('alice')).toBe(`${idp.issuer}#alice`);

    // Another issuer, whose 'alice' is someone else.
    const other = await startIdentityProvider([CALLBACK]);
    try {
      other.accounts.set('alice', { preferred_username: 'alice' });
      const moved = await t.call('PATCH', `/api/oidc/providers/${providerId}`, {
        token: admin,
        body: { issuer: other.issuer, client_secret: other.clientSecret },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      const elsewhere = await start();
      const back = await browser(elsewhere.url, 'alice', undefined, other);
      const refusal = (await confirm(back.location, back.cookie)).answered;
      expect(refusal.statusCode).toBe(409);
      expect(refusal.json()).toMatchObject({ code: 'sso_name_taken', name: 'alice' });
      expect((await poll(elsewhere.code)).json().code).toBe('sso_name_taken');
      expect(await subjectOf('alice')).toBe(`${idp.issuer}#alice`);
    } finally {
      await other.close();
    }
  });

  describe('a login is bound to its browser', () => {
    const sessionsOf = (name: string) =>
      t.db
        .selectFrom('login_sessions')
        .innerJoin('users', 'users.id', 'login_sessions.user_id')
        .select('login_sessions.id')
        .where('users.name', '=', name)
        .execute();

    it("a console login someone else's browser finishes gives its starter nothing", async () => {
      // Mallory starts a console login and sends its provider link to Alice, who is signed in there.
      const mallory = await start(null);
      const victim = await browser(mallory.url, 'alice');
      expect(victim.location).toBe(`${CONSOLE_URL}/login?oidc=1`);
      expect((await poll(mallory.code, null)).json()).toMatchObject({ code: 'oidc_other_browser' });
      // Another browser's cookie is no better than none.
      const again = await start(null);
      const other = await start(null);
      await browser(again.url, 'alice', other.cookie);
      expect((await poll(again.code, null)).json()).toMatchObject({ code: 'oidc_other_browser' });
      expect(await sessionsOf('alice')).toEqual([]);
    });

    it("a client login someone else's browser finishes waits for that person, who sees the device and can cancel", async () => {
      const mallory = await start();
      const victim = await browser(mallory.url, 'alice');
      expect((await poll(mallory.code)).json()).toEqual(NOT_AUTHED);
      // Mallory learns the confirmation id somehow: without Alice's browser it is worth nothing.
      const stolen = await confirm(victim.location, undefined);
      expect(stolen.shown.statusCode).toBe(401);
      expect(stolen.answered.json()).toMatchObject({ code: 'oidc_login_expired' });
      const forged = await confirm(
        victim.location,
        'rdconsole_oidc=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      );
      expect(forged.answered.statusCode).toBe(401);
      expect((await poll(mallory.code)).json()).toEqual(NOT_AUTHED);

      // Alice sees which device asks and cancels.
      const cancelled = await confirm(victim.location, victim.cookie, false);
      expect(cancelled.shown.json().device.id).toBe(DEVICE.id);
      expect(cancelled.answered.statusCode).toBe(401);
      expect(cancelled.answered.json()).toMatchObject({ code: 'oidc_login_declined' });
      expect((await poll(mallory.code)).json()).toMatchObject({ code: 'oidc_login_declined' });
      expect(await sessionsOf('alice')).toEqual([]);
      // Answered once.
      expect((await confirm(victim.location, victim.cookie)).answered.statusCode).toBe(401);
    });

    it('a browser that already has a binding keeps it', async () => {
      const first = await start();
      const back = await browser(first.url, 'alice');
      const second = await start();
      const again = await browser(second.url, 'alice', back.cookie);
      expect(again.cookie).toBe(back.cookie);
      expect((await confirm(again.location, again.cookie)).answered.statusCode).toBe(200);
      expect((await poll(second.code)).json().type).toBe('access_token');
    });

    it('an address may start 30 logins a minute', async () => {
      for (let i = 0; i < 30; i++) await start();
      const refused = await t.call('POST', '/api/oidc/auth', { body: { op: 'Acme', ...DEVICE } });
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ code: 'oidc_too_many_logins' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      t.clock.advance(60_000);
      await start();
    });
  });
});
