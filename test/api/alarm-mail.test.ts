import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALARM_MAIL_INTERVAL_MS } from '../../src/domain/audits/alarm-mail.js';
import { createDevice, createUser } from '../helpers/factories.js';
import {
  mailSubject,
  mailText,
  type ReceivedMail,
  startSmtpServer,
  type TestSmtpServer,
} from '../helpers/smtp.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const ALICE_DEVICE = '111111111';
const OTHER_DEVICE = '222222222';

describe('alarm event e-mail', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let admin: string;
  let alice: string;

  beforeAll(async () => {
    t = await startTestApp();
    smtp = await startSmtpServer();
    admin = await t.adminSession();
    const patched = await t.call('PATCH', '/api/settings', {
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
    expect(patched.statusCode).toBe(200);
    const aliceId = await createUser(t.db, { name: 'alice', password: 'alice-pass' });
    await createUser(t.db, { name: 'bob', password: 'bob-pass' });
    await createDevice(t.db, { peerId: ALICE_DEVICE, userId: aliceId, hostname: 'alice-pc' });
    await createDevice(t.db, { peerId: OTHER_DEVICE, hostname: 'server-1' });
    alice = await t.login('alice', 'alice-pass');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** An alarm as the RustDesk client on the device posts it (client-api.md §10). */
  const alarm = async (id: string, typ: number, ip: string) => {
    const response = await t.call('POST', '/api/audit/alarm', {
      body: { id, uuid: `uuid-${id}`, typ, info: JSON.stringify({ ip }), conn_id: 0, nonce: randomUUID() },
    });
    expect(response.statusCode, response.body).toBe(200);
  };
  const guidOf = async (token: string) => (await t.call('POST', '/api/currentUser', { token })).json().guid;
  const switchOn = async (token: string, on: boolean, email: string) => {
    const response = await t.call('PATCH', `/api/users/${await guidOf(token)}`, {
      token,
      body: { email, email_alarm_notification: on },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().email_alarm_notification).toBe(on);
  };
  /** One round of the background worker: alarm mail queued, then sent. */
  const worker = async () => {
    await t.app.services.alarmMail.queueDue();
    expect(await t.app.services.mail.sendDue()).toEqual([]);
    return smtp.received.splice(0);
  };
  const to = (mails: ReceivedMail[], address: string) => mails.filter((m) => m.to.includes(address));

  it('is off by default; an alarm before switching it on is never mailed', async () => {
    await alarm(ALICE_DEVICE, 2, '203.0.113.1');
    expect(await worker()).toEqual([]);
    await switchOn(alice, true, 'alice@example.com');
    await switchOn(admin, true, 'admin@example.com');
    expect(await worker()).toEqual([]);
    const me = await t.call('POST', '/api/currentUser', { token: alice });
    expect(me.json().info).toEqual({ email_verification: false, email_alarm_notification: true });
    const log = await t.db
      .selectFrom('console_audits')
      .select('detail')
      .where('operator', '=', 'alice')
      .execute();
    expect(log.map((r) => r.detail)).toContain('user: alice (e-mail, alarm e-mail on)');
  });

  it('a user gets the alarms of their devices, an administrator all of them, in one mail', async () => {
    await alarm(ALICE_DEVICE, 2, '203.0.113.2');
    await alarm(ALICE_DEVICE, 0, '203.0.113.3');
    await alarm(OTHER_DEVICE, 1, '203.0.113.4');
    const mails = await worker();
    expect(mails).toHaveLength(2);
    const [aliceMail] = to(mails, 'alice@example.com');
    expect(mailSubject(aliceMail as ReceivedMail)).toBe('RustDesk alarm: 2 new events');
    const text = mailText(aliceMail as ReceivedMail);
    expect(text).toContain(
      `Access attempt outside the IP whitelist, device ${ALICE_DEVICE} (alice-pc), from 203.0.113.3`,
    );
    expect(text).toContain(
      'Multiple access attempts within one minute, device 111111111 (alice-pc), from 203.0.113.2',
    );
    expect(text).not.toContain(OTHER_DEVICE);
    expect(text).not.toContain('203.0.113.1');
    const [adminMail] = to(mails, 'admin@example.com');
    expect(mailSubject(adminMail as ReceivedMail)).toBe('RustDesk alarm: 3 new events');
    expect(mailText(adminMail as ReceivedMail)).toContain(`device ${OTHER_DEVICE} (server-1)`);
  });

  it('batched: at most one mail a minute per user, listing what came meanwhile', async () => {
    await alarm(ALICE_DEVICE, 2, '203.0.113.5');
    await alarm(ALICE_DEVICE, 2, '203.0.113.6');
    expect(await worker()).toEqual([]);
    t.clock.advance(ALARM_MAIL_INTERVAL_MS);
    const mails = await worker();
    expect(mails.map((m) => m.to)).toEqual(
      expect.arrayContaining([['alice@example.com'], ['admin@example.com']]),
    );
    const text = mailText(to(mails, 'alice@example.com')[0] as ReceivedMail);
    expect(text).toContain('203.0.113.5');
    expect(text).toContain('203.0.113.6');
  });

  it('stops when switched off, and for other users when only administrators may see the logs', async () => {
    await switchOn(alice, false, 'alice@example.com');
    t.clock.advance(ALARM_MAIL_INTERVAL_MS);
    await alarm(ALICE_DEVICE, 2, '203.0.113.7');
    expect((await worker()).map((m) => m.to)).toEqual([['admin@example.com']]);

    await switchOn(alice, true, 'alice@example.com');
    await t.call('PATCH', '/api/settings', { token: admin, body: { only_admin_can_access_logs: true } });
    t.clock.advance(ALARM_MAIL_INTERVAL_MS);
    await alarm(ALICE_DEVICE, 2, '203.0.113.8');
    expect((await worker()).map((m) => m.to)).toEqual([['admin@example.com']]);
  });
});
