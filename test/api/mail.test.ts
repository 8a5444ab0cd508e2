import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../../src/domain/console-audit/codes.js';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../src/domain/mail/service.js';
import { DEFAULT_SMTP, type SmtpSettings } from '../../src/domain/mail/smtp-settings.js';
import { createUser, storedSetting } from '../helpers/factories.js';
import { startSmtpServer, type TestSmtpServer, testCertificate } from '../helpers/smtp.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const PASSWORD = 'app-password-S3cret';
const ACCOUNT = { user: 'mailer@example.com', pass: PASSWORD };

/** The SMTP fields of a plain, authenticated server on 127.0.0.1. */
const plainSmtp = (port: number) => ({
  host: '127.0.0.1',
  port,
  security: 'none' as const,
  auth: true,
  username: ACCOUNT.user,
  password: PASSWORD,
  from: 'RustDesk <admin@example.com>',
  timeout_seconds: 5,
});

describe('Settings → SMTP', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
  });
  afterAll(() => t.close());

  const smtpOf = async () => (await t.call('GET', '/api/settings', { token: admin })).json().smtp;
  const patchSmtp = (smtp: Record<string, unknown>) =>
    t.call('PATCH', '/api/settings', { token: admin, body: { smtp } });

  it('GET /api/settings shows the SMTP settings without a password', async () => {
    const { password: _, ...shown } = DEFAULT_SMTP;
    expect(await smtpOf()).toEqual({ source: 'settings', ...shown, password_set: false });
  });

  it('PATCH saves them; the password is never answered, stored for sending, and audited only as changed', async () => {
    const response = await patchSmtp(plainSmtp(2525));
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain(PASSWORD);
    const { password: _, ...shown } = plainSmtp(2525);
    expect(response.json().smtp).toEqual({ source: 'settings', ...shown, ca_file: '', password_set: true });
    expect((await t.call('GET', '/api/settings', { token: admin })).body).not.toContain(PASSWORD);
    expect((await t.app.services.settings.smtp()).settings.password).toBe(PASSWORD);

    const audits = await t.db
      .selectFrom('console_audits')
      .select(['typ', 'iop', 'detail'])
      .where('typ', '=', CONSOLE_AREA.settings)
      .execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]?.iop).toBe(CONSOLE_OPERATION.updateSettings);
    expect(audits[0]?.detail).toContain('smtp.host = "127.0.0.1"');
    expect(audits[0]?.detail).toContain('smtp.password changed');
    expect(audits[0]?.detail).not.toContain(PASSWORD);
  });

  it('a PATCH without the password keeps it; an empty one clears it', async () => {
    expect((await patchSmtp({ timeout_seconds: 10 })).json().smtp).toMatchObject({ password_set: true });
    expect((await t.app.services.settings.smtp()).settings.password).toBe(PASSWORD);
    const cleared = await patchSmtp({ auth: false, password: '' });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().smtp).toMatchObject({ auth: false, password_set: false });
    expect((await patchSmtp({ auth: true, password: PASSWORD })).statusCode).toBe(200);
  });

  it('keeps the password sealed; an older plaintext one is sealed at start; under another key it reads as unset', async () => {
    const sealed = await storedSetting(t.db, 'smtp');
    expect(sealed.password_sealed).toMatch(/^v1:/);
    expect(sealed).not.toHaveProperty('password');
    expect(JSON.stringify(sealed)).not.toContain(PASSWORD);

    // The same database under another secret key: no password, so none is sent until it is typed again.
    const otherKey = await startTestApp({ database: t.database });
    try {
      const otherAdmin = await otherKey.adminSession();
      const shown = (await otherKey.call('GET', '/api/settings', { token: otherAdmin })).json().smtp;
      expect(shown).toMatchObject({ host: '127.0.0.1', username: ACCOUNT.user, password_set: false });
      const kept = await otherKey.call('PATCH', '/api/settings', {
        token: otherAdmin,
        body: { smtp: { timeout_seconds: 9 } },
      });
      expect(kept.statusCode).toBe(400);
      expect(kept.json()).toMatchObject({ code: 'smtp_required_with_auth', field: 'smtp.password' });
    } finally {
      await otherKey.close();
    }

    // As an older release stored it: in clear. The next start reads it and seals it.
    const { password_sealed: _, ...fields } = sealed;
    await t.db
      .updateTable('settings')
      .set({ value: JSON.stringify({ ...fields, password: PASSWORD }) })
      .where('key', '=', 'smtp')
      .execute();
    const upgraded = await startTestApp({ database: t.database });
    try {
      expect((await upgraded.app.services.settings.smtp()).settings.password).toBe(PASSWORD);
      const resealed = await storedSetting(t.db, 'smtp');
      expect(resealed.password_sealed).toMatch(/^v1:/);
      expect(JSON.stringify(resealed)).not.toContain(PASSWORD);
    } finally {
      await upgraded.close();
    }
  });

  it('the stored password is not sent to another host or account unless it is given again', async () => {
    for (const change of [{ host: 'evil.example.com' }, { port: 25 }, { username: 'other@example.com' }]) {
      const response = await patchSmtp(change);
      expect(response.statusCode, JSON.stringify(change)).toBe(400);
      expect(response.json().error).toBe(
        'smtp.password must be given again when the host, port, security or username changes',
      );
    }
    const test = await t.call('POST', '/api/settings/smtp/test', {
      token: admin,
      body: { to: 'x@example.com', smtp: { host: 'evil.example.com' } },
    });
    expect(test.statusCode).toBe(400);
    expect((await smtpOf()).host).toBe('127.0.0.1');
  });

  it.each([
    [{ host: 'bad host' }, 'smtp.host must be a DNS name or IP address'],
    [{ host: 'mail.example.com:25' }, 'smtp.host must be a DNS name or IP address'],
    [{ port: 0 }, 'smtp.port must be >= 1'],
    [{ port: '25' }, 'smtp.port must be integer'],
    [{ security: 'ssl' }, /^smtp.security must be/],
    [{ auth: 'yes' }, 'smtp.auth must be boolean'],
    [{ from: 'not an address' }, 'smtp.from must be an e-mail address, or "Name <address>"'],
    [{ from: '' }, 'smtp.from is required to send mail'],
    [{ username: '' }, 'smtp.username is required when smtp.auth is on'],
    [{ password: '' }, 'smtp.password is required when smtp.auth is on'],
    [{ timeout_seconds: 0 }, 'smtp.timeout_seconds must be >= 1'],
    [{ timeout_seconds: 301 }, 'smtp.timeout_seconds must be <= 300'],
    [{ ca_file: 'certs/ca.pem' }, 'smtp.ca_file must be an absolute path on the server'],
    [{ ca_file: '/nonexistent/ca.pem' }, 'smtp.ca_file /nonexistent/ca.pem cannot be read (ENOENT)'],
    [{ ca_file: tmpdir() }, `smtp.ca_file ${tmpdir()} cannot be read (EISDIR)`],
    [{ colour: 'blue' }, 'smtp.colour is not allowed'],
    [{ username: 'a\nb' }, 'smtp.username must not contain control characters'],
  ])('PATCH smtp %j is refused with 400', async (change, message) => {
    const before = await smtpOf();
    const response = await patchSmtp(change);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(message);
    expect(await smtpOf()).toEqual(before);
  });

  it('a CA file that holds no certificate is refused; a PEM certificate is accepted', async () => {
    const notPem = path.join(tmpdir(), `rdconsole-not-pem-${process.pid}.txt`);
    writeFileSync(notPem, 'hello');
    expect((await patchSmtp({ ca_file: notPem })).json().error).toBe(
      `smtp.ca_file ${notPem} holds no PEM certificate`,
    );
    const accepted = await patchSmtp({ ca_file: testCertificate().certFile });
    expect(accepted.json().smtp.ca_file).toBe(testCertificate().certFile);
    expect((await patchSmtp({ ca_file: '' })).statusCode).toBe(200);
  });

  it('administrators only: API tokens and other users are refused the test e-mail and the outbox', async () => {
    await createUser(t.db, { name: 'alice', password: 'alice-pass' });
    const alice = await t.login('alice', 'alice-pass');
    const token = await t.apiToken({ user: 'rw', device: 'rw' });
    for (const credential of [alice, token]) {
      const test = await t.call('POST', '/api/settings/smtp/test', {
        token: credential,
        body: { to: 'x@example.com' },
      });
      expect(test.statusCode).toBe(403);
      expect((await t.call('GET', '/api/settings/smtp/outbox', { token: credential })).statusCode).toBe(403);
    }
    expect((await t.call('GET', '/api/settings/smtp/outbox')).statusCode).toBe(401);
  });
});

