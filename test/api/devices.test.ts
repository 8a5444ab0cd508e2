import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { writePresence } from '../../src/domain/devices/repository.js';
import { heartbeatBody, sysinfoBody } from '../helpers/client.js';
import { createDeviceGroup, createSharedBook, createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('device endpoints: sysinfo and heartbeat', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t.db, { name: 'mike', password: 'mike-pass' });
    await createDeviceGroup(t.db, 'Production');
    await t.app.services.strategies.create(
      { name: 'Locked', options: { 'enable-audio': 'N' } },
      SYSTEM_ACTOR,
    );
  });
  afterAll(() => t.close());

  const device = (peerId: string) =>
    t.db.selectFrom('devices').selectAll().where('peer_id', '=', peerId).executeTakeFirst();

  it('a heartbeat from an unknown device asks for its sysinfo (no credentials needed)', async () => {
    const response = await t.call('POST', '/api/heartbeat', { body: heartbeatBody('100000001') });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ sysinfo: true });
  });

  it('sysinfo registers the device and answers exactly the text SYSINFO_UPDATED', async () => {
    const response = await t.call('POST', '/api/sysinfo', { body: sysinfoBody('100000001') });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('SYSINFO_UPDATED');
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(await device('100000001')).toMatchObject({
      uuid: 'uuid-100000001',
      hostname: 'pc-100000001',
      username: 'alice',
      os: 'windows / Windows 11 Pro - 11 (22631)',
      version: '1.4.9',
      status: 1,
      guid: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('a registered device then gets an empty heartbeat answer and counts as online', async () => {
    const response = await t.call('POST', '/api/heartbeat', {
      body: heartbeatBody('100000001', { conns: [3, 5] }),
    });
    expect(response.json()).toEqual({});
    expect(t.app.services.presence.isOnline('100000001')).toBe(true);
    expect(t.app.services.presence.get('100000001')).toMatchObject({ conns: [3, 5], ver: 1004090 });
    t.clock.advance(46_000);
    expect(t.app.services.presence.isOnline('100000001')).toBe(false);
  });

  it('heartbeats write nothing; presence reaches the database in batches, and at shutdown', async () => {
    const registeredAt = (await device('100000001'))?.last_online;
    t.clock.advance(1000);
    await t.call('POST', '/api/heartbeat', { body: heartbeatBody('100000001') });
    const seenAt = t.clock.now;
    expect((await device('100000001'))?.last_online).toBe(registeredAt);
    expect(await t.app.services.presence.flush()).toBe(1);
    expect((await device('100000001'))?.last_online).toBe(seenAt);
    expect((await device('100000001'))?.ip).toBe('127.0.0.1');

    t.clock.advance(15_000);
    await t.call('POST', '/api/heartbeat', { body: heartbeatBody('100000001') });
    expect(await t.app.services.presence.flush()).toBe(0);
    expect(await t.app.services.presence.flush(true)).toBe(1);
    expect((await device('100000001'))?.last_online).toBe(t.clock.now);

    // A device online all along is written again after 5 minutes plus up to one that depends on it.
    t.clock.advance(4 * 60_000);
    await t.call('POST', '/api/heartbeat', { body: heartbeatBody('100000001') });
    expect(await t.app.services.presence.flush()).toBe(0);
    t.clock.advance(2 * 60_000);
    await t.call('POST', '/api/heartbeat', { body: heartbeatBody('100000001') });
    expect(await t.app.services.presence.flush()).toBe(1);
    expect((await device('100000001'))?.last_online).toBe(t.clock.now);
  });

  it('one presence write gives each device of the batch its own time and address, and no other device', async () => {
    const peers = ['100000051', '100000052', '100000053', '100000054'];
    for (const peer of peers) await t.call('POST', '/api/sysinfo', { body: sysinfoBody(peer) });
    const untouched = await device('100000054');
    const rows = await Promise.all(
      peers.slice(0, 3).map(async (peer, i) => ({
        id: (await device(peer))?.id ?? 0,
        lastOnline: 1_700_000_000_000 + i,
        ip: `10.0.0.${i + 1}`,
      })),
    );
    await writePresence(t.db, rows);
    for (const [i, peer] of peers.slice(0, 3).entries()) {
      expect(await device(peer)).toMatchObject({ last_online: 1_700_000_000_000 + i, ip: `10.0.0.${i + 1}` });
    }
    expect(await device('100000054')).toEqual(untouched);
  });

  it('a client upgrade (heartbeat ver differs from the stored version) asks for fresh sysinfo', async () => {
    const response = await t.call('POST', '/api/heartbeat', {
      body: { ...heartbeatBody('100000001'), ver: 1004100 },
    });
    expect(response.json()).toEqual({ sysinfo: true });
  });

  it('a heartbeat whose uuid does not match the registered one is treated as unknown', async () => {
    const response = await t.call('POST', '/api/heartbeat', {
      body: { ...heartbeatBody('100000001'), uuid: 'other' },
    });
    expect(response.json()).toEqual({ sysinfo: true });
  });

  it('a heartbeat with an empty or missing uuid is a mismatch: no presence, no strategy options', async () => {
    await t.call('POST', '/api/sysinfo', {
      body: sysinfoBody('100000009', { 'preset-strategy-name': 'Locked' }),
    });
    for (const body of [
      { ...heartbeatBody('100000009'), uuid: '' },
      { id: '100000009', ver: 1004090 },
    ]) {
      const response = await t.call('POST', '/api/heartbeat', { body });
      expect(response.json()).toEqual({ sysinfo: true });
    }
    expect(t.app.services.presence.isOnline('100000009')).toBe(false);
    const owner = await t.call('POST', '/api/heartbeat', { body: heartbeatBody('100000009') });
    expect(owner.json().strategy.config_options).toEqual({ 'enable-audio': 'N' });
  });

  it('sysinfo applies the preset-* options to a new device; names that do not exist are ignored', async () => {
    const response = await t.call('POST', '/api/sysinfo', {
      body: sysinfoBody('100000002', {
        'preset-user-name': 'mike',
        'preset-strategy-name': 'Locked',
        'preset-device-group-name': 'Production',
        'preset-note': 'front desk',
        'preset-device-name': 'Reception PC',
        'preset-device-username': 'reception',
      }),
    });
    expect(response.body).toBe('SYSINFO_UPDATED');
    const row = await device('100000002');
    const mike = await t.db
      .selectFrom('users')
      .select('id')
      .where('name', '=', 'mike')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      user_id: mike.id,
      note: 'front desk',
      device_name: 'Reception PC',
      device_username: 'reception',
    });
    expect(row?.strategy_id).not.toBeNull();
    expect(row?.device_group_id).not.toBeNull();

    const unknown = await t.call('POST', '/api/sysinfo', {
      body: sysinfoBody('100000003', { 'preset-user-name': 'nobody', 'preset-strategy-name': 'Nothing' }),
    });
    expect(unknown.body).toBe('SYSINFO_UPDATED');
    expect(await device('100000003')).toMatchObject({ user_id: null, strategy_id: null });
  });

  it('preset-address-book-* puts the device in that shared book; an unknown book is ignored', async () => {
    await createSharedBook(t.db, { name: 'Kiosks' });
    const response = await t.call('POST', '/api/sysinfo', {
      body: sysinfoBody('100000004', {
        'preset-address-book-name': 'Kiosks',
        'preset-address-book-tag': 'lobby',
        'preset-address-book-alias': 'Lobby kiosk',
        'preset-address-book-password': 'kiosk-pw',
        'preset-address-book-note': 'by the door',
      }),
    });
    expect(response.body).toBe('SYSINFO_UPDATED');
    const peer = await t.db
      .selectFrom('ab_peers')
      .selectAll()
      .where('peer_id', '=', '100000004')
      .executeTakeFirst();
    expect(peer).toMatchObject({ alias: 'Lobby kiosk', password: 'kiosk-pw', note: 'by the door' });
    expect(JSON.parse(peer?.tags ?? '[]')).toEqual(['lobby']);
    const unknown = await t.call('POST', '/api/sysinfo', {
      body: sysinfoBody('100000005', { 'preset-address-book-name': 'Nowhere' }),
    });
    expect(unknown.body).toBe('SYSINFO_UPDATED');
  });

  it('presets do not undo what an administrator changed later', async () => {
    await t.db
      .updateTable('devices')
      .set({ user_id: null, note: 'moved' })
      .where('peer_id', '=', '100000002')
      .execute();
    const admin = await t.db
      .selectFrom('users')
      .select('id')
      .where('name', '=', 'admin')
      .executeTakeFirstOrThrow();
    await t.db.updateTable('devices').set({ user_id: admin.id }).where('peer_id', '=', '100000002').execute();
    await t.call('POST', '/api/sysinfo', {
      body: sysinfoBody('100000002', { 'preset-user-name': 'mike', 'preset-note': 'front desk' }),
    });
    expect(await device('100000002')).toMatchObject({ user_id: admin.id, note: 'moved' });
  });

  it('a disabled device stays disabled when it reports again', async () => {
    await t.db.updateTable('devices').set({ status: 0 }).where('peer_id', '=', '100000003').execute();
    await t.call('POST', '/api/sysinfo', { body: sysinfoBody('100000003', { hostname: 'renamed' }) });
    expect(await device('100000003')).toMatchObject({ status: 0, hostname: 'renamed' });
  });

  it('a deleted device registers again as a new device', async () => {
    const before = await device('100000003');
    await t.db.deleteFrom('devices').where('peer_id', '=', '100000003').execute();
    t.app.services.deviceDirectory.forget('100000003');
    expect((await t.call('POST', '/api/heartbeat', { body: heartbeatBody('100000003') })).json()).toEqual({
      sysinfo: true,
    });
    await t.call('POST', '/api/sysinfo', { body: sysinfoBody('100000003') });
    const after = await device('100000003');
    expect(after?.guid).not.toBe(before?.guid);
    expect(after?.status).toBe(1);
  });

  it('an administrator can end a live connection: the next heartbeat carries its id once', async () => {
    t.app.services.presence.requestDisconnect('100000001', [5]);
    const first = await t.call('POST', '/api/heartbeat', {
      body: heartbeatBody('100000001', { conns: [3, 5] }),
    });
    expect(first.json()).toEqual({ disconnect: [5] });
    const second = await t.call('POST', '/api/heartbeat', {
      body: heartbeatBody('100000001', { conns: [3] }),
    });
    expect(second.json()).toEqual({});
  });

  it('POST /api/sysinfo_ver answers text that never matches, so old clients upload sysinfo', async () => {
    const one = await t.call('POST', '/api/sysinfo_ver', { payload: '' });
    t.clock.advance(1);
    const two = await t.call('POST', '/api/sysinfo_ver', { payload: '' });
    expect(one.statusCode).toBe(200);
    expect(one.body).not.toBe('');
    expect(one.body).not.toBe(two.body);
  });

  it('POST /api/record is not supported', async () => {
    const response = await t.call('POST', '/api/record?type=new&file=x.webm', {
      payload: 'raw bytes',
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(response.statusCode).toBe(501);
    expect(response.json()).toEqual({ error: 'Not supported', code: 'not_supported' });
  });

  it.each([
    ['/api/heartbeat', {}, 'id is required', 'field_required'],
    ['/api/heartbeat', { id: 5 }, 'id must be string', 'field_type'],
    ['/api/heartbeat', { id: '1', ver: '1.4.9' }, 'ver must be integer', 'field_type'],
    ['/api/heartbeat', { id: '1', conns: 'x' }, 'conns must be array', 'field_type'],
    ['/api/heartbeat', { id: '1', conns: ['a'] }, 'conns[0] must be integer', 'field_type'],
    ['/api/heartbeat', { id: '1', modified_at: 'yesterday' }, 'modified_at must be integer', 'field_type'],
    ['/api/heartbeat', { id: '' }, 'id must NOT have fewer than 1 characters', 'field_min_length'],
    ['/api/sysinfo', {}, 'id is required', 'field_required'],
    ['/api/sysinfo', { id: ['1'] }, 'id must be string', 'field_type'],
    ['/api/switch-grant', { id: '1' }, 'switch_code_verifier is required', 'field_required'],
    [
      '/api/switch-grant',
      { id: '1', switch_code_verifier: 'v', timestamp: 'now', signature: 's' },
      'timestamp must match pattern "^[0-9]{1,12}$"',
      'field_pattern',
    ],
  ])('POST %s with %o answers 400 "%s" (%s)', async (url, body, message, code) => {
    const response = await t.call('POST', url, { body });
    expect(response.statusCode).toBe(400);
    // The parameters (field, type, limit…) are checked for every error by t.call.
    expect(response.json()).toMatchObject({ error: message, code });
  });

  it('sysinfo ignores odd types in optional fields rather than failing (newer clients)', async () => {
    const response = await t.call('POST', '/api/sysinfo', {
      body: { ...sysinfoBody('100000009'), memory: 16, extra: { nested: true } },
    });
    expect(response.body).toBe('SYSINFO_UPDATED');
    expect((await device('100000009'))?.memory).toBe('');
  });
});

describe('registration controls (Settings → Others)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('"disable new devices" refuses unknown devices but keeps serving registered ones', async () => {
    await t.call('POST', '/api/sysinfo', { body: sysinfoBody('200000001') });
    await t.app.services.settings.update({ disable_new_devices: true }, SYSTEM_ACTOR);
    const refused = await t.call('POST', '/api/sysinfo', { body: sysinfoBody('200000002') });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toBe('SYSINFO_UPDATED');
    expect(refused.json().error).toMatch(/New devices are disabled/);
    expect((await t.call('POST', '/api/sysinfo', { body: sysinfoBody('200000001') })).body).toBe(
      'SYSINFO_UPDATED',
    );
    await t.app.services.settings.update({ disable_new_devices: false }, SYSTEM_ACTOR);
  });

  it('"require deployment" accepts only deployed devices', async () => {
    await t.app.services.settings.update({ require_deployment: true }, SYSTEM_ACTOR);
    const refused = await t.call('POST', '/api/sysinfo', { body: sysinfoBody('200000003') });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatch(/deploy/);
    await t.app.services.settings.update({ require_deployment: false }, SYSTEM_ACTOR);
  });
});
