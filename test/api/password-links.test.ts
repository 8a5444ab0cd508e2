import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONSOLE_AREA } from '../../src/domain/console-audit/codes.js';
import { PASSWORD_RESET_LIMITS } from '../../src/domain/services.js';
import { DAY_MS, HOUR_MS } from '../../src/lib/clock.js';
import {
  mailLink,
  mailSubject,
  type ReceivedMail,
  startSmtpServer,
  type TestSmtpServer,
} from '../helpers/smtp.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const CONSOLE = 'https://rustdesk.example.com/console';

describe('invitations and password reset links', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    smtp = await startSmtpServer();
    admin = await t.adminSession();
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  beforeEach(() => {
    smtp.received.length = 0;
  });

  const setupSmtp = async () => {
    const response = await t.call('PATCH', '/api/settings', {
      token: admin,
      body: {
        smtp: {
          host: '127.0.0.1',
          port: smtp.port,
          security: 'none',
          auth: false,
          from: 'admin@example.com',
        },
      },
    });
    expect(response.statusCode).toBe(200);
  };
  const settings = (body: Record<string, unknown>) =>
    t.call('PATCH', '/api/settings', { token: admin, body });
  /** Sends what is queued, as the background worker does, and answers the mails that arrived. */
  const deliver = async () => {
    expect(await t.app.services.mail.sendDue()).toEqual([]);
    return smtp.received.splice(0);
  };
  const invite = (body: Record<string, unknown>, token = admin) =>
    t.call('POST', '/api/users/invite', { token, body, headers: { host: 'console.internal:21114' } });
  const inspect = (token: string) => t.call('POST', '/api/password-link', { body: { token } });
  const setPassword = (token: string, password: string) =>
    t.call('POST', '/api/password-link/password', { body: { token, password } });
  const consoleLog = () =>
    t.db
      .selectFrom('console_audits')
      .select(['operator', 'detail'])
      .where('typ', '=', CONSOLE_AREA.user)
      .orderBy('id')
      .execute();

  it('without SMTP an invitation is refused with 409 and creates nobody', async () => {
    const response = await invite({ email: 'early@example.com', name: 'early', group_name: 'Default' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatch(/^Invitations are sent by e-mail: configure Settings → SMTP/);
    expect(await t.db.selectFrom('users').select('id').where('name', '=', 'early').execute()).toEqual([]);
  });

  it('invite (as users.py sends it) → mail with a link to the request’s address → set password → login', async () => {
    await setupSmtp();
    const token = await t.apiToken({ user: 'rw' });
    const response = await invite(
      { email: 'mike@example.com', name: 'mike', group_name: 'Default', note: 'new hire' },
      token,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'mike',
      email: 'mike@example.com',
      status: -1,
      note: 'new hire',
      local_password: false,
    });

    const login = await t.call('POST', '/api/login', { body: { username: 'mike', password: 'whatever-1' } });
    expect(login.statusCode).toBe(401);

    const [mail, ...others] = await deliver();
    expect(others).toEqual([]);
    expect(mail?.to).toEqual(['mike@example.com']);
    expect(mailSubject(mail as ReceivedMail)).toBe('You are invited to RustDesk');
    const link = mailLink(mail);
    // No console_url set: the address the inviting request was sent to.
    expect(link.url).toMatch(/^http:\/\/console\.internal:21114\/invitation#token=[\w-]{43}$/);

    expect((await inspect(link.token)).json()).toEqual({
      purpose: 'invite',
      name: 'mike',
      min_password_length: 8,
    });
    const short = await setPassword(link.token, 'short');
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toBe('password must be at least 8 characters');
    const set = await setPassword(link.token, 'mikes-new-pass');
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ name: 'mike' });
    const mike = await t.login('mike', 'mikes-new-pass');
    expect((await t.call('POST', '/api/currentUser', { token: mike })).json().local_password).toBe(true);
    const user = await t.db
      .selectFrom('users')
      .select('status')
      .where('name', '=', 'mike')
      .executeTakeFirstOrThrow();
    expect(user.status).toBe(1);

    // Works once.
    const again = await setPassword(link.token, 'other-pass-1');
    expect(again.statusCode).toBe(410);
    expect(again.json()).toEqual({
      error: 'This link was already used: log in, or ask for a new one',
      code: 'link_used',
    });
    expect((await inspect(link.token)).statusCode).toBe(410);

    const log = await consoleLog();
    const details = log.map((r) => r.detail).join('\n');
    expect(details).toContain('mike (group Default, invited to mike@example.com)');
    expect(details).toContain('mike (invitation accepted, password set)');
    expect(details).not.toContain(link.token);
    const stored = await t.db.selectFrom('account_tokens').select('token_hash').execute();
    expect(stored.map((r) => r.token_hash).join()).not.toContain(link.token);
  });

  it('links use console_url when set; an invitation expires after invite_link_days', async () => {
    expect((await settings({ console_url: `${CONSOLE}/`, invite_link_days: 2 })).json()).toMatchObject({
      console_url: CONSOLE,
      invite_link_days: 2,
    });
    expect(
      (await invite({ email: 'late@example.com', name: 'late', group_name: 'Default' })).statusCode,
    ).toBe(200);
    const link = mailLink((await deliver())[0]);
    expect(link.url.startsWith(`${CONSOLE}/invitation#token=`)).toBe(true);
    t.clock.advance(2 * DAY_MS);
    const expired = await setPassword(link.token, 'lates-password');
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toEqual({
      error: 'This invitation has expired: ask your administrator to send it again',
      code: 'invitation_expired',
    });
    expect((await inspect(link.token)).statusCode).toBe(410);
  });

  it('re-send: a new link for an unverified user, the old one stops working; refused for active users', async () => {
    const guid = (await t.call('GET', '/api/users?name=late', { token: admin })).json().data[0].guid;
    const resent = await t.call('POST', `/api/users/${guid}/invite`, { token: admin });
    expect(resent.statusCode).toBe(200);
    expect((await t.call('POST', `/api/users/${guid}/invite`, { token: admin })).statusCode).toBe(200);
    const [first, second] = await deliver();
    expect((await setPassword(mailLink(first).token, 'lates-password')).statusCode).toBe(404);
    expect((await setPassword(mailLink(second).token, 'lates-password')).statusCode).toBe(200);
    await t.login('late', 'lates-password');

    const active = await t.call('POST', `/api/users/${guid}/invite`, { token: admin });
    expect(active.statusCode).toBe(409);
    expect(active.json().error).toBe(
      'late has already accepted the invitation; only unverified users are invited',
    );
    expect((await consoleLog()).map((r) => r.detail)).toContain(
      'user: late (invitation sent again to late@example.com)',
    );
  });

  it('an unknown link answers 404', async () => {
    const response = await inspect('x'.repeat(43));
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: 'This link is not valid: open the latest link you received',
      code: 'link_invalid',
    });
  });

  describe('forgot password', () => {
    const forgot = (body: Record<string, unknown>, ip = '198.51.100.7') =>
      t.app.inject({ method: 'POST', url: '/api/password-reset', payload: body, remoteAddress: ip });

    it('answers the same for an existing and an unknown account; only the existing one gets a mail', async () => {
      const known = await forgot({ email: 'MIKE@example.com' });
      const unknown = await forgot({ email: 'nobody@example.com' });
      const unknownName = await forgot({ username: 'nobody' });
      for (const response of [known, unknown, unknownName]) {
        expect(response.statusCode).toBe(200);
        expect(response.body).toBe('{}');
      }
      const mails = await deliver();
      expect(mails.map((m) => m.to)).toEqual([['mike@example.com']]);
      expect(mailSubject(mails[0] as ReceivedMail)).toBe('Reset your RustDesk password');
      expect(mailLink(mails[0]).url.startsWith(`${CONSOLE}/reset-password#token=`)).toBe(true);
    });

    it('the link sets a new password once, ends all sessions, and expires after an hour', async () => {
      const session = await t.login('mike', 'mikes-new-pass');
      await forgot({ username: 'mike' });
      const link = mailLink((await deliver())[0]);
      expect((await inspect(link.token)).json()).toMatchObject({ purpose: 'password_reset', name: 'mike' });
      expect((await setPassword(link.token, 'mikes-reset-pass')).statusCode).toBe(200);
      expect((await t.call('POST', '/api/currentUser', { token: session })).statusCode).toBe(401);
      await t.login('mike', 'mikes-reset-pass');
      expect((await setPassword(link.token, 'mikes-third-pass')).statusCode).toBe(410);
      expect((await consoleLog()).map((r) => r.detail)).toEqual(
        expect.arrayContaining([
          'user: mike (password reset link mailed to mike@example.com)',
          'user: mike (password reset by e-mail link; sessions ended)',
        ]),
      );

      t.clock.advance(HOUR_MS); // a new hour for the per-account mail limit
      await forgot({ username: 'mike' });
      const late = mailLink((await deliver())[0]);
      t.clock.advance(HOUR_MS);
      expect((await setPassword(late.token, 'mikes-late-pass')).json()).toEqual({
        error: 'This link has expired: ask for a new one on the login page',
        code: 'link_expired',
      });
    });

    it('an account gets a few mails an hour, and an address that asks too often gets 429', async () => {
      t.clock.advance(HOUR_MS);
      for (let i = 0; i < PASSWORD_RESET_LIMITS.perAccount + 2; i++) {
        expect((await forgot({ username: 'mike' }, '203.0.113.1')).statusCode).toBe(200);
      }
      expect(await deliver()).toHaveLength(PASSWORD_RESET_LIMITS.perAccount);
      for (let i = PASSWORD_RESET_LIMITS.perAccount + 2; i < PASSWORD_RESET_LIMITS.perAddress; i++) {
        await forgot({ username: 'nobody' }, '203.0.113.1');
      }
      const refused = await forgot({ username: 'nobody' }, '203.0.113.1');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBeDefined();
    });

    it('disabled and unverified accounts get no mail; a link of a disabled account does not work', async () => {
      t.clock.advance(HOUR_MS);
      await invite({ email: 'pending@example.com', name: 'pending', group_name: 'Default' });
      const invitation = mailLink((await deliver())[0]);
      await forgot({ username: 'pending' });
      expect(await deliver()).toEqual([]);
      const guid = (await t.call('GET', '/api/users?name=pending', { token: admin })).json().data[0].guid;
      expect((await t.call('POST', `/api/users/${guid}/disable`, { token: admin })).statusCode).toBe(200);
      const refused = await setPassword(invitation.token, 'pendings-pass');
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toEqual({ error: 'This account is disabled', code: 'account_disabled' });
    });

    it('without console_url nothing is mailed (the Host header must not choose where links point)', async () => {
      t.clock.advance(HOUR_MS);
      await settings({ console_url: '' });
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/password-reset',
        payload: { username: 'mike' },
        headers: { host: 'attacker.example' },
      });
      expect(response.statusCode).toBe(200);
      expect(await deliver()).toEqual([]);
    });

    it.each([
      [{}, 'username or email is required'],
      [{ username: '  ' }, 'username or email is required'],
      [{ username: 42 }, 'username must be string'],
    ])('%j answers 400', async (body, message) => {
      const response = await forgot(body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toContain(message);
    });
  });

  it('console_url must be an http(s) address', async () => {
    for (const value of ['ftp://x', 'not a url', 'https://a.example.com/?q=1', 'https://u:p@a.example.com']) {
      const response = await settings({ console_url: value });
      expect(response.statusCode, value).toBe(400);
      expect(response.json().error).toMatch(/^console_url must be the http\(s\) address of the console/);
    }
  });
});