describe('the test e-mail', () => {
  let t: TestApp;
  let admin: string;
  let servers: TestSmtpServer[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  afterAll(() => t.close());

  const serve = async (options: Parameters<typeof startSmtpServer>[0]) => {
    const server = await startSmtpServer(options);
    servers.push(server);
    return server;
  };
  const sendTest = (body: Record<string, unknown>) =>
    t.call('POST', '/api/settings/smtp/test', { token: admin, body });

  it('sends a real message with unsaved settings, answers the server’s reply, and saves nothing', async () => {
    const server = await serve({ account: ACCOUNT });
    const response = await sendTest({ to: 'ops@example.com', smtp: plainSmtp(server.port) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, response: expect.stringMatching(/^250 /) });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]).toMatchObject({ from: 'admin@example.com', to: ['ops@example.com'] });
    expect(server.received[0]?.raw).toContain('Subject: rdconsole test e-mail');
    expect((await t.app.services.settings.smtp()).settings).toEqual(DEFAULT_SMTP);
  });

  it('a wrong password answers 502 with the SMTP server’s refusal', async () => {
    const server = await serve({ account: ACCOUNT });
    const response = await sendTest({
      to: 'ops@example.com',
      smtp: { ...plainSmtp(server.port), password: 'wrong' },
    });
    expect(response.statusCode).toBe(502);
    expect(response.json().error).toMatch(
      /^sending failed: Invalid login: 535 .*Invalid username or password/,
    );
    expect(response.body).not.toContain('wrong');
    expect(server.received).toHaveLength(0);
  });

  it('an unreachable server answers 502 saying so', async () => {
    const server = await serve({});
    await server.close();
    const response = await sendTest({ to: 'ops@example.com', smtp: plainSmtp(server.port) });
    expect(response.statusCode).toBe(502);
    expect(response.json().error).toMatch(/ECONNREFUSED/);
  });

  it('uses the saved settings when given no changes', async () => {
    const server = await serve({ account: ACCOUNT });
    const saved = await t.call('PATCH', '/api/settings', {
      token: admin,
      body: { smtp: plainSmtp(server.port) },
    });
    expect(saved.statusCode).toBe(200);
    const response = await sendTest({ to: 'ops@example.com' });
    expect(response.json()).toMatchObject({ ok: true });
    expect(server.received).toHaveLength(1);
  });

  it('STARTTLS and implicit TLS with a self-signed certificate trusted through the custom CA file', async () => {
    for (const security of ['starttls', 'tls'] as const) {
      const server = await serve({ account: ACCOUNT, security });
      const smtp = { ...plainSmtp(server.port), host: 'localhost', security };
      const untrusted = await sendTest({ to: 'ops@example.com', smtp });
      expect(untrusted.statusCode, security).toBe(502);
      expect(untrusted.json().error, security).toMatch(/self[- ]signed certificate/);
      const trusted = await sendTest({
        to: 'ops@example.com',
        smtp: { ...smtp, ca_file: testCertificate().certFile },
      });
      expect(trusted.json(), security).toMatchObject({ ok: true });
      expect(server.received, security).toHaveLength(1);
    }
  });

  it('STARTTLS required: a server that does not offer it is refused rather than used in the clear', async () => {
    const server = await serve({ account: ACCOUNT });
    const response = await sendTest({
      to: 'ops@example.com',
      smtp: { ...plainSmtp(server.port), security: 'starttls' },
    });
    expect(response.statusCode).toBe(502);
    expect(server.received).toHaveLength(0);
  });

  it.each([
    [{ to: 'nobody' }, 'to must be an e-mail address'],
    [{}, 'to is required'],
    [{ to: 'a@example.com', smtp: { port: 70000 } }, 'smtp.port must be <= 65535'],
  ])('refuses %j with 400', async (body, message) => {
    const response = await sendTest(body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe(message);
  });
});

