import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { TRUSTED_DEVICE_DAYS } from '../../src/domain/trusted-devices/service.js';
import { DAY_MS } from '../../src/lib/clock.js';
import { clientLoginBody, clientSecondStepBody, LOGIN_DEVICE } from '../helpers/client.js';
import { createDevice, createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { codeAt, enrolTotp } from '../helpers/two-factor.js';

const PASSWORD = 'alice-password';
const CHROME_ON_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

describe('trusted devices: a right second step may be remembered for 30 days', () => {
  let t: TestApp;
  let aliceId: number;
  let secret: string;

  beforeEach(async () => {
    t = await startTestApp();
    aliceId = await createUser(t.db, { name: 'alice', password: PASSWORD });
    secret = (await enrolTotp(t, await t.login('alice', PASSWORD))).secret;
  });
  afterEach(() => t.close());

  const login = (body: Record<string, unknown>) =>
    t.call('POST', '/api/login', { body, headers: { 'user-agent': CHROME_ON_LINUX } });

  /** The console's two steps; returns the second answer. */
  async function consoleLogin(extra: { trusted_device?: string; remember_device?: boolean } = {}) {
    const first = await login({
      username: 'alice',
      password: PASSWORD,
      trusted_device: extra.trusted_device,
    });
    expect(first.statusCode).toBe(200);
    if (first.json().type === 'access_token') return first;
    t.clock.advance(30_000);
    return login({
      username: 'alice',
      type: 'email_code',
      secret: first.json().secret,
      tfaCode: codeAt(secret, t.clock.now),
      remember_device: extra.remember_device,
    });
  }

  /** The client's two steps as the Flutter client sends them; returns the last answer. */
  async function clientLogin(device = LOGIN_DEVICE) {
    const first = await login(clientLoginBody('alice', PASSWORD, device));
    expect(first.statusCode).toBe(200);
    if (first.json().type === 'access_token') return { steps: 1, answer: first };
    t.clock.advance(30_000);
    const code = codeAt(secret, t.clock.now);
    const second = await login(clientSecondStepBody('alice', first.json().secret, code, 'tfa_check', device));
    expect(second.statusCode).toBe(200);
    return { steps: 2, answer: second };
  }

  const trusted = async (token: string) => {
    const response = await t.call('GET', '/api/tfa/trusted-devices', { token });
    expect(response.statusCode).toBe(200);
    return response.json().data as Array<Record<string, unknown>>;
  };

  it('remembers a browser that asks, which then skips the code; the token is worth nothing to another user', async () => {
    const notAsked = await consoleLogin();
    expect(notAsked.json().type).toBe('access_token');
    expect(notAsked.json()).not.toHaveProperty('trusted_device');

    const remembered = await consoleLogin({ remember_device: true });
    const token = remembered.json().trusted_device as string;
    expect(token).toMatch(/^rdtd_/);
    const session = remembered.json().access_token as string;
    expect(await trusted(session)).toEqual([
      expect.objectContaining({ kind: 'console', client_id: '', name: 'Chrome', os: 'Linux' }),
    ]);

    const skipped = await login({ username: 'alice', password: PASSWORD, trusted_device: token });
    expect(skipped.json()).toMatchObject({ type: 'access_token', user: { name: 'alice' } });
    // The password is still needed, and still throttled.
    expect((await login({ username: 'alice', password: 'wrong', trusted_device: token })).statusCode).toBe(
      401,
    );
    // The stored row holds only a hash of the token.
    const row = await t.db.selectFrom('trusted_devices').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token.slice(5));

    await createUser(t.db, { name: 'bob', password: 'bob-password' });
    const bobSession = await t.login('bob', 'bob-password');
    await enrolTotp(t, bobSession);
    const bob = await login({ username: 'bob', password: 'bob-password', trusted_device: token });
    expect(bob.json()).toMatchObject({ type: 'email_check', tfa_type: 'tfa_check' });

    const audits = await t.db.selectFrom('console_audits').select('detail').execute();
    expect(audits.map((a) => a.detail)).toEqual(
      expect.arrayContaining([
        'trusted device added for user alice: browser (Chrome on Linux), for 30 days',
        'login from web console with trusted device',
      ]),
    );
  });

  it('remembers a registered RustDesk client by its ID and uuid, unless its strategy sets enable-trusted-devices to N', async () => {
    await createDevice(t.db, { peerId: LOGIN_DEVICE.id, uuid: LOGIN_DEVICE.uuid, userId: aliceId });
    expect((await clientLogin()).steps).toBe(2);
    const again = await clientLogin();
    expect(again.steps).toBe(1);
    expect(again.answer.json()).toMatchObject({ type: 'access_token', user: { name: 'alice' } });
    const session = again.answer.json().access_token as string;
    expect(await trusted(session)).toEqual([
      expect.objectContaining({
        kind: 'client',
        client_id: LOGIN_DEVICE.id,
        name: 'alice-pc',
        os: 'windows',
      }),
    ]);

    // Another machine claiming the same ID is not the trusted one.
    expect((await clientLogin({ ...LOGIN_DEVICE, uuid: 'b3RoZXItbWFjaGluZQ==' })).steps).toBe(2);

    const { strategies } = t.app.services;
    const strict = await strategies.create(
      { name: 'Strict', options: { 'enable-trusted-devices': 'N' } },
      SYSTEM_ACTOR,
    );
    await strategies.assign(
      strict.id,
      { deviceIds: [], userIds: [aliceId], deviceGroupIds: [] },
      SYSTEM_ACTOR,
    );
    expect((await clientLogin()).steps).toBe(2);
  });

  it('does not remember a client whose ID is not a registered device', async () => {
    expect((await clientLogin()).steps).toBe(2);
    expect((await clientLogin()).steps).toBe(2);
    expect(await t.db.selectFrom('trusted_devices').selectAll().execute()).toEqual([]);
  });

  it(`forgets after ${TRUSTED_DEVICE_DAYS} days, on revoke, and when 2FA is renewed or reset`, async () => {
    await createDevice(t.db, { peerId: LOGIN_DEVICE.id, uuid: LOGIN_DEVICE.uuid, userId: aliceId });
    const consoleToken = (await consoleLogin({ remember_device: true })).json().trusted_device as string;
    expect((await consoleLogin({ trusted_device: consoleToken })).json()).not.toHaveProperty('secret');

    t.clock.advance(TRUSTED_DEVICE_DAYS * DAY_MS);
    const expired = await login({ username: 'alice', password: PASSWORD, trusted_device: consoleToken });
    expect(expired.json().tfa_type).toBe('tfa_check');

    // Revoke one, then all.
    const second = await consoleLogin({ remember_device: true });
    const session = second.json().access_token as string;
    await clientLogin();
    const [client, browser] = [...(await trusted(session))].sort((a, b) =>
      String(a.kind).localeCompare(String(b.kind)),
    );
    expect(client?.kind).toBe('client');
    expect(browser?.kind).toBe('console');
    expect(
      (await t.call('DELETE', `/api/tfa/trusted-devices/${browser?.guid}`, { token: session })).statusCode,
    ).toBe(200);
    expect(
      (await t.call('DELETE', `/api/tfa/trusted-devices/${browser?.guid}`, { token: session })).json(),
    ).toEqual({
      error: 'No such trusted device',
      code: 'trusted_device_not_found',
    });
    expect(
      (await t.call('DELETE', '/api/tfa/trusted-devices/not-a-guid', { token: session })).statusCode,
    ).toBe(400);
    expect((await clientLogin()).steps).toBe(1);
    expect((await t.call('DELETE', '/api/tfa/trusted-devices', { token: session })).statusCode).toBe(200);
    expect((await clientLogin()).steps).toBe(2);

    // Renewing 2FA forgets them.
    const kept = (await consoleLogin({ remember_device: true })).json();
    t.clock.advance(30_000);
    const renewed = await t.call('POST', '/api/tfa/totp/enrol', {
      token: kept.access_token,
      body: { code: codeAt(secret, t.clock.now) },
    });
    expect(renewed.statusCode).toBe(200);
    t.clock.advance(30_000);
    secret = renewed.json().secret;
    const confirm = await t.call('POST', '/api/tfa/totp/confirm', {
      token: kept.access_token,
      body: { code: codeAt(secret, t.clock.now) },
    });
    expect(confirm.statusCode).toBe(200);
    expect(await trusted(kept.access_token)).toEqual([]);

    // So does an administrator's reset (users.py reset-2fa).
    t.clock.advance(30_000);
    const token = (await consoleLogin({ remember_device: true })).json().trusted_device as string;
    const admin = await t.adminSession();
    const alice = (await t.call('GET', '/api/users?name=alice', { token: admin })).json().data[0].guid;
    const reset = await t.call('PUT', '/api/users/disable_login_verification', {
      token: admin,
      body: { user_guids: [alice], type: '2fa' },
    });
    expect(reset.statusCode).toBe(200);
    expect(await t.db.selectFrom('trusted_devices').selectAll().execute()).toEqual([]);
    expect((await login({ username: 'alice', password: PASSWORD, trusted_device: token })).json().type).toBe(
      'access_token',
    );
  });

  it("cannot list or revoke another user's trusted devices", async () => {
    const aliceSession = (await consoleLogin({ remember_device: true })).json().access_token as string;
    const [device] = await trusted(aliceSession);
    await createUser(t.db, { name: 'bob', password: 'bob-password' });
    const bob = await t.login('bob', 'bob-password');
    expect(await trusted(bob)).toEqual([]);
    const revoke = await t.call('DELETE', `/api/tfa/trusted-devices/${device?.guid}`, { token: bob });
    expect(revoke.statusCode).toBe(404);
    expect(await trusted(aliceSession)).toHaveLength(1);
  });
});