describe('links behind a reverse proxy (--trust-proxy)', () => {
  it('are built on X-Forwarded-Proto and X-Forwarded-Host when the proxy is trusted, and only then', async () => {
    const smtp = await startSmtpServer();
    for (const trustProxy of [true, false]) {
      const t = await startTestApp({ trustProxy });
      try {
        await t.call('PATCH', '/api/settings', {
          token: await t.adminSession(),
          body: {
            smtp: {
              host: '127.0.0.1',
              port: smtp.port,
              security: 'none',
              auth: false,
              from: 'admin@example.com',
            },
          },
        });
        const response = await t.call('POST', '/api/users/invite', {
          token: await t.adminSession(),
          body: { email: 'mike@example.com', name: 'mike', group_name: 'Default' },
          headers: {
            host: '10.0.0.5:21114',
            'x-forwarded-proto': 'https',
            'x-forwarded-host': 'rustdesk.example.org',
          },
        });
        expect(response.statusCode).toBe(200);
        await t.app.services.mail.sendDue();
        expect(mailLink(smtp.received.pop()).url).toMatch(
          trustProxy
            ? /^https:\/\/rustdesk\.example\.org\/invitation#/
            : /^http:\/\/10\.0\.0\.5:21114\/invitation#/,
        );
      } finally {
        await t.close();
      }
    }
    await smtp.close();
  });
});
