import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { DEVICE_SORT_KEYS } from '../../src/domain/devices/listing.js';
import { heartbeatBody, sysinfoBody } from '../helpers/client.js';
import {
  createDevice,
  createDeviceGroup,
  createSharedBook,
  createUser,
  createUserGroup,
} from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const DAY = 24 * 60 * 60 * 1000;
const UNKNOWN_GUID = '01983006-fcca-7c12-9a91-b1df483c6073';

/** The wrapping devices.py applies to every filter value (admin-api.md §0.4). */
function fuzzy(value: string): string {
  return value === '-' || value.includes('%') ? value : `%${value}%`;
}

/** A query string as Python's requests builds it (quote_plus: space → +, % → %25). */
function queryString(params: Record<string, string | number>): string {
  return new URLSearchParams(
    Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
}

interface Row {
  guid: string;
  id: string;
  [key: string]: unknown;
}

describe('management API: devices (devices.py and the console)', () => {
  let t: TestApp;
  let admin: string;
  let script: string;
  let mikeId: number;
  let aliceId: number;
  const guidOf = new Map<string, string>();

  /** devices.py's listing loop: pageSize 30, current 1, 2, … until a short page or the total is reached. */
  async function scriptView(filters: Record<string, string>, token = script): Promise<Row[]> {
    const rows: Row[] = [];
    for (let current = 1; ; current += 1) {
      const response = await t.call(
        'GET',
        `/api/devices?${queryString({ ...filters, pageSize: 30, current })}`,
        { token },
      );
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).not.toHaveProperty('error');
      rows.push(...body.data);
      if (body.data.length < 30 || current * 30 >= body.total) return rows;
    }
  }

  async function list(params: Record<string, string | number>, token = admin) {
    const response = await t.call('GET', `/api/devices?${queryString(params)}`, { token });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { total: number; data: Row[] };
  }

  const ids = (rows: Row[]) => rows.map((row) => row.id);

  async function device(peerId: string) {
    return t.db.selectFrom('devices').selectAll().where('peer_id', '=', peerId).executeTakeFirst();
  }

  async function audits() {
    return t.db
      .selectFrom('console_audits')
      .select(['typ', 'iop', 'detail', 'operator'])
      .orderBy('id')
      .execute();
  }

  async function addDevice(peerId: string, fields: Omit<Parameters<typeof createDevice>[1], 'peerId'> = {}) {
    await createDevice(t.db, { peerId, ...fields });
    const row = await device(peerId);
    guidOf.set(peerId, row?.guid ?? '');
    return row?.guid as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    script = await t.apiToken({ device: 'rw' });
    const sales = await createUserGroup(t.db, 'Sales');
    mikeId = await createUser(t.db, { name: 'mike', password: 'mike-pass', groupId: sales });
    aliceId = await createUser(t.db, { name: 'alice', password: 'alice-pass' });
    const group1 = await createDeviceGroup(t.db, 'group1');
    await createDeviceGroup(t.db, 'group2');
    await t.app.services.strategies.create({ name: 'test', options: { 'enable-audio': 'N' } }, SYSTEM_ACTOR);
    await createSharedBook(t.db, { name: 'ab1' });

    await addDevice('123456789', {
      hostname: 'office-pc',
      username: 'bob',
      userId: mikeId,
      deviceGroupId: group1,
      note: 'front desk',
    });
    await addDevice('1234567890', { hostname: 'office-laptop', username: 'carol', userId: aliceId });
    await addDevice('987654321', { hostname: 'Warehouse Scanner', username: 'dave' });
    for (let n = 10; n < 72; n += 1) await addDevice(`5000000${n}`, { hostname: `filler-${n}` });
    await t.db
      .updateTable('devices')
      .set({ last_online: t.clock.now - 3 * DAY })
      .where('peer_id', '=', '123456789')
      .execute();
    await t.db
      .updateTable('devices')
      .set({ last_online: t.clock.now - DAY })
      .where('peer_id', '=', '1234567890')
      .execute();
  });
  afterAll(() => t.close());

  describe('GET /api/devices as devices.py and strategies.py call it', () => {
    it('view: the paging loop with pageSize 30 reads every device exactly once', async () => {
      const rows = await scriptView({});
      expect(rows).toHaveLength(65);
      expect(new Set(ids(rows)).size).toBe(65);
      const page3 = await list({ pageSize: 30, current: 3 });
      expect(page3).toMatchObject({ total: 65 });
      expect(page3.data).toHaveLength(5);
      expect((await list({ pageSize: 30, current: 31 })).data).toEqual([]);
    });

    it('rows carry the fields scripts and the console read, and nothing secret', async () => {
      const { data } = await list({ id: '123456789' });
      expect(data).toHaveLength(1);
      expect(data[0]).toEqual({
        guid: guidOf.get('123456789'),
        id: '123456789',
        status: 1,
        online: false,
        last_online: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
        device_name: 'office-pc',
        device_username: 'bob',
        hostname: 'office-pc',
        username: 'bob',
        os: 'windows / Windows 11 Pro - 11 (22631)',
        cpu: '',
        memory: '',
        version: '1.4.9',
        ip: '',
        note: 'front desk',
        user_name: 'mike',
        user_guid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        group_name: 'Sales',
        device_group_name: 'group1',
        device_group_guid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        strategy_name: null,
        strategy_source: null,
        info: {
          os: 'windows / Windows 11 Pro - 11 (22631)',
          cpu: '',
          memory: '',
          hostname: 'office-pc',
          username: 'bob',
          version: '1.4.9',
        },
        created_at: expect.any(Number),
      });
      expect(data[0]).not.toHaveProperty('uuid');
      expect(data[0]).not.toHaveProperty('pk');
    });

    it('last_online is naive UTC that devices.py --offline_days parses; never seen: the registration time', async () => {
      const rows = await scriptView({ id: fuzzy('12345678') });
      const row = rows.find((r) => r.id === '123456789');
      const value = row?.last_online as string;
      // datetime.strptime(value.split(".")[0], "%Y-%m-%dT%H:%M:%S")
      expect(value.split('.')[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      expect(Date.parse(`${value}Z`)).toBe(Math.floor((t.clock.now - 3 * DAY) / 1000) * 1000);
      const neverSeen = (await list({ id: '987654321' })).data[0]?.last_online as string;
      expect(neverSeen).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    });

    it('each devices.py filter, fuzzy-wrapped, and "-" for empty', async () => {
      expect(ids(await scriptView({ id: fuzzy('2345678') })).sort()).toEqual(['123456789', '1234567890']);
      expect(ids(await scriptView({ device_name: fuzzy('office') })).sort()).toEqual([
        '123456789',
        '1234567890',
      ]);
      // Case is ignored, a space arrives as "+".
      expect(ids(await scriptView({ device_name: fuzzy('warehouse scanner') }))).toEqual(['987654321']);
      expect(ids(await scriptView({ user_name: fuzzy('mik') }))).toEqual(['123456789']);
      expect(ids(await scriptView({ group_name: fuzzy('Sales') }))).toEqual(['123456789']);
      expect(ids(await scriptView({ device_group_name: fuzzy('group1') }))).toEqual(['123456789']);
      expect(ids(await scriptView({ device_username: fuzzy('caro') }))).toEqual(['1234567890']);
      expect(ids(await scriptView({ id: fuzzy('2345678'), user_name: fuzzy('alice') }))).toEqual([
        '1234567890',
      ]);
      expect(await scriptView({ user_name: '-' })).toHaveLength(63);
      expect(ids(await scriptView({ device_group_name: '-', id: fuzzy('12345') }))).toEqual(['1234567890']);
      expect(await scriptView({ id: fuzzy('nothing-like-this') })).toEqual([]);
    });

    it('strategies.py: a raw id=<id>&pageSize=50 (no current) finds exactly that device', async () => {
      const response = await t.call('GET', '/api/devices?id=123456789&pageSize=50', { token: script });
      expect(response.statusCode).toBe(200);
      const rows = response.json().data as Row[];
      expect(ids(rows)).toEqual(['123456789']);
      expect(rows.find((row) => row.id === '123456789')?.guid).toBe(guidOf.get('123456789'));
    });

    it('the console filters: ip, version, os, note, status, strategy_name', async () => {
      await t.db
        .updateTable('devices')
        .set({ ip: '10.1.2.3', version: '1.3.9' })
        .where('peer_id', '=', '987654321')
        .execute();
      expect(ids((await list({ ip: '10.1.%' })).data)).toEqual(['987654321']);
      expect(ids((await list({ version: '1.3.9' })).data)).toEqual(['987654321']);
      expect((await list({ os: '%windows%' })).total).toBe(65);
      expect(ids((await list({ note: '%desk%' })).data)).toEqual(['123456789']);
      expect((await list({ status: 1 })).total).toBe(65);
      expect((await list({ status: 0 })).total).toBe(0);
      expect((await list({ strategy_name: '-' })).total).toBe(65);
      expect((await list({ strategy_name: 'test' })).total).toBe(0);
    });

    it('sort: whitelisted columns in both directions, never-seen devices last', async () => {
      const byLastOnline = (order: string) =>
        list({ id: '%12345678%', sort: 'last_online', order }).then((page) => ids(page.data));
      expect(await byLastOnline('desc')).toEqual(['1234567890', '123456789']);
      expect(await byLastOnline('asc')).toEqual(['123456789', '1234567890']);
      const recent = await list({ sort: 'last_online', order: 'desc', pageSize: 3 });
      expect(ids(recent.data).slice(0, 2)).toEqual(['1234567890', '123456789']);
      expect(recent.data[2]?.last_online).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      const byId = await list({ sort: 'id', order: 'asc', pageSize: 3 });
      // Numeric ids in numeric order: shorter ones first.
      expect(ids(byId.data)).toEqual(['123456789', '500000010', '500000011']);
      const byName = await list({ sort: 'device_name', order: 'desc', pageSize: 1 });
      expect(ids(byName.data)).toEqual(['987654321']);
      for (const key of DEVICE_SORT_KEYS) {
        for (const order of ['asc', 'desc']) {
          const sortedPage = await list({ sort: key, order, pageSize: 100 });
          expect(sortedPage.total, `${key} ${order}`).toBe(65);
          expect(new Set(ids(sortedPage.data)).size, `${key} ${order}`).toBe(65);
        }
      }
      const byUser = await list({ sort: 'user_name', order: 'asc', pageSize: 2 });
      expect(ids(byUser.data)).toEqual(['1234567890', '123456789']);
    });
  });

  describe('presence: online and offline_days', () => {
    it('online=true lists the devices whose heartbeat is recent; online=false the others', async () => {
      const beat = await t.call('POST', '/api/heartbeat', { body: heartbeatBody('987654321') });
      expect(beat.statusCode).toBe(200);
      const online = await list({ online: 'true' });
      expect(online.total).toBe(1);
      expect(online.data[0]).toMatchObject({ id: '987654321', online: true });
      expect(online.data[0]?.last_online).toBe(new Date(t.clock.now).toISOString().slice(0, 19));
      const offline = await list({ online: 'false', pageSize: 100 });
      expect(offline.total).toBe(64);
      expect(ids(offline.data)).not.toContain('987654321');
      const paged = await list({ online: 'false', pageSize: 30, current: 3 });
      expect(paged).toMatchObject({ total: 64 });
      expect(paged.data).toHaveLength(4);
    });

    it('offline_days: not seen for N days or never, counting heartbeats still in memory', async () => {
      const twoDays = await list({ offline_days: 2, pageSize: 100 });
      expect(ids(twoDays.data)).toContain('123456789');
      expect(ids(twoDays.data)).not.toContain('1234567890');
      expect(ids(twoDays.data)).not.toContain('987654321');
      expect(twoDays.total).toBe(63);
      expect(ids((await list({ offline_days: 2, id: '%12345678%' })).data)).toEqual(['123456789']);
      expect((await list({ offline_days: 4, id: '%12345678%' })).total).toBe(0);
    });

    it('a device stops being online 45 s after its last heartbeat', async () => {
      t.clock.advance(46_000);
      expect((await list({ online: 'true' })).total).toBe(0);
      expect((await list({ id: '987654321' })).data[0]?.online).toBe(false);
    });
  });

  describe('enable, disable, delete', () => {
    it('disable and enable answer 200 with an empty body and are audited', async () => {
      const guid = guidOf.get('500000010') as string;
      const disabled = await t.call('POST', `/api/devices/${guid}/disable`, { token: script });
      expect(disabled.statusCode).toBe(200);
      expect(disabled.body).toBe('');
      expect((await device('500000010'))?.status).toBe(0);
      expect((await list({ id: '500000010' })).data[0]?.status).toBe(0);
      const enabled = await t.call('POST', `/api/devices/${guid}/enable`, { token: script });
      expect(enabled.statusCode).toBe(200);
      expect((await device('500000010'))?.status).toBe(1);
      const records = (await audits()).slice(-2);
      expect(records).toEqual([
        { typ: 2, iop: 9, detail: 'devices: 500000010', operator: 'token:test token' },
        { typ: 2, iop: 8, detail: 'devices: 500000010', operator: 'token:test token' },
      ]);
    });

    it('only a disabled device may be deleted; deleting forgets its presence', async () => {
      const guid = guidOf.get('500000011') as string;
      await t.call('POST', '/api/heartbeat', { body: heartbeatBody('500000011') });
      const refused = await t.call('DELETE', `/api/devices/${guid}`, { token: script });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toEqual({ error: 'disable the device first', code: 'device_disable_first' });
      expect(await device('500000011')).toBeDefined();

      await t.call('POST', `/api/devices/${guid}/disable`, { token: script });
      const deleted = await t.call('DELETE', `/api/devices/${guid}`, { token: script });
      expect(deleted.statusCode).toBe(200);
      expect(deleted.body).toBe('');
      expect(await device('500000011')).toBeUndefined();
      expect(t.app.services.presence.get('500000011')).toBeUndefined();
      expect((await audits()).at(-1)).toMatchObject({ typ: 2, iop: 14, detail: 'devices: 500000011' });
      // The device is gone: the next heartbeat asks it to register again.
      const beat = await t.call('POST', '/api/heartbeat', { body: heartbeatBody('500000011') });
      expect(beat.json()).toEqual({ sysinfo: true });
      const again = await t.call('DELETE', `/api/devices/${guid}`, { token: script });
      expect(again.statusCode).toBe(404);
    });
  });

  describe('POST /api/devices/{guid}/assign as devices.py sends it', () => {
    const assign = (peerId: string, type: string, value: string) =>
      t.call('POST', `/api/devices/${guidOf.get(peerId)}/assign`, { token: script, body: { type, value } });

    it('each type: user_name, strategy_name, device_group_name, note, device_username, device_name', async () => {
      for (const [type, value] of [
        ['user_name', 'mike'],
        ['strategy_name', 'test'],
        ['device_group_name', 'group2'],
        ['note', 'note1'],
        ['device_username', 'username1'],
        ['device_name', 'name1'],
      ] as const) {
        const response = await assign('987654321', type, value);
        expect(response.statusCode, `${type}: ${response.body}`).toBe(200);
        expect(response.body).toBe('');
      }
      const row = (await list({ id: '987654321' })).data[0];
      expect(row).toMatchObject({
        user_name: 'mike',
        group_name: 'Sales',
        device_group_name: 'group2',
        strategy_name: 'test',
        strategy_source: 'device',
        note: 'note1',
        device_username: 'username1',
        device_name: 'name1',
        hostname: 'Warehouse Scanner',
        username: 'dave',
      });
      expect((await audits()).at(-1)).toMatchObject({
        typ: 2,
        iop: 12,
        detail: 'devices: 987654321; device_name: name1',
      });
      expect(ids((await list({ device_name: 'name1' })).data)).toEqual(['987654321']);
    });

    it('ab=ab1,tag1,alias1,password1,note1 puts the device in the shared book', async () => {
      const response = await assign('987654321', 'ab', 'ab1,tag1,alias1,password1,note1');
      expect(response.statusCode, response.body).toBe(200);
      const peer = await t.db
        .selectFrom('ab_peers')
        .innerJoin('address_books', 'address_books.id', 'ab_peers.ab_id')
        .select(['ab_peers.alias', 'ab_peers.tags', 'ab_peers.password', 'ab_peers.note'])
        .where('address_books.name', '=', 'ab1')
        .where('ab_peers.peer_id', '=', '987654321')
        .executeTakeFirstOrThrow();
      expect(peer).toEqual({ alias: 'alias1', tags: '["tag1"]', password: 'password1', note: 'note1' });
      const record = (await audits()).at(-1);
      expect(record).toMatchObject({ typ: 2, iop: 12 });
      expect(record?.detail).toContain('address book ab1');
      expect(record?.detail).not.toContain('password1');
      expect((await assign('987654321', 'ab', 'ab1')).statusCode).toBe(200);
    });

    it('unknown names are 404s naming them; an empty name unassigns', async () => {
      for (const [type, value, message, code, name] of [
        ['user_name', 'nobody', "User 'nobody' not found", 'user_not_found', 'nobody'],
        ['strategy_name', 'nothing', "Strategy 'nothing' not found", 'strategy_not_found', 'nothing'],
        [
          'device_group_name',
          'nowhere',
          "Device group 'nowhere' not found",
          'device_group_not_found',
          'nowhere',
        ],
        ['ab', 'no-book,tag', "Address book 'no-book' not found", 'address_book_not_found', 'no-book'],
      ] as const) {
        const response = await assign('987654321', type, value);
        expect(response.statusCode).toBe(404);
        expect(response.json()).toEqual({ error: message, code, name });
      }
      expect((await list({ id: '987654321' })).data[0]).toMatchObject({ user_name: 'mike' });
      expect((await assign('987654321', 'user_name', '')).statusCode).toBe(200);
      expect((await assign('987654321', 'strategy_name', '')).statusCode).toBe(200);
      expect((await assign('987654321', 'device_group_name', '')).statusCode).toBe(200);
      expect((await list({ id: '987654321' })).data[0]).toMatchObject({
        user_name: null,
        group_name: null,
        device_group_name: null,
        strategy_name: null,
      });
    });

    it('an unknown type is a 400 listing the allowed ones', async () => {
      const response = await assign('987654321', 'owner', 'mike');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error:
          'type must be one of: ab, strategy_name, user_name, device_group_name, note, device_username, device_name',
        code: 'assign_type_invalid',
        values: [
          'ab',
          'strategy_name',
          'user_name',
          'device_group_name',
          'note',
          'device_username',
          'device_name',
        ],
      });
    });
  });

  describe('the console: one device, PATCH, bulk, CSV', () => {
    it('GET /api/devices/{guid} answers the row; PATCH resolves names and audits', async () => {
      const guid = guidOf.get('500000012') as string;
      const one = await t.call('GET', `/api/devices/${guid}`, { token: admin });
      expect(one.statusCode).toBe(200);
      expect(one.json()).toMatchObject({ guid, id: '500000012', user_name: null });

      const patched = await t.call('PATCH', `/api/devices/${guid}`, {
        token: admin,
        body: {
          user_name: 'alice',
          device_group_name: 'group1',
          note: 'lab',
          device_name: 'Lab PC',
          extra: 1,
        },
      });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({
        user_name: 'alice',
        device_group_name: 'group1',
        note: 'lab',
        device_name: 'Lab PC',
        hostname: 'filler-12',
      });
      expect((await audits()).at(-1)).toMatchObject({
        typ: 2,
        iop: 12,
        operator: 'admin',
        detail:
          'devices: 500000012; user_name: alice, device_group_name: group1, note: lab, device_name: Lab PC',
      });

      const unknown = await t.call('PATCH', `/api/devices/${guid}`, {
        token: admin,
        body: { user_name: 'ghost', strategy_name: 'none-such', note: 'not saved' },
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error).toBe("User 'ghost' not found; Strategy 'none-such' not found");
      expect((await device('500000012'))?.note).toBe('lab');

      const cleared = await t.call('PATCH', `/api/devices/${guid}`, {
        token: admin,
        body: { user_name: null, device_group_name: null },
      });
      expect(cleared.json()).toMatchObject({ user_name: null, device_group_name: null, note: 'lab' });
    });

    it('a strategy assigned by PATCH reaches the device on its next heartbeat', async () => {
      await t.call('POST', '/api/sysinfo', { body: sysinfoBody('700000001') });
      const registered = await device('700000001');
      expect((await t.call('POST', '/api/heartbeat', { body: heartbeatBody('700000001') })).json()).toEqual(
        {},
      );

      const patched = await t.call('PATCH', `/api/devices/${registered?.guid}`, {
        token: admin,
        body: { strategy_name: 'test' },
      });
      expect(patched.json()).toMatchObject({ strategy_name: 'test', strategy_source: 'device' });
      const pushed = (await t.call('POST', '/api/heartbeat', { body: heartbeatBody('700000001') })).json();
      expect(pushed.strategy).toEqual({ config_options: { 'enable-audio': 'N' } });

      await t.call('POST', `/api/devices/${registered?.guid}/assign`, {
        token: script,
        body: { type: 'strategy_name', value: '' },
      });
      const reverted = (
        await t.call('POST', '/api/heartbeat', {
          body: heartbeatBody('700000001', { modified_at: pushed.modified_at }),
        })
      ).json();
      expect(reverted.strategy).toEqual({ config_options: { 'enable-audio': '' } });
    });

    it('bulk disable, enable and assign change every device in one call', async () => {
      const guids = ['500000020', '500000021', '500000022'].map((id) => guidOf.get(id) as string);
      const disabled = await t.call('POST', '/api/devices/bulk', {
        token: admin,
        body: { action: 'disable', guids },
      });
      expect(disabled.statusCode).toBe(200);
      expect(disabled.json()).toEqual({ count: 3 });
      expect((await list({ status: 0 })).total).toBe(3);
      expect((await audits()).at(-1)).toMatchObject({
        typ: 2,
        iop: 9,
        detail: 'devices: 500000020, 500000021, 500000022',
      });

      const assigned = await t.call('POST', '/api/devices/bulk', {
        token: admin,
        body: { action: 'assign', guids, assign: { user_name: 'mike', device_group_name: 'group2' } },
      });
      expect(assigned.json()).toEqual({ count: 3 });
      expect(ids((await list({ user_name: 'mike', device_group_name: 'group2' })).data).sort()).toEqual([
        '500000020',
        '500000021',
        '500000022',
      ]);
      const enabled = await t.call('POST', '/api/devices/bulk', {
        token: admin,
        body: { action: 'enable', guids },
      });
      expect(enabled.json()).toEqual({ count: 3 });
      expect((await list({ status: 0 })).total).toBe(0);
    });

    it('bulk: one unknown guid is a 404 naming it, and nothing changes', async () => {
      const guids = [guidOf.get('500000023') as string, UNKNOWN_GUID];
      const response = await t.call('POST', '/api/devices/bulk', {
        token: admin,
        body: { action: 'disable', guids },
      });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        error: `Devices not found: ${UNKNOWN_GUID}`,
        code: 'devices_not_found',
        ids: [UNKNOWN_GUID],
      });
      expect((await device('500000023'))?.status).toBe(1);

      const badName = await t.call('POST', '/api/devices/bulk', {
        token: admin,
        body: { action: 'assign', guids: [guids[0]], assign: { strategy_name: 'ghost' } },
      });
      expect(badName.statusCode).toBe(404);
      expect(badName.json()).toEqual({
        error: "Strategy 'ghost' not found",
        code: 'strategy_not_found',
        name: 'ghost',
      });
    });

    it('bulk delete needs disabled devices unless force, and rolls back as a whole', async () => {
      const guids = ['500000030', '500000031'].map((id) => guidOf.get(id) as string);
      await t.call('POST', `/api/devices/${guids[0]}/disable`, { token: admin });
      const refused = await t.call('POST', '/api/devices/bulk', {
        token: admin,
        body: { action: 'delete', guids },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toContain('disable the device first');
      expect(refused.json().error).toContain('500000031');
      expect(await device('500000030')).toBeDefined();

      const before = (await audits()).length;
      const forced = await t.call('POST', '/api/devices/bulk', {
        token: admin,
        body: { action: 'delete', guids, force: true },
      });
      expect(forced.json()).toEqual({ count: 2 });
      expect(await device('500000030')).toBeUndefined();
      expect(await device('500000031')).toBeUndefined();
      expect((await audits()).slice(before)).toEqual([
        { typ: 2, iop: 9, detail: 'devices: 500000031', operator: 'admin' },
        { typ: 2, iop: 14, detail: 'devices: 500000030, 500000031', operator: 'admin' },
      ]);
    });

    it('?format=csv exports every device of the current filter, with a header row and escaped cells', async () => {
      await t.db
        .updateTable('devices')
        .set({ note: 'desk "A", floor 2' })
        .where('peer_id', '=', '500000040')
        .execute();
      await t.db.updateTable('devices').set({ note: '=cmd()' }).where('peer_id', '=', '500000041').execute();
      const response = await t.call(
        'GET',
        `/api/devices?${queryString({ format: 'csv', id: '%5000000%' })}`,
        {
          token: admin,
        },
      );
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toContain('devices.csv');
      const lines = response.body
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .filter(Boolean);
      const header = lines[0]?.split(',') ?? [];
      expect(header.slice(0, 3)).toEqual(['ID', 'Device Name', 'Device Username']);
      // Times as the log exports write them: ISO 8601 UTC with the zone.
      const row = lines.find((line) => line.startsWith('500000041,'))?.split(',') ?? [];
      for (const column of ['Last Online', 'Created'])
        expect(row[header.indexOf(column)]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const total = (await list({ id: '%5000000%' })).total;
      expect(lines).toHaveLength(total + 1);
      expect(lines.find((line) => line.startsWith('500000040,'))).toContain('"desk ""A"", floor 2"');
      expect(lines.find((line) => line.startsWith('500000041,'))).toContain(",'=cmd(),");

      // The presence filter applies to exports too: only the device that heartbeated recently.
      const online = await t.call('GET', '/api/devices?format=csv&online=true', { token: admin });
      const onlineLines = online.body
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .filter(Boolean);
      expect(onlineLines.slice(1).map((line) => line.split(',')[0])).toEqual(['700000001']);
    });
  });

  describe('who may do what', () => {
    it('a user sees only the devices assigned to them, in the list, one by one and in CSV', async () => {
      const alice = await t.login('alice', 'alice-pass');
      const own = await list({}, alice);
      expect(ids(own.data)).toEqual(['1234567890']);
      expect(own.total).toBe(1);
      const mine = await t.call('GET', `/api/devices/${guidOf.get('1234567890')}`, { token: alice });
      expect(mine.statusCode).toBe(200);
      const other = await t.call('GET', `/api/devices/${guidOf.get('123456789')}`, { token: alice });
      expect(other.statusCode).toBe(403);
      expect(other.json()).toHaveProperty('error');
      const csv = await t.call('GET', '/api/devices?format=csv', { token: alice });
      expect(
        csv.body
          .replace(/^\uFEFF/, '')
          .split('\r\n')
          .filter(Boolean),
      ).toHaveLength(2);
      expect(csv.body).toContain('1234567890,');
    });

    it('a user may change only note and names of their own devices', async () => {
      const alice = await t.login('alice', 'alice-pass');
      const own = guidOf.get('1234567890') as string;
      const renamed = await t.call('PATCH', `/api/devices/${own}`, {
        token: alice,
        body: { note: 'my laptop', device_name: 'Carol laptop', device_username: 'carol' },
      });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json()).toMatchObject({ note: 'my laptop', device_name: 'Carol laptop' });
      expect((await audits()).at(-1)).toMatchObject({ operator: 'alice', iop: 12 });

      for (const body of [
        { user_name: 'mike' },
        { strategy_name: null },
        { device_group_name: 'group1', note: 'x' },
      ]) {
        const refused = await t.call('PATCH', `/api/devices/${own}`, { token: alice, body });
        expect(refused.statusCode).toBe(403);
      }
      const others = await t.call('PATCH', `/api/devices/${guidOf.get('123456789')}`, {
        token: alice,
        body: { note: 'mine now' },
      });
      expect(others.statusCode).toBe(403);
      expect((await device('123456789'))?.note).toBe('front desk');

      for (const [method, url, body] of [
        ['POST', `/api/devices/${own}/disable`, undefined],
        ['POST', `/api/devices/${own}/enable`, undefined],
        ['DELETE', `/api/devices/${own}`, undefined],
        ['POST', `/api/devices/${own}/assign`, { type: 'note', value: 'x' }],
        ['POST', '/api/devices/bulk', { action: 'enable', guids: [own] }],
      ] as const) {
        expect((await t.call(method, url, { token: alice, body })).statusCode, `${method} ${url}`).toBe(403);
      }
    });

    it('token scopes: device:r lists but cannot change; other areas cannot list', async () => {
      const reader = await t.apiToken({ device: 'r' });
      expect((await t.call('GET', '/api/devices?pageSize=1', { token: reader })).statusCode).toBe(200);
      const guid = guidOf.get('500000050') as string;
      expect((await t.call('GET', `/api/devices/${guid}`, { token: reader })).statusCode).toBe(200);
      const refused = await t.call('POST', `/api/devices/${guid}/disable`, { token: reader });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toEqual({
        error: 'This API token lacks the device:rw permission',
        code: 'token_lacks_permission',
        scope: 'device:rw',
      });
      expect(
        (await t.call('PATCH', `/api/devices/${guid}`, { token: reader, body: { note: 'x' } })).statusCode,
      ).toBe(403);
      const groups = await t.apiToken({ device_group: 'rw', user: 'rw' });
      expect((await t.call('GET', '/api/devices', { token: groups })).statusCode).toBe(403);
      expect((await t.call('GET', '/api/devices')).statusCode).toBe(401);
      expect((await device('500000050'))?.status).toBe(1);
    });
  });

  describe('bad input gets a 400 naming the field, never a 500', () => {
    it('GET /api/devices', async () => {
      for (const [query, message] of [
        ['pageSize=0', 'pageSize must be >= 1'],
        ['current=0', 'current must be >= 1'],
        ['status=2', 'status must be <= 1'],
        ['online=maybe', 'online must be boolean'],
        ['offline_days=-1', 'offline_days must be >= 0'],
        ['offline_days=soon', 'offline_days must be integer'],
        ['sort=password', 'sort'],
        ['order=up', 'order'],
        ['format=xml', 'format'],
        [`id=${'9'.repeat(300)}`, 'id must NOT have more than 256 characters'],
      ] as const) {
        const response = await t.call('GET', `/api/devices?${query}`, { token: admin });
        expect(response.statusCode, query).toBe(400);
        expect(response.json().error, query).toContain(message);
      }
      // `_` is literal and unknown parameters are ignored.
      expect((await list({ id: '5000000_0', foo: 'bar' })).total).toBe(0);
    });

    it('one device, enable, disable, delete', async () => {
      for (const [method, url] of [
        ['GET', '/api/devices/not-a-guid'],
        ['PATCH', '/api/devices/not-a-guid'],
        ['POST', '/api/devices/not-a-guid/enable'],
        ['POST', '/api/devices/not-a-guid/disable'],
        ['DELETE', '/api/devices/not-a-guid'],
        ['POST', '/api/devices/not-a-guid/assign'],
      ] as const) {
        const response = await t.call(method, url, {
          token: admin,
          body: method === 'PATCH' ? {} : undefined,
        });
        expect(response.statusCode, `${method} ${url}`).toBe(400);
        expect(response.json().error, `${method} ${url}`).toMatch(/guid/);
      }
      for (const [method, url] of [
        ['GET', `/api/devices/${UNKNOWN_GUID}`],
        ['POST', `/api/devices/${UNKNOWN_GUID}/enable`],
        ['POST', `/api/devices/${UNKNOWN_GUID}/disable`],
        ['DELETE', `/api/devices/${UNKNOWN_GUID}`],
      ] as const) {
        const response = await t.call(method, url, { token: admin });
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(response.json()).toEqual({ error: 'Device not found', code: 'device_guid_not_found' });
      }
    });

    it('PATCH and assign bodies', async () => {
      const guid = guidOf.get('500000060') as string;
      for (const [body, message] of [
        [{ note: 5 }, 'note must be string'],
        [{ user_name: 7 }, 'user_name'],
        [{ device_name: 'x'.repeat(300) }, 'device_name must NOT have more than 256 characters'],
        [[], 'request body must be object'],
      ] as const) {
        const response = await t.call('PATCH', `/api/devices/${guid}`, { token: admin, body });
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json().error).toContain(message);
      }
      const notJson = await t.call('PATCH', `/api/devices/${guid}`, { token: admin, payload: '{"note":' });
      expect(notJson.statusCode).toBe(400);
      expect(
        (await t.call('PATCH', `/api/devices/${UNKNOWN_GUID}`, { token: admin, body: {} })).statusCode,
      ).toBe(404);

      for (const [body, message] of [
        [{ value: 'mike' }, 'type is required'],
        [{ type: 'user_name' }, 'value is required'],
        [{ type: 'note', value: 5 }, 'value must be string'],
        [{ type: 'ab', value: ',tag1' }, 'address book name'],
        ['user_name=mike', 'request body must be object'],
      ] as const) {
        const response = await t.call('POST', `/api/devices/${guid}/assign`, { token: admin, body });
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json().error).toContain(message);
      }
      const unknownDevice = await t.call('POST', `/api/devices/${UNKNOWN_GUID}/assign`, {
        token: admin,
        body: { type: 'note', value: 'x' },
      });
      expect(unknownDevice.statusCode).toBe(404);
    });

    it('bulk bodies', async () => {
      const guid = guidOf.get('500000060') as string;
      for (const [body, message] of [
        [{ guids: [guid] }, 'action is required'],
        [{ action: 'explode', guids: [guid] }, 'action'],
        [{ action: 'enable' }, 'guids is required'],
        [{ action: 'enable', guids: guid }, 'guids must be array'],
        [{ action: 'enable', guids: [] }, 'guids must NOT have fewer than 1 items'],
        [{ action: 'enable', guids: ['nope'] }, 'guids[0]'],
        [
          { action: 'enable', guids: Array.from({ length: 10_001 }, () => guid) },
          'guids must NOT have more than 10000 items',
        ],
        [{ action: 'delete', guids: [guid], force: 'yes' }, 'force must be boolean'],
        [{ action: 'assign', guids: [guid] }, 'assign needs user_name, device_group_name or strategy_name'],
        [{ action: 'assign', guids: [guid], assign: { user_name: 3 } }, 'assign.user_name'],
      ] as const) {
        const response = await t.call('POST', '/api/devices/bulk', { token: admin, body });
        expect(response.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
        expect(response.json().error).toContain(message);
      }
      expect((await device('500000060'))?.status).toBe(1);
    });
  });
});