describe('the outbox', () => {
  let t: TestApp;
  let admin: string;
  let server: TestSmtpServer;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    server = await startSmtpServer({ account: ACCOUNT });
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  const outbox = async (query: Record<string, string> = {}) =>
    (await t.call('GET', '/api/settings/smtp/outbox', { token: admin, query })).json();
  const mail = {
    to: 'bob@example.com',
    subject: 'Hello',
    text: 'one-time link: https://x/abc',
    html: '<p>hi</p>',
  };

  it('refuses to queue mail while SMTP is not set up', async () => {
    await expect(t.app.services.mail.enqueue(mail)).rejects.toMatchObject({
      status: 409,
      message: 'e-mail is not set up: configure Settings → SMTP (or --smtp-url) first',
    });
  });

  it('sends queued mail in the background round, keeps no body once sent, and lists it', async () => {
    await t.call('PATCH', '/api/settings', { token: admin, body: { smtp: plainSmtp(server.port) } });
    await t.app.services.mail.enqueue(mail);
    expect(await t.app.services.mail.sendDue()).toEqual([]);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]?.raw).toContain('one-time link: https://x/abc');
    expect(server.received[0]?.raw).toContain('<p>hi</p>');
    const row = await t.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 1, body_text: '', body_html: null });
    expect(await outbox()).toEqual({
      total: 1,
      data: [
        {
          id: row.id,
          to: 'bob@example.com',
          subject: 'Hello',
          status: 'sent',
          attempts: 1,
          last_error: '',
          created_at: Math.floor(t.clock.now / 1000),
          next_attempt_at: null,
          sent_at: Math.floor(t.clock.now / 1000),
        },
      ],
    });
  });

  it('retries while the server is down, with backoff, and sends once it is back up', async () => {
    const port = server.port;
    await server.close();
    await t.app.services.mail.enqueue({ ...mail, subject: 'Retry me' });
    const [failure] = await t.app.services.mail.sendDue();
    expect(failure).toMatchObject({ attempts: 1, retryAt: t.clock.now + RETRY_DELAYS_MS[0] });
    expect(failure?.error).toMatch(/ECONNREFUSED/);
    expect((await outbox({ status: 'queued' })).data).toEqual([
      expect.objectContaining({
        subject: 'Retry me',
        attempts: 1,
        last_error: expect.stringMatching(/ECONNREFUSED/),
      }),
    ]);

    server = await startSmtpServer({ account: ACCOUNT, port });
    t.clock.advance(RETRY_DELAYS_MS[0] - 1000);
    expect(await t.app.services.mail.sendDue()).toEqual([]);
    expect(server.received).toHaveLength(0);
    t.clock.advance(1000);
    expect(await t.app.services.mail.sendDue()).toEqual([]);
    expect(server.received.map((m) => m.raw)).toEqual([expect.stringContaining('Subject: Retry me')]);
    expect((await outbox({ status: 'sent' })).data[0]).toMatchObject({ subject: 'Retry me', attempts: 2 });
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts, writes a console record and drops the body`, async () => {
    await t.call('PATCH', '/api/settings', {
      token: admin,
      body: { smtp: { ...plainSmtp(server.port), password: 'no-longer-valid' } },
    });
    await t.app.services.mail.enqueue({ ...mail, subject: 'Doomed' });
    for (const delay of RETRY_DELAYS_MS) {
      const [failure] = await t.app.services.mail.sendDue();
      expect(failure?.retryAt).toBe(t.clock.now + delay);
      t.clock.advance(delay);
    }
    const [last] = await t.app.services.mail.sendDue();
    expect(last).toMatchObject({ attempts: MAX_ATTEMPTS, retryAt: null });
    expect(last?.error).toMatch(/Invalid login: 535/);
    expect(await t.app.services.mail.sendDue()).toEqual([]);

    const row = await t.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('subject', '=', 'Doomed')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, body_text: '', body_html: null });
    const record = await t.db
      .selectFrom('console_audits')
      .select(['operator', 'detail'])
      .where('typ', '=', CONSOLE_AREA.mail)
      .where('iop', '=', CONSOLE_OPERATION.mailNotSent)
      .executeTakeFirstOrThrow();
    expect(record.operator).toBe('rdconsole');
    expect(record.detail).toMatch(
      /^mail to bob@example.com \("Doomed"\) not sent after 5 attempts: Invalid login: 535/,
    );
    expect(record.detail).not.toContain('no-longer-valid');
    expect((await outbox({ status: 'failed' })).data).toEqual([
      expect.objectContaining({ subject: 'Doomed', status: 'failed', next_attempt_at: null }),
    ]);
  });

  it('refuses a recipient that is not an address', async () => {
    await expect(t.app.services.mail.enqueue({ ...mail, to: 'bob' })).rejects.toMatchObject({ status: 400 });
  });
});

describe('--smtp-url in force', () => {
  let t: TestApp;
  let admin: string;
  const fromEnvironment: SmtpSettings = {
    ...DEFAULT_SMTP,
    ...plainSmtp(2525),
    host: 'smtp.example.com',
  };
  beforeAll(async () => {
    t = await startTestApp({ smtp: fromEnvironment });
    admin = await t.adminSession();
  });
  afterAll(() => t.close());

  it('GET /api/settings says so and shows host, port and from, never the password', async () => {
    const response = await t.call('GET', '/api/settings', { token: admin });
    expect(response.json().smtp).toMatchObject({
      source: 'environment',
      host: 'smtp.example.com',
      port: 2525,
      from: 'RustDesk <admin@example.com>',
      password_set: true,
    });
    expect(response.body).not.toContain(PASSWORD);
  });

  it('PATCH of SMTP fields answers 409; the other settings still change', async () => {
    const smtp = await t.call('PATCH', '/api/settings', {
      token: admin,
      body: { smtp: { timeout_seconds: 9 }, require_deployment: true },
    });
    expect(smtp.statusCode).toBe(409);
    expect(smtp.json()).toEqual({
      error: 'SMTP is configured by --smtp-url (RDCONSOLE_SMTP_URL); change it there',
      code: 'smtp_from_environment',
    });
    expect((await t.app.services.settings.get()).require_deployment).toBe(false);
    const other = await t.call('PATCH', '/api/settings', {
      token: admin,
      body: { require_deployment: true },
    });
    expect(other.statusCode).toBe(200);
  });

  it('the test e-mail takes no changes then', async () => {
    const response = await t.call('POST', '/api/settings/smtp/test', {
      token: admin,
      body: { to: 'a@example.com', smtp: { host: 'other.example.com', password: 'x' } },
    });
    expect(response.statusCode).toBe(409);
  });
});
