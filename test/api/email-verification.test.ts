import { Secret, TOTP } from 'otpauth';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SmtpSettings } from '../../src/domain/mail/smtp-settings.js';
import { clientLoginBody, clientSecondStepBody, LOGIN_DEVICE } from '../helpers/client.js';
import { createUser } from '../helpers/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const PASSWORD = 'alice-password';
const DEVICE = LOGIN_DEVICE;
const first = clientLoginBody('alice', PASSWORD);
/** The second request as the Flutter client sends it for an e-mail code: no tfaCode. */
const flutterSecond = (secret: string, code: string) =>
  clientSecondStepBody('alice', secret, code, 'email_check');

describe('e-mail login verification', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let alice: string;

  const smtpSettings = (port: number): SmtpSettings => ({
    host: '127.0.0.1',
    port,
    security: 'none',
    auth: false,
    username: '',
    password: '',
    from: 'admin@example.com',
    timeout_seconds: 5,
    ca_file: '',
  });

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.close());
  beforeEach(async () => {
    smtp.received.length = 0;
    t = await startTestApp({ smtp: smtpSettings(smtp.port) });
    await createUser(t.db, { name: 'alice', password: PASSWORD });
    const admin = await t.adminSession();
    alice = (await t.call('GET', '/api/users', { token: admin, query: { name: 'alice' } })).json().data[0]
      .guid;
  });
  afterEach(() => t.close());

  /** Turns the verification on from alice's own session, with her address. */
  async function turnOn() {
    const token = await t.login('alice', PASSWORD);
    const response = await t.call('PATCH', `/api/users/${alice}`, {
      token,
      body: { email: 'alice@example.com', email_verification: true },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().email_verification).toBe(true);
  }

  /** The code in the last mail to alice, once the outbox has sent it. */
  async function mailedCode(): Promise<string> {
    await t.app.services.mail.sendDue();
    const mail = smtp.received.at(-1);
    expect(mail?.to).toEqual(['alice@example.com']);
    const code = /Your login code: (\d{6})/.exec(mail?.raw ?? '')?.[1];
    if (!code) throw new Error('no code in the mail');
    return code;
  }

  it('needs an e-mail address on the account', async () => {
    const token = await t.login('alice', PASSWORD);
    const response = await t.call('PATCH', `/api/users/${alice}`, {
      token,
      body: { email_verification: true },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toBe('E-mail login verification needs an e-mail address on the account');
  });

  it('mails a code at login and takes it in the second request, as the Flutter and Sciter clients send it', async () => {
    await turnOn();
    const challenge = await t.call('POST', '/api/login', { body: first });
    expect(challenge.statusCode).toBe(200);
    expect(challenge.json()).toMatchObject({
      type: 'email_check',
      tfa_type: 'email_check',
      user: { name: 'alice', email: 'alice@example.com', info: { email_verification: true } },
    });
    expect(challenge.json()).not.toHaveProperty('access_token');
    const code = await mailedCode();
    const done = await t.call('POST', '/api/login', { body: flutterSecond(challenge.json().secret, code) });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ type: 'access_token', user: { name: 'alice' } });
    // The code works once.
    expect(
      (await t.call('POST', '/api/login', { body: flutterSecond(challenge.json().secret, code) })).statusCode,
    ).toBe(401);

    // Sciter sends an empty tfaCode beside the code.
    const sciter = (await t.call('POST', '/api/login', { body: first })).json().secret;
    const body = { ...flutterSecond(sciter, await mailedCode()), tfaCode: '' };
    expect((await t.call('POST', '/api/login', { body })).json().type).toBe('access_token');
    const audits = (await t.db.selectFrom('console_audits').select('detail').execute()).map((a) => a.detail);
    expect(audits).toContain(`login from RustDesk client ${DEVICE.id} with e-mail code`);
    expect(JSON.stringify(audits)).not.toContain(code);
  });

  it('gives a code five tries and ten minutes', async () => {
    await turnOn();
    const secret = (await t.call('POST', '/api/login', { body: first })).json().secret;
    const code = await mailedCode();
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const response = await t.call('POST', '/api/login', { body: flutterSecond(secret, wrong) });
      expect(response.statusCode).toBe(401);
    }
    expect((await t.call('POST', '/api/login', { body: flutterSecond(secret, code) })).json().error).toBe(
      'This login has expired; enter the user name and password again',
    );

    const late = (await t.call('POST', '/api/login', { body: first })).json().secret;
    const lateCode = await mailedCode();
    t.clock.advance(9 * 60_000);
    const stillValid = await t.call('POST', '/api/login', { body: first });
    const stillCode = await mailedCode();
    t.clock.advance(60_000);
    expect((await t.call('POST', '/api/login', { body: flutterSecond(late, lateCode) })).statusCode).toBe(
      401,
    );
    expect(
      (await t.call('POST', '/api/login', { body: flutterSecond(stillValid.json().secret, stillCode) }))
        .statusCode,
    ).toBe(200);
  });

  it('gives way to TOTP, and is turned off by users.py disable-email-verification', async () => {
    await turnOn();
    const fromConsole = { username: 'alice', password: PASSWORD };
    expect((await t.call('POST', '/api/login', { body: fromConsole })).json().tfa_type).toBe('email_check');
    // An administrator turns it off exactly as the script does.
    const admin = await t.adminSession();
    const off = await t.call('PUT', '/api/users/disable_login_verification', {
      token: admin,
      body: { user_guids: [alice], type: 'email' },
    });
    expect(off.statusCode).toBe(200);
    const session = await t.login('alice', PASSWORD);

    // With both on, TOTP is asked and no mail is sent.
    await t.call('PATCH', `/api/users/${alice}`, { token: admin, body: { email_verification: true } });
    const { secret } = (await t.call('POST', '/api/tfa/totp/enrol', { token: session, body: {} })).json();
    const totp = new TOTP({ secret: Secret.fromBase32(secret) });
    await t.call('POST', '/api/tfa/totp/confirm', {
      token: session,
      body: { code: totp.generate({ timestamp: t.clock.now }) },
    });
    await t.app.services.mail.sendDue();
    const sent = smtp.received.length;
    const challenge = (await t.call('POST', '/api/login', { body: first })).json();
    expect(challenge.tfa_type).toBe('tfa_check');
    await t.app.services.mail.sendDue();
    expect(smtp.received).toHaveLength(sent);
  });

  it('refuses the login clearly when no code can be sent any more', async () => {
    await turnOn();
    await t.db.updateTable('users').set({ email: '' }).where('guid', '=', alice).execute();
    const response = await t.call('POST', '/api/login', { body: first });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatch(/^E-mail login verification is on, but no code can be sent/);
  });
});
