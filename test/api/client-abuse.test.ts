import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../src/lib/clock.js';
import { heartbeatBody, sysinfoBody } from '../helpers/client.js';
import { createSharedBook, createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('an unauthenticated sysinfo cannot rewrite what is already there', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t.db, { name: 'mike', password: 'mike-pass' });
  });
  afterAll(() => t.close());

  const device = (peerId: string) =>
    t.db.selectFrom('devices').selectAll().where('peer_id', '=', peerId).executeTakeFirstOrThrow();
  const claimAlarms = (peerId: string) =>
    t.db
      .selectFrom('alarm_audits')
      .selectAll()
      .where('device_peer_id', '=', peerId)
      .where('typ', '=', 100)
      .execute();
  const sysinfoFrom = (address: string, body: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/api/sysinfo', remoteAddress: address, payload: body });

  it('a sysinfo without a uuid is refused with 400', async () => {
    const { uuid: _uuid, ...noUuid } = sysinfoBody('200000001');
    for (const body of [noUuid, { ...noUuid, uuid: '' }]) {
      const response = await t.call('POST', '/api/sysinfo', { body });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'uuid is required', code: 'field_required', field: 'uuid' });
    }
    expect(
      await t.db.selectFrom('devices').select('id').where('peer_id', '=', '200000001').execute(),
    ).toEqual([]);
  });

  it('another machine claiming a registered ID changes nothing, gets 409 and leaves one alarm an hour', async () => {
    await t.call('POST', '/api/sysinfo', { body: sysinfoBody('200000002') });
    const before = await device('200000002');
    const claim = sysinfoBody('200000002', {
      uuid: 'uuid-of-another-machine',
      hostname: 'intruder',
      os: 'linux / Kali',
      'preset-user-name': 'mike',
      'preset-note': 'mine now',
    });
    for (let i = 0; i < 3; i += 1) {
      const response = await sysinfoFrom('203.0.113.7', claim);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toEqual({
        error: 'This ID is registered to another machine',
        code: 'device_id_taken',
      });
    }
    expect(await device('200000002')).toEqual(before);
    const alarms = await claimAlarms('200000002');
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ ip: '203.0.113.7' });
    expect(JSON.parse(alarms[0]?.info ?? '{}')).toMatchObject({ ip: '203.0.113.7', name: 'intruder' });

    await sysinfoFrom('198.51.100.9', claim);
    expect(await claimAlarms('200000002')).toHaveLength(2);
    t.clock.advance(HOUR_MS + 1);
    await sysinfoFrom('203.0.113.7', claim);
    expect(await claimAlarms('200000002')).toHaveLength(3);

    // The registered machine itself goes on as before.
    const own = await t.call('POST', '/api/sysinfo', { body: sysinfoBody('200000002') });
    expect(own.body).toBe('SYSINFO_UPDATED');
  });

  it('presets apply only when a device registers: a later sysinfo assigns nothing', async () => {
    await t.call('POST', '/api/sysinfo', { body: sysinfoBody('200000003') });
    const response = await t.call('POST', '/api/sysinfo', {
      body: sysinfoBody('200000003', {
        'preset-user-name': 'mike',
        'preset-note': 'late preset',
        'preset-device-name': 'late name',
      }),
    });
    expect(response.body).toBe('SYSINFO_UPDATED');
    expect(await device('200000003')).toMatchObject({ user_id: null, note: '', device_name: '' });
  });

  it('preset-address-book-* fills only empty fields of a peer already in a shared book', async () => {
    const book = await createSharedBook(t.db, { name: 'Sales' });
    const now = Date.now();
    await t.db
      .insertInto('ab_peers')
      .values({
        ab_id: book.id,
        peer_id: '200000004',
        alias: 'Front desk',
        tags: '[]',
        note: '',
        password: 'real-secret',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const response = await t.call('POST', '/api/sysinfo', {
      body: sysinfoBody('200000004', {
        'preset-address-book-name': 'Sales',
        'preset-address-book-alias': 'evil alias',
        'preset-address-book-password': 'evil-password',
        'preset-address-book-note': 'first note',
      }),
    });
    expect(response.body).toBe('SYSINFO_UPDATED');
    const peer = await t.db
      .selectFrom('ab_peers')
      .selectAll()
      .where('peer_id', '=', '200000004')
      .executeTakeFirstOrThrow();
    expect(peer).toMatchObject({ alias: 'Front desk', password: 'real-secret', note: 'first note' });
  });

  it('a device registered ahead by --assign without uuid takes the uuid and presets of its first sysinfo', async () => {
    const token = await t.apiToken({ device: 'rw' });
    const assign = await t.call('POST', '/api/devices/cli', {
      token,
      body: { id: '200000005', note: 'from assign' },
    });
    expect(assign.statusCode).toBe(200);
    expect((await t.call('POST', '/api/heartbeat', { body: heartbeatBody('200000005') })).json()).toEqual({
      sysinfo: true,
    });
    const response = await t.call('POST', '/api/sysinfo', {
      body: sysinfoBody('200000005', { 'preset-user-name': 'mike', 'preset-note': 'ignored: not empty' }),
    });
    expect(response.body).toBe('SYSINFO_UPDATED');
    const row = await device('200000005');
    expect(row).toMatchObject({ uuid: 'uuid-200000005', note: 'from assign' });
    expect(row.user_id).not.toBeNull();
  });

  it('a device cannot post an alarm of rdconsole’s own types (100 and up)', async () => {
    const response = await t.call('POST', '/api/audit/alarm', {
      body: { id: '200000002', uuid: 'uuid-200000002', typ: 100, info: '{"ip":"1.2.3.4"}' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(/typ/);
    const ok = await t.call('POST', '/api/audit/alarm', {
      body: { id: '200000002', uuid: 'uuid-200000002', typ: 99, info: '{"ip":"1.2.3.4"}' },
    });
    expect(ok.statusCode).toBe(200);
  });
});

describe('an unauthenticated client cannot fill the disk', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ rateLimits: { newDevicesPerHour: 3, auditsPerMinute: 5 } });
  });
  afterAll(() => t.close());

  const from = (address: string, url: string, body: object) =>
    t.app.inject({ method: 'POST', url, remoteAddress: address, payload: body });
  const alarm = (id: string, info = '{"ip":"192.0.2.1"}') => ({ id, uuid: `uuid-${id}`, typ: 1, info });
  const file = (id: string, info: string) => ({ id, uuid: `uuid-${id}`, type: 0, info, path: 'C:/x' });

  it('registers at most --new-devices-per-hour new devices per address, then 429 with Retry-After', async () => {
    for (const id of ['300000001', '300000002', '300000003']) {
      expect((await from('203.0.113.1', '/api/sysinfo', sysinfoBody(id))).body).toBe('SYSINFO_UPDATED');
    }
    const refused = await from('203.0.113.1', '/api/sysinfo', sysinfoBody('300000004'));
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({
      error: expect.stringMatching(/new devices/),
      code: 'new_devices_throttled',
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
    expect(
      await t.db.selectFrom('devices').select('id').where('peer_id', '=', '300000004').execute(),
    ).toEqual([]);

    // Registered devices keep reporting; other addresses are counted apart; the next hour starts afresh.
    expect((await from('203.0.113.1', '/api/sysinfo', sysinfoBody('300000001'))).body).toBe(
      'SYSINFO_UPDATED',
    );
    expect((await from('203.0.113.2', '/api/sysinfo', sysinfoBody('300000005'))).body).toBe(
      'SYSINFO_UPDATED',
    );
    t.clock.advance(HOUR_MS);
    expect((await from('203.0.113.1', '/api/sysinfo', sysinfoBody('300000004'))).body).toBe(
      'SYSINFO_UPDATED',
    );
  });

  it('accepts at most --audits-per-minute audits per address, then 429 with Retry-After', async () => {
    const bodies: Array<[string, object]> = [
      ['/api/audit/alarm', alarm('300000001')],
      ['/api/audit/file', file('300000001', '{"ip":"192.0.2.1","num":1}')],
      ['/api/audit/conn', { id: '300000001', conn_id: 1, session_id: 0, action: 'new', ip: '192.0.2.1' }],
      ['/api/audit/alarm', alarm('300000002')],
      ['/api/audit/alarm', alarm('300000003')],
    ];
    for (const [url, body] of bodies) expect((await from('198.51.100.1', url, body)).statusCode).toBe(200);
    const refused = await from('198.51.100.1', '/api/audit/alarm', alarm('300000001'));
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({ error: expect.stringMatching(/audit/), code: 'audits_throttled' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await from('198.51.100.2', '/api/audit/alarm', alarm('300000001'))).statusCode).toBe(200);
    t.clock.advance(60_000);
    expect((await from('198.51.100.1', '/api/audit/alarm', alarm('300000001'))).statusCode).toBe(200);
  });

  it('caps each audit field: alarm info 4096 characters, file info 16384, peer 8 items (400)', async () => {
    t.clock.advance(60_000);
    const padded = (length: number) => JSON.stringify({ ip: '192.0.2.1', pad: 'x'.repeat(length - 27) });
    expect(padded(4096)).toHaveLength(4096);
    const cases: Array<[string, object, number]> = [
      ['/api/audit/alarm', alarm('300000001', padded(4096)), 200],
      ['/api/audit/alarm', alarm('300000001', padded(4097)), 400],
      ['/api/audit/file', file('300000001', padded(16_384)), 200],
      ['/api/audit/file', file('300000001', padded(16_385)), 400],
      [
        '/api/audit/conn',
        { id: '300000001', conn_id: 2, session_id: 1, peer: Array(9).fill('x'), type: 0 },
        400,
      ],
    ];
    for (const [index, [url, body, status]] of cases.entries()) {
      const response = await from(`192.0.2.${index + 10}`, url, body);
      expect(response.statusCode, `${url} #${index}`).toBe(status);
      if (status === 400) expect(response.json().error).toMatch(/info|peer/);
    }
  });
});

describe('audit logs are kept 365 days unless an administrator says otherwise', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('a new server purges records older than 365 days', async () => {
    const settings = await t.call('GET', '/api/settings', { token: await t.adminSession() });
    expect(settings.json().log_retention_days).toBe(365);
    await t.call('POST', '/api/audit/alarm', { body: alarmBody('400000001') });
    t.clock.advance(366 * 24 * HOUR_MS);
    await t.call('POST', '/api/audit/alarm', { body: alarmBody('400000002') });
    await t.app.services.audits.purgeExpired();
    const left = await t.db.selectFrom('alarm_audits').select('device_peer_id').execute();
    expect(left).toEqual([{ device_peer_id: '400000002' }]);
  });
});

function alarmBody(id: string) {
  return { id, uuid: `uuid-${id}`, typ: 1, info: '{"ip":"192.0.2.1"}' };
}
