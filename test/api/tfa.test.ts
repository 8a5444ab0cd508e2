import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seal } from '../../src/lib/secret-box.js';
import { clientLoginBody, clientSecondStepBody, LOGIN_DEVICE } from '../helpers/client.js';
import { createUser } from '../helpers/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { FAST_THROTTLE, startTestApp, type TestApp } from '../helpers/test-app.js';
import { codeAt, enrolTotp } from '../helpers/two-factor.js';

const PASSWORD = 'alice-password';
const DEVICE = LOGIN_DEVICE;

const clientFirst = (username: string, password: string) => clientLoginBody(username, password);
const clientSecond = (username: string, secret: string, code: string) =>
  clientSecondStepBody(username, secret, code, 'tfa_check');

describe('TOTP two-factor login', () => {
  let t: TestApp;
  let aliceId: number;

  beforeEach(async () => {
    t = await startTestApp();
    aliceId = await createUser(t.db, { name: 'alice', password: PASSWORD });
  });
  afterEach(() => t.close());

  /** Enrols alice from her console session; returns the secret and the backup codes. */
  async function enrol(token: string) {
    const { secret, uri, backupCodes } = await enrolTotp(t, token);
    expect(uri).toBe(
      `otpauth://totp/rdconsole:alice?issuer=rdconsole&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
    return { secret, backupCodes };
  }

  const status = async (token: string) => (await t.call('GET', '/api/tfa/totp', { token })).json();

  it('enrols: not active until confirmed, then enabled with six backup codes; the secret is sealed at rest', async () => {
    const token = await t.login('alice', PASSWORD);
    expect(await status(token)).toEqual({
      state: 'disabled',
      enrolled_at: null,
      backup_codes_left: 0,
      enforced: false,
    });
    const started = (await t.call('POST', '/api/tfa/totp/enrol', { token, body: {} })).json();
    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect((await status(token)).state).toBe('disabled');
    // A pending enrolment does not change the login.
    expect((await t.call('POST', '/api/login', { body: clientFirst('alice', PASSWORD) })).json().type).toBe(
      'access_token',
    );

    const wrong = await t.call('POST', '/api/tfa/totp/confirm', { token, body: { code: '000000' } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toEqual({ error: 'The 2FA code is wrong', code: 'tfa_code_wrong' });
    const confirmed = await t.call('POST', '/api/tfa/totp/confirm', {
      token,
      body: { code: codeAt(started.secret, t.clock.now) },
    });
    expect(confirmed.statusCode).toBe(200);
    const codes: string[] = confirmed.json().backup_codes;
    expect(codes).toHaveLength(6);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(await status(token)).toEqual({
      state: 'enabled',
      enrolled_at: Math.floor(t.clock.now / 1000),
      backup_codes_left: 6,
      enforced: false,
    });

    const row = await t.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', aliceId)
      .executeTakeFirstOrThrow();
    expect(row.tfa_secret).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain(started.secret);
    for (const code of codes) expect(JSON.stringify(row)).not.toContain(code);
    const audits = await t.db.selectFrom('console_audits').select('detail').execute();
    expect(audits.map((a) => a.detail)).toContain('2FA enabled for user alice');
    expect(JSON.stringify(audits)).not.toContain(started.secret);
    // The managed user shows that 2FA is on, not the secret.
    const admin = await t.adminSession();
    const listed = (await t.call('GET', '/api/users', { token: admin, query: { name: 'alice' } })).json();
    expect(listed.data[0]).toMatchObject({ tfa_enabled: true, tfa_enforced: false });
    expect(JSON.stringify(listed)).not.toContain('v1:');
  });

  it('logs a RustDesk client in with two requests exactly as the client sends them', async () => {
    const { secret } = await enrol(await t.login('alice', PASSWORD));
    const first = await t.call('POST', '/api/login', { body: clientFirst('alice', PASSWORD) });
    expect(first.statusCode).toBe(200);
    const challenge = first.json();
    expect(challenge).toMatchObject({ type: 'email_check', tfa_type: 'tfa_check', user: { name: 'alice' } });
    expect(challenge.secret).toEqual(expect.any(String));
    expect(challenge).not.toHaveProperty('access_token');

    const second = await t.call('POST', '/api/login', {
      body: clientSecond(challenge.user.name, challenge.secret, codeAt(secret, t.clock.now)),
    });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ type: 'access_token', user: { name: 'alice' } });
    const token = second.json().access_token;
    expect((await t.call('POST', '/api/currentUser', { token, body: DEVICE })).statusCode).toBe(200);
    const session = await t.db
      .selectFrom('login_sessions')
      .selectAll()
      .where('client_id', '=', DEVICE.id)
      .execute();
    expect(session).toHaveLength(1);
    const login = await t.db.selectFrom('console_audits').select('detail').where('iop', '=', 0).execute();
    expect(login.map((a) => a.detail)).toContain(`login from RustDesk client ${DEVICE.id} with 2FA`);

    // The pending login is used up, and so is the code's time step.
    const again = await t.call('POST', '/api/login', {
      body: clientSecond('alice', challenge.secret, codeAt(secret, t.clock.now)),
    });
    expect(again.statusCode).toBe(401);
  });

  it('logs the console in the same way; a backup code works in place of the code, once', async () => {
    const { secret, backupCodes } = await enrol(await t.login('alice', PASSWORD));
    const consoleFirst = () =>
      t.call('POST', '/api/login', {
        body: {
          username: 'alice',
          password: PASSWORD,
          deviceInfo: { type: 'browser', os: 'web', name: 'web console' },
        },
      });
    const consoleSecond = (challenge: string, tfaCode: string) =>
      t.call('POST', '/api/login', {
        body: { username: 'alice', type: 'email_code', secret: challenge, tfaCode },
      });

    const withCode = await consoleSecond((await consoleFirst()).json().secret, codeAt(secret, t.clock.now));
    expect(withCode.json().type).toBe('access_token');
    // The same code a second time (a replay within its 30 s) is refused.
    const replay = await consoleSecond((await consoleFirst()).json().secret, codeAt(secret, t.clock.now));
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toEqual({ error: 'The 2FA code is wrong', code: 'tfa_code_wrong' });

    const backup = backupCodes[0] ?? '';
    const withBackup = await consoleSecond((await consoleFirst()).json().secret, backup.toUpperCase());
    expect(withBackup.json().type).toBe('access_token');
    const token = withBackup.json().access_token;
    expect((await status(token)).backup_codes_left).toBe(5);
    const reused = await consoleSecond((await consoleFirst()).json().secret, backup);
    expect(reused.statusCode).toBe(401);
  });

  it('accepts a code of the step before or after (clock drift), not two steps away', async () => {
    const { secret } = await enrol(await t.login('alice', PASSWORD));
    const attempt = async (offsetMs: number) => {
      t.clock.advance(90_000);
      const challenge = (await t.call('POST', '/api/login', { body: clientFirst('alice', PASSWORD) })).json();
      return (
        await t.call('POST', '/api/login', {
          body: clientSecond('alice', challenge.secret, codeAt(secret, t.clock.now + offsetMs)),
        })
      ).statusCode;
    };
    expect(await attempt(-30_000)).toBe(200);
    expect(await attempt(30_000)).toBe(200);
    expect(await attempt(-60_000)).toBe(401);
    expect(await attempt(60_000)).toBe(401);
  });

  it('counts wrong codes in the login throttle and the alarm log; a new password login does not reset the count', async () => {
    await enrol(await t.login('alice', PASSWORD));
    const statuses: number[] = [];
    for (let i = 0; i < FAST_THROTTLE.maxFailures + 1; i++) {
      const first = await t.call('POST', '/api/login', { body: clientFirst('alice', PASSWORD) });
      if (first.statusCode !== 200) {
        statuses.push(first.statusCode);
        continue;
      }
      const second = await t.call('POST', '/api/login', {
        body: clientSecond('alice', first.json().secret, '123456'),
      });
      statuses.push(second.statusCode);
    }
    expect(statuses.slice(0, FAST_THROTTLE.maxFailures)).toEqual(Array(FAST_THROTTLE.maxFailures).fill(401));
    expect(statuses.at(-1)).toBe(429);
    const alarms = await t.db.selectFrom('alarm_audits').select(['typ', 'info']).execute();
    expect(alarms.map((a) => a.typ)).toContain(4);
    expect(alarms[0]?.info).toContain('alice');
  });

  it('drops a pending login after five wrong codes, and after five minutes', async () => {
    const { secret } = await enrol(await t.login('alice', PASSWORD));
    const challenge = (await t.call('POST', '/api/login', { body: clientFirst('alice', PASSWORD) })).json()
      .secret;
    const send = (code: string) =>
      t.call('POST', '/api/login', { body: clientSecond('alice', challenge, code) });
    for (let i = 0; i < 5; i++)
      expect((await send('000000')).json()).toEqual({
        error: 'The 2FA code is wrong',
        code: 'tfa_code_wrong',
      });
    expect((await send(codeAt(secret, t.clock.now))).json()).toEqual({
      error: 'This login has expired; enter the user name and password again',
      code: 'login_expired',
    });

    const late = (await t.call('POST', '/api/login', { body: clientFirst('alice', PASSWORD) })).json().secret;
    t.clock.advance(5 * 60_000);
    const tooLate = await t.call('POST', '/api/login', {
      body: clientSecond('alice', late, codeAt(secret, t.clock.now)),
    });
    expect(tooLate.statusCode).toBe(401);
    // A secret of another user's login does not serve this one.
    const other = await t.call('POST', '/api/login', {
      body: clientSecond('bob', late, codeAt(secret, t.clock.now)),
    });
    expect(other.statusCode).toBe(401);
  });

  it('says what is wrong when the secret key no longer opens the stored secret', async () => {
    await enrol(await t.login('alice', PASSWORD));
    const sealedElsewhere = seal(randomBytes(32), 'JBSWY3DPEHPK3PXP');
    await t.db.updateTable('users').set({ tfa_secret: sealedElsewhere }).where('id', '=', aliceId).execute();
    const challenge = (await t.call('POST', '/api/login', { body: clientFirst('alice', PASSWORD) })).json();
    const response = await t.call('POST', '/api/login', {
      body: clientSecond('alice', challenge.secret, '123456'),
    });
    expect(response.statusCode).toBe(500);
    expect(response.json().error).toMatch(
      /^The 2FA secret cannot be decrypted with this server’s secret key/,
    );
  });

  it('answers 400 to a second step without secret or code, never 500', async () => {
    for (const body of [
      { username: 'alice', type: 'email_code' },
      { username: 'alice', type: 'email_code', secret: 'x' },
      { username: 'alice', type: 'email_code', secret: 'x', tfaCode: '', verificationCode: '' },
      { username: 'alice', type: 'account' },
    ]) {
      const response = await t.call('POST', '/api/login', { body });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('disables with a code, regenerates backup codes with a code, renews with a code; expired after 180 days', async () => {
    const token = await t.login('alice', PASSWORD);
    const { secret, backupCodes } = await enrol(token);
    expect((await t.call('POST', '/api/tfa/totp/enrol', { token, body: {} })).statusCode).toBe(403);

    const regenerated = await t.call('POST', '/api/tfa/totp/backup-codes', {
      token,
      body: { code: codeAt(secret, t.clock.now) },
    });
    expect(regenerated.statusCode).toBe(200);
    const fresh: string[] = regenerated.json().backup_codes;
    expect(fresh.some((code) => backupCodes.includes(code))).toBe(false);

    // Enrolled 181 days ago (moving the clock instead would end the idle session).
    await t.db
      .updateTable('users')
      .set({ tfa_enrolled_at: t.clock.now - 181 * 24 * 3600_000 })
      .where('id', '=', aliceId)
      .execute();
    expect((await status(token)).state).toBe('expired');
    const renewal = await t.call('POST', '/api/tfa/totp/enrol', { token, body: { code: fresh[0] } });
    expect(renewal.statusCode).toBe(200);
    const renewed = renewal.json().secret;
    await t.call('POST', '/api/tfa/totp/confirm', { token, body: { code: codeAt(renewed, t.clock.now) } });
    expect((await status(token)).state).toBe('enabled');

    t.clock.advance(30_000);
    expect(
      (await t.call('POST', '/api/tfa/totp/disable', { token, body: { code: '111111' } })).statusCode,
    ).toBe(403);
    const disabled = await t.call('POST', '/api/tfa/totp/disable', {
      token,
      body: { code: codeAt(renewed, t.clock.now) },
    });
    expect(disabled.statusCode).toBe(200);
    expect((await status(token)).state).toBe('disabled');
    expect((await t.call('POST', '/api/login', { body: clientFirst('alice', PASSWORD) })).json().type).toBe(
      'access_token',
    );
    const details = (await t.db.selectFrom('console_audits').select('detail').execute()).map((a) => a.detail);
    expect(details).toEqual(
      expect.arrayContaining([
        '2FA backup codes regenerated for user alice',
        '2FA renewed for user alice',
        '2FA disabled for user alice',
      ]),
    );
  });

  it('is the user’s own: API tokens cannot call it', async () => {
    const apiToken = await t.apiToken({ user: 'rw' });
    expect((await t.call('GET', '/api/tfa/totp', { token: apiToken })).statusCode).toBe(403);
  });

  it('an administrator resets 2FA as users.py reset-2fa does; the user logs in with the password again', async () => {
    await enrol(await t.login('alice', PASSWORD));
    const admin = await t.adminSession();
    const guid = (await t.call('GET', '/api/users', { token: admin, query: { name: 'alice' } })).json()
      .data[0].guid;
    const reset = await t.call('PUT', '/api/users/disable_login_verification', {
      token: admin,
      body: { user_guids: [guid], type: '2fa' },
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.body).toBe('');
    const row = await t.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', aliceId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      tfa_secret: '',
      tfa_pending_secret: '',
      tfa_backup_codes: '[]',
      tfa_enrolled_at: null,
    });
    expect((await t.call('POST', '/api/login', { body: clientFirst('alice', PASSWORD) })).json().type).toBe(
      'access_token',
    );
  });
});

describe('2FA enforcement', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.close());
  beforeEach(async () => {
    smtp.received.length = 0;
    t = await startTestApp({
      smtp: {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        auth: false,
        username: '',
        password: '',
        from: 'admin@example.com',
        timeout_seconds: 5,
        ca_file: '',
      },
    });
    await createUser(t.db, { name: 'alice', password: PASSWORD });
    await t.db.updateTable('users').set({ email: 'alice@example.com' }).where('name', '=', 'alice').execute();
  });
  afterEach(() => t.close());

  async function enforce(enforce: boolean) {
    const admin = await t.adminSession();
    const guid = (await t.call('GET', '/api/users', { token: admin, query: { name: 'alice' } })).json()
      .data[0].guid;
    // Exactly what users.py enable-2fa-enforce sends.
    const response = await t.call('PUT', '/api/users/tfa/totp/enforce', {
      token: admin,
      body: { user_guids: [guid], enforce, url: 'https://console.example.com/' },
    });
    expect(response.statusCode).toBe(200);
  }

  it('mails the user a link to the Account page, refuses the client and limits the console until enrolled', async () => {
    const before = await t.login('alice', PASSWORD);
    await enforce(true);
    await t.app.services.mail.sendDue();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.to).toEqual(['alice@example.com']);
    expect(smtp.received[0]?.raw).toContain('https://console.example.com/account');

    const client = await t.call('POST', '/api/login', { body: clientFirst('alice', PASSWORD) });
    expect(client.statusCode).toBe(403);
    expect(client.json()).toEqual({
      error:
        'Two-factor authentication is required for this account: set it up in the web console (Account page) first',
      code: 'tfa_setup_in_console',
    });

    // The console logs in; the session (and one opened before the enforcement) reaches only the set-up.
    const token = await t.login('alice', PASSWORD);
    for (const session of [token, before]) {
      const me = await t.call('POST', '/api/currentUser', { token: session, body: {} });
      expect(me.json().tfa_setup_required).toBe(true);
      const devices = await t.call('GET', '/api/devices', { token: session });
      expect(devices.statusCode).toBe(403);
      expect(devices.json()).toEqual({
        error: 'Two-factor authentication must be set up first',
        code: 'tfa_setup_first',
      });
      expect((await t.call('POST', '/api/ab/personal', { token: session })).statusCode).toBe(403);
    }
    expect((await t.call('GET', '/api/tfa/totp', { token })).json()).toMatchObject({
      state: 'disabled',
      enforced: true,
    });

    const { secret } = (await t.call('POST', '/api/tfa/totp/enrol', { token, body: {} })).json();
    await t.call('POST', '/api/tfa/totp/confirm', { token, body: { code: codeAt(secret, t.clock.now) } });
    expect((await t.call('GET', '/api/devices', { token })).statusCode).toBe(200);
    expect((await t.call('POST', '/api/currentUser', { token, body: {} })).json().tfa_setup_required).toBe(
      false,
    );
    // Enforced 2FA cannot be turned off by the user, only renewed.
    t.clock.advance(30_000);
    const disable = await t.call('POST', '/api/tfa/totp/disable', {
      token,
      body: { code: codeAt(secret, t.clock.now) },
    });
    expect(disable.statusCode).toBe(409);
    // The client now gets the second step.
    expect(
      (await t.call('POST', '/api/login', { body: clientFirst('alice', PASSWORD) })).json().tfa_type,
    ).toBe('tfa_check');
  });

  it('stops limiting once enforcement is lifted, and mails nobody then', async () => {
    await enforce(true);
    const token = await t.login('alice', PASSWORD);
    await enforce(false);
    expect((await t.call('GET', '/api/devices', { token })).statusCode).toBe(200);
    expect((await t.call('POST', '/api/login', { body: clientFirst('alice', PASSWORD) })).statusCode).toBe(
      200,
    );
    await t.app.services.mail.sendDue();
    expect(smtp.received).toHaveLength(1);
  });
});
