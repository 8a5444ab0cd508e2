import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../../src/domain/console-audit/codes.js';
import { heartbeatBody, sysinfoBody } from '../helpers/client.js';
import { createDevice, createDeviceGroup, createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const UNKNOWN_GUID = '01983006-fcca-7c12-9a91-b1df483c6073';

interface Listed {
  guid: string;
  name: string;
  enabled: boolean;
  note: string;
  options: Record<string, string>;
  device_count: number;
}

describe('strategies (strategies.py and the console)', () => {
  let t: TestApp;
  let admin: string;
  let alice: string;

  /** A request as strategies.py sends it: the token, and Content-Type: application/json on every request. */
  const script = (token: string, method: 'GET' | 'PUT' | 'POST', url: string, payload?: string) =>
    t.call(method, url, {
      token,
      headers: { 'content-type': 'application/json' },
      ...(payload !== undefined ? { payload } : {}),
    });

  const guidOf = async (table: 'devices' | 'users' | 'device_groups', id: number) =>
    (await t.db.selectFrom(table).select('guid').where('id', '=', id).executeTakeFirstOrThrow()).guid;

  const createStrategy = async (name: string, options: Record<string, string> = {}, note?: string) => {
    const response = await t.call('POST', '/api/strategies', {
      token: admin,
      body: { name, options, ...(note !== undefined ? { note } : {}) },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Listed;
  };

  const list = async (token = admin) => {
    const response = await script(token, 'GET', '/api/strategies');
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Listed[];
  };

  const consoleAudits = (operation: number) =>
    t.db
      .selectFrom('console_audits')
      .select(['operator', 'typ', 'iop', 'detail'])
      .where('iop', '=', operation)
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    await createUser(t.db, { name: 'alice', password: 'alice-pass' });
    alice = await t.login('alice', 'alice-pass');
  });
  afterAll(() => t.close());

  describe('what strategies.py sends', () => {
    it('list: GET /api/strategies answers a bare array that the name lookup iterates', async () => {
      const created = await createStrategy('Baseline', { 'enable-audio': 'N' }, 'for everyone');
      const response = await script(admin, 'GET', '/api/strategies');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(Array.isArray(body)).toBe(true);
      const found = body.find((s: Listed) => String(s.name) === 'Baseline');
      expect(found).toEqual({
        guid: created.guid,
        name: 'Baseline',
        enabled: true,
        note: 'for everyone',
        options: { 'enable-audio': 'N' },
        created_at: Math.floor(t.clock.now / 1000),
        updated_at: Math.floor(t.clock.now / 1000),
        device_count: 0,
      });
      expect(found.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });

    it('view: GET /api/strategies/{guid} answers the strategy with its direct assignments', async () => {
      const strategy = (await list()).find((s) => s.name === 'Baseline') as Listed;
      const response = await script(admin, 'GET', `/api/strategies/${strategy.guid}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        ...strategy,
        devices: [],
        users: [],
        device_groups: [],
      });
      const unknown = await script(admin, 'GET', `/api/strategies/${UNKNOWN_GUID}`);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error).toMatch(/Strategy not found/);
      const malformed = await script(admin, 'GET', '/api/strategies/Baseline');
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error).toMatch(/^guid /);
    });

    it('enable/disable: PUT /api/strategies/{guid}/status with the bare JSON true or false', async () => {
      const { guid } = await createStrategy('Toggle');
      const disabled = await script(admin, 'PUT', `/api/strategies/${guid}/status`, 'false');
      expect(disabled.statusCode).toBe(200);
      expect(disabled.json()).not.toHaveProperty('error');
      expect(disabled.json().enabled).toBe(false);
      expect((await list()).find((s) => s.guid === guid)?.enabled).toBe(false);

      const enabled = await script(admin, 'PUT', `/api/strategies/${guid}/status`, 'true');
      expect(enabled.statusCode).toBe(200);
      expect((await list()).find((s) => s.guid === guid)?.enabled).toBe(true);

      // The script prints "Success" even when nothing changes: the same answer again.
      expect((await script(admin, 'PUT', `/api/strategies/${guid}/status`, 'true')).statusCode).toBe(200);
    });

    it.each(['', '"true"', '1', '0', 'null', '{}', '{"enabled":true}', '[true]', 'tru'])(
      'status refuses the body %j with 400',
      async (payload) => {
        const { guid } = (await list()).find((s) => s.name === 'Toggle') as Listed;
        const response = await script(admin, 'PUT', `/api/strategies/${guid}/status`, payload);
        expect(response.statusCode).toBe(400);
        expect(response.json().error).toMatch(/request body|JSON/);
        expect((await list()).find((s) => s.guid === guid)?.enabled).toBe(true);
      },
    );

    it('status of an unknown strategy is 404', async () => {
      const response = await script(admin, 'PUT', `/api/strategies/${UNKNOWN_GUID}/status`, 'true');
      expect(response.statusCode).toBe(404);
    });

    it('assign then unassign: POST /api/strategies/assign with all three lists, and without "strategy"', async () => {
      const strategy = await createStrategy('Assigned', { 'enable-camera': 'N' });
      const userId = await createUser(t.db, { name: 'mike', password: 'mike-pass' });
      const groupId = await createDeviceGroup(t.db, 'Production');
      const deviceId = await createDevice(t.db, { peerId: '400000001' });
      const [peer, user, group] = [
        await guidOf('devices', deviceId),
        await guidOf('users', userId),
        await guidOf('device_groups', groupId),
      ];

      const assigned = await script(
        admin,
        'POST',
        '/api/strategies/assign',
        JSON.stringify({ strategy: strategy.guid, peers: [peer], users: [user], groups: [group] }),
      );
      expect(assigned.statusCode).toBe(200);
      expect(assigned.json()).toEqual({});
      const view = (await script(admin, 'GET', `/api/strategies/${strategy.guid}`)).json();
      expect(view).toMatchObject({
        devices: [{ guid: peer, id: '400000001' }],
        users: [{ guid: user, name: 'mike' }],
        device_groups: [{ guid: group, name: 'Production' }],
        device_count: 1,
      });

      const unassigned = await script(
        admin,
        'POST',
        '/api/strategies/assign',
        JSON.stringify({ peers: [peer], users: [user], groups: [] }),
      );
      expect(unassigned.statusCode).toBe(200);
      const after = (await script(admin, 'GET', `/api/strategies/${strategy.guid}`)).json();
      expect(after).toMatchObject({ devices: [], users: [], device_groups: [{ name: 'Production' }] });
      // The device is in no group and its user has no strategy now: nothing governs it.
      expect(after.device_count).toBe(0);

      const audits = await consoleAudits(CONSOLE_OPERATION.assignStrategy);
      expect(audits.at(-2)).toEqual({
        operator: 'admin',
        typ: CONSOLE_AREA.strategy,
        iop: CONSOLE_OPERATION.assignStrategy,
        detail: 'strategy: Assigned; devices: 400000001; users: mike; device groups: Production',
      });
      expect(audits.at(-1)?.detail).toBe('strategy: none (unassigned); devices: 400000001; users: mike');
    });

    it('assign with an unknown guid is 404 naming every unknown one, and changes nothing', async () => {
      const strategy = (await list()).find((s) => s.name === 'Assigned') as Listed;
      const deviceId = await createDevice(t.db, { peerId: '400000002' });
      const peer = await guidOf('devices', deviceId);
      const otherUnknown = '01983006-fcca-7c12-9a91-b1df483c6074';
      const before = await consoleAudits(CONSOLE_OPERATION.assignStrategy);
      const response = await script(
        admin,
        'POST',
        '/api/strategies/assign',
        JSON.stringify({
          strategy: strategy.guid,
          peers: [peer, UNKNOWN_GUID],
          users: [otherUnknown],
          groups: [],
        }),
      );
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toBe(`Not found: devices: ${UNKNOWN_GUID}; users: ${otherUnknown}`);
      const device = await t.db
        .selectFrom('devices')
        .select('strategy_id')
        .where('id', '=', deviceId)
        .executeTakeFirstOrThrow();
      expect(device.strategy_id).toBeNull();
      expect(await consoleAudits(CONSOLE_OPERATION.assignStrategy)).toHaveLength(before.length);

      const unknownStrategy = await script(
        admin,
        'POST',
        '/api/strategies/assign',
        JSON.stringify({ strategy: UNKNOWN_GUID, peers: [peer], users: [], groups: [] }),
      );
      expect(unknownStrategy.statusCode).toBe(404);
      expect(unknownStrategy.json().error).toBe(`Strategy not found: ${UNKNOWN_GUID}`);
    });

    it.each([
      [{ peers: [], users: [] }, 'groups is required'],
      [{ users: [], groups: [] }, 'peers is required'],
      [{ peers: ['400000001'], users: [], groups: [] }, 'peers[0] must match format "uuid"'],
      [{ peers: [], users: 'mike', groups: [] }, 'users must be array'],
      [{ strategy: 'Assigned', peers: [], users: [], groups: [] }, /^strategy /],
      [{ strategy: 7, peers: [], users: [], groups: [] }, /^strategy /],
    ])('assign refuses %j with 400', async (body, message) => {
      const response = await script(admin, 'POST', '/api/strategies/assign', JSON.stringify(body));
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatch(message);
    });

    it('assign refuses a body that is not an object, and more targets than it takes at once', async () => {
      for (const payload of ['[]', 'true', '"x"', '{']) {
        const response = await script(admin, 'POST', '/api/strategies/assign', payload);
        expect(response.statusCode, payload).toBe(400);
      }
      const many = Array.from({ length: 10_001 }, () => UNKNOWN_GUID);
      const response = await script(
        admin,
        'POST',
        '/api/strategies/assign',
        JSON.stringify({ peers: many, users: [], groups: [] }),
      );
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatch(/^peers must NOT have more than 10000 items/);
    });

    it('assign with three empty lists changes nothing and records nothing', async () => {
      const before = await consoleAudits(CONSOLE_OPERATION.assignStrategy);
      const response = await script(
        admin,
        'POST',
        '/api/strategies/assign',
        JSON.stringify({ peers: [], users: [], groups: [] }),
      );
      expect(response.statusCode).toBe(200);
      expect(await consoleAudits(CONSOLE_OPERATION.assignStrategy)).toHaveLength(before.length);
    });
  });

  describe('device_count: the devices governed in effect', () => {
    it('counts a device under its own strategy, else its user’s, else its device group’s', async () => {
      const own = await createStrategy('Count own');
      const byUser = await createStrategy('Count user');
      const byGroup = await createStrategy('Count group');
      const ids = await t.db
        .selectFrom('strategies')
        .select(['id', 'name'])
        .where('name', 'like', 'Count %')
        .execute();
      const idOf = (name: string) => ids.find((row) => row.name === name)?.id as number;

      const userId = await createUser(t.db, { name: 'counted', password: 'counted-pass' });
      const groupId = await createDeviceGroup(t.db, 'Counted group');
      await t.db
        .updateTable('users')
        .set({ strategy_id: idOf('Count user') })
        .where('id', '=', userId)
        .execute();
      await t.db
        .updateTable('device_groups')
        .set({ strategy_id: idOf('Count group') })
        .where('id', '=', groupId)
        .execute();
      // own + user + group: own wins; user + group: user wins; group only; user only; own only; nothing.
      const devices = [
        await createDevice(t.db, { peerId: '500000001', userId, deviceGroupId: groupId }),
        await createDevice(t.db, { peerId: '500000002', userId, deviceGroupId: groupId }),
        await createDevice(t.db, { peerId: '500000003', deviceGroupId: groupId }),
        await createDevice(t.db, { peerId: '500000004', userId }),
        await createDevice(t.db, { peerId: '500000005' }),
        await createDevice(t.db, { peerId: '500000006' }),
      ];
      const ownGuids = [
        await guidOf('devices', devices[0] as number),
        await guidOf('devices', devices[4] as number),
      ];
      expect(
        (
          await t.call('POST', '/api/strategies/assign', {
            token: admin,
            body: { strategy: own.guid, peers: ownGuids, users: [], groups: [] },
          })
        ).statusCode,
      ).toBe(200);

      const counts = Object.fromEntries((await list()).map((s) => [s.name, s.device_count]));
      expect(counts['Count own']).toBe(2);
      expect(counts['Count user']).toBe(2);
      expect(counts['Count group']).toBe(1);
      for (const strategy of [own, byUser, byGroup]) {
        const view = (await t.call('GET', `/api/strategies/${strategy.guid}`, { token: admin })).json();
        expect(view.device_count).toBe(counts[strategy.name]);
      }
      const view = (await t.call('GET', `/api/strategies/${byUser.guid}`, { token: admin })).json();
      expect(view.users).toEqual([{ guid: await guidOf('users', userId), name: 'counted' }]);
      expect(view.devices).toEqual([]);

      // Taking the device's own strategy away hands it to its user's.
      await t.call('POST', '/api/strategies/assign', {
        token: admin,
        body: { peers: [ownGuids[0]], users: [], groups: [] },
      });
      const recount = Object.fromEntries((await list()).map((s) => [s.name, s.device_count]));
      expect([recount['Count own'], recount['Count user'], recount['Count group']]).toEqual([1, 3, 1]);
    });
  });

  describe('console editing', () => {
    it('POST /api/strategies creates an enabled strategy and records it', async () => {
      const created = await createStrategy('Locked down', { 'access-mode': 'view', 'enable-clipboard': 'N' });
      expect(created).toMatchObject({
        name: 'Locked down',
        enabled: true,
        note: '',
        options: { 'access-mode': 'view', 'enable-clipboard': 'N' },
        device_count: 0,
      });
      const audits = await consoleAudits(CONSOLE_OPERATION.addStrategy);
      expect(audits.at(-1)).toEqual({
        operator: 'admin',
        typ: CONSOLE_AREA.strategy,
        iop: CONSOLE_OPERATION.addStrategy,
        detail: 'strategy: Locked down',
      });
    });

    it('refuses a duplicate name with 409, and names the bad option with 400', async () => {
      const duplicate = await t.call('POST', '/api/strategies', {
        token: admin,
        body: { name: '  Locked down ', options: {} },
      });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().error).toBe("Strategy 'Locked down' already exists");

      const cases: Array<[unknown, number, string | RegExp]> = [
        [{ name: 'X', options: { 'enable-audio': true } }, 400, 'options.enable-audio must be string'],
        [{ name: 'X', options: { 'enable-audio': 'maybe' } }, 400, /^options\.enable-audio must be "Y", "N"/],
        [{ name: 'X', options: { 'made-up': 'Y' } }, 400, 'options.made-up is not a known client option'],
        [{ name: 'X', options: ['enable-audio'] }, 400, 'options must be object'],
        [{ name: 'X' }, 400, 'options is required'],
        [{ options: {} }, 400, 'name is required'],
        [{ name: '', options: {} }, 400, /^name must NOT have fewer than 1 characters/],
        [{ name: '   ', options: {} }, 400, 'name must not be empty'],
        [{ name: 'x'.repeat(101), options: {} }, 400, /^name must NOT have more than 100 characters/],
        [{ name: 'X', options: {}, note: 5 }, 400, 'note must be string'],
      ];
      for (const [body, status, message] of cases) {
        const response = await t.call('POST', '/api/strategies', { token: admin, body });
        expect(response.statusCode, JSON.stringify(body)).toBe(status);
        expect(response.json().error, JSON.stringify(body)).toMatch(message);
      }
      expect((await list()).some((s) => s.name === 'X')).toBe(false);
    });

    it('ignores unknown extra fields in the body', async () => {
      const response = await t.call('POST', '/api/strategies', {
        token: admin,
        body: { name: 'Extra', options: {}, colour: 'blue' },
      });
      expect(response.statusCode).toBe(200);
    });

    it('PATCH /api/strategies/{guid} renames, annotates and replaces the whole option map', async () => {
      const { guid } = (await list()).find((s) => s.name === 'Locked down') as Listed;
      const response = await t.call('PATCH', `/api/strategies/${guid}`, {
        token: admin,
        body: { name: 'Locked', note: 'kiosks', options: { 'enable-keyboard': 'N' } },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        guid,
        name: 'Locked',
        note: 'kiosks',
        options: { 'enable-keyboard': 'N' },
        enabled: true,
      });
      const disabled = await t.call('PATCH', `/api/strategies/${guid}`, {
        token: admin,
        body: { enabled: false },
      });
      expect(disabled.json().enabled).toBe(false);

      const audits = await consoleAudits(CONSOLE_OPERATION.updateStrategy);
      expect(audits.slice(-2).map((a) => a.detail)).toEqual([
        'strategy: Locked (renamed from Locked down; note; options)',
        'strategy: Locked (disabled)',
      ]);
      expect(audits.at(-1)).toMatchObject({ operator: 'admin', typ: CONSOLE_AREA.strategy });

      // Nothing to change: answered, not recorded.
      const unchanged = await t.call('PATCH', `/api/strategies/${guid}`, {
        token: admin,
        body: { name: 'Locked', options: { 'enable-keyboard': 'N' } },
      });
      expect(unchanged.statusCode).toBe(200);
      expect(await consoleAudits(CONSOLE_OPERATION.updateStrategy)).toHaveLength(audits.length);
      const empty = await t.call('PATCH', `/api/strategies/${guid}`, { token: admin });
      expect(empty.statusCode).toBe(200);
    });

    it('PATCH refuses bad input and a name that is taken', async () => {
      const { guid } = (await list()).find((s) => s.name === 'Locked') as Listed;
      const cases: Array<[unknown, number, string | RegExp]> = [
        [{ name: 'Baseline' }, 409, "Strategy 'Baseline' already exists"],
        [{ enabled: 'yes' }, 400, 'enabled must be boolean'],
        [{ options: { 'temporary-password-length': '7' } }, 400, /^options\.temporary-password-length/],
        [{ options: { 'enable-audio': 1 } }, 400, 'options.enable-audio must be string'],
        [{ name: ' ' }, 400, 'name must not be empty'],
        [{ note: 'n'.repeat(1001) }, 400, /^note must NOT have more than 1000 characters/],
      ];
      for (const [body, status, message] of cases) {
        const response = await t.call('PATCH', `/api/strategies/${guid}`, { token: admin, body });
        expect(response.statusCode, JSON.stringify(body)).toBe(status);
        expect(response.json().error, JSON.stringify(body)).toMatch(message);
      }
      expect(
        (await t.call('PATCH', `/api/strategies/${UNKNOWN_GUID}`, { token: admin, body: {} })).statusCode,
      ).toBe(404);
      expect((await t.call('PATCH', '/api/strategies/nope', { token: admin, body: {} })).statusCode).toBe(
        400,
      );
    });

    it('POST /api/strategies/{guid}/duplicate copies options and note under a unique name', async () => {
      const source = (await list()).find((s) => s.name === 'Locked') as Listed;
      const first = await t.call('POST', `/api/strategies/${source.guid}/duplicate`, { token: admin });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({
        name: 'Locked (copy)',
        note: 'kiosks',
        options: source.options,
        enabled: false,
        device_count: 0,
      });
      expect(first.json().guid).not.toBe(source.guid);
      const second = await t.call('POST', `/api/strategies/${source.guid}/duplicate`, {
        token: admin,
        headers: { 'content-type': 'application/json' },
      });
      expect(second.json().name).toBe('Locked (copy 2)');
      const named = await t.call('POST', `/api/strategies/${source.guid}/duplicate`, {
        token: admin,
        body: { name: 'Kiosk copy' },
      });
      expect(named.json().name).toBe('Kiosk copy');
      const taken = await t.call('POST', `/api/strategies/${source.guid}/duplicate`, {
        token: admin,
        body: { name: 'Baseline' },
      });
      expect(taken.statusCode).toBe(409);
      const unknown = await t.call('POST', `/api/strategies/${UNKNOWN_GUID}/duplicate`, { token: admin });
      expect(unknown.statusCode).toBe(404);
      const badName = await t.call('POST', `/api/strategies/${source.guid}/duplicate`, {
        token: admin,
        body: { name: 3 },
      });
      expect(badName.statusCode).toBe(400);
      expect(badName.json().error).toBe('name must be string');

      const audits = await consoleAudits(CONSOLE_OPERATION.addStrategy);
      expect(audits.slice(-3).map((a) => a.detail)).toEqual([
        'strategy: Locked (copy)',
        'strategy: Locked (copy 2)',
        'strategy: Kiosk copy',
      ]);
    });

    it('GET /api/strategies/catalogue lists the options the editor offers', async () => {
      const response = await t.call('GET', '/api/strategies/catalogue', { token: admin });
      expect(response.statusCode).toBe(200);
      const catalogue = response.json() as Array<{ key: string }>;
      expect(catalogue.find((o) => o.key === 'approve-mode')).toEqual({
        key: 'approve-mode',
        section: 'security',
        store: 'settings',
        kind: 'enum',
        values: ['password', 'click', 'password-click'],
        labels: { password: 'By password', click: 'By a click', 'password-click': 'By password or a click' },
        default: 'password-click',
        description: expect.any(String),
      });
      expect(catalogue.find((o) => o.key === 'enable-audio')).toMatchObject({ kind: 'bool', on: 'unless-N' });
    });
  });

  describe('delete', () => {
    it('DELETE /api/strategies/{guid}: the heartbeat then reverts what it pushed', async () => {
      await t.call('POST', '/api/sysinfo', { body: sysinfoBody('600000001') });
      const device = await t.db
        .selectFrom('devices')
        .select(['id', 'guid'])
        .where('peer_id', '=', '600000001')
        .executeTakeFirstOrThrow();
      const strategy = await createStrategy('Doomed', {
        'enable-file-transfer': 'N',
        'approve-mode': 'click',
      });
      await t.call('POST', '/api/strategies/assign', {
        token: admin,
        body: { strategy: strategy.guid, peers: [device.guid], users: [], groups: [] },
      });

      let stored = 0;
      const heartbeat = async () => {
        const body = (
          await t.call('POST', '/api/heartbeat', {
            body: heartbeatBody('600000001', { modified_at: stored }),
          })
        ).json();
        if (typeof body.modified_at === 'number') stored = body.modified_at;
        return body;
      };
      expect((await heartbeat()).strategy.config_options).toEqual({
        'enable-file-transfer': 'N',
        'approve-mode': 'click',
      });
      expect(await heartbeat()).toEqual({});

      const response = await t.call('DELETE', `/api/strategies/${strategy.guid}`, {
        token: admin,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({});
      expect((await list()).some((s) => s.guid === strategy.guid)).toBe(false);
      const row = await t.db
        .selectFrom('devices')
        .select('strategy_id')
        .where('id', '=', device.id)
        .executeTakeFirstOrThrow();
      expect(row.strategy_id).toBeNull();

      expect(await heartbeat()).toEqual({
        modified_at: 0,
        strategy: { config_options: { 'enable-file-transfer': '', 'approve-mode': '' } },
      });
      expect(await heartbeat()).toEqual({});

      expect((await consoleAudits(CONSOLE_OPERATION.deleteStrategy)).at(-1)).toEqual({
        operator: 'admin',
        typ: CONSOLE_AREA.strategy,
        iop: CONSOLE_OPERATION.deleteStrategy,
        detail: 'strategy: Doomed',
      });
      const again = await t.call('DELETE', `/api/strategies/${strategy.guid}`, { token: admin });
      expect(again.statusCode).toBe(404);
    });

    it('disabling through the status route also reverts, and enabling pushes again', async () => {
      const device = await t.db
        .selectFrom('devices')
        .select('guid')
        .where('peer_id', '=', '600000001')
        .executeTakeFirstOrThrow();
      const strategy = await createStrategy('Switchable', { 'enable-tunnel': 'N' });
      await t.call('POST', '/api/strategies/assign', {
        token: admin,
        body: { strategy: strategy.guid, peers: [device.guid], users: [], groups: [] },
      });
      const first = (
        await t.call('POST', '/api/heartbeat', { body: heartbeatBody('600000001', { modified_at: 0 }) })
      ).json();
      expect(first.strategy.config_options).toEqual({ 'enable-tunnel': 'N' });
      await script(admin, 'PUT', `/api/strategies/${strategy.guid}/status`, 'false');
      const off = (
        await t.call('POST', '/api/heartbeat', {
          body: heartbeatBody('600000001', { modified_at: first.modified_at }),
        })
      ).json();
      expect(off).toEqual({ modified_at: 0, strategy: { config_options: { 'enable-tunnel': '' } } });
      await script(admin, 'PUT', `/api/strategies/${strategy.guid}/status`, 'true');
      const on = (
        await t.call('POST', '/api/heartbeat', { body: heartbeatBody('600000001', { modified_at: 0 }) })
      ).json();
      expect(on.strategy.config_options).toEqual({ 'enable-tunnel': 'N' });
      expect(on.modified_at).toBeGreaterThan(first.modified_at);
    });
  });

  describe('who may call', () => {
    it('a token with strategy:r lists and views, but cannot change or assign', async () => {
      const reader = await t.apiToken({ strategy: 'r' });
      const strategies = await list(reader);
      const { guid } = strategies[0] as Listed;
      expect((await script(reader, 'GET', `/api/strategies/${guid}`)).statusCode).toBe(200);
      const forbidden = [
        await script(reader, 'PUT', `/api/strategies/${guid}/status`, 'false'),
        await script(
          reader,
          'POST',
          '/api/strategies/assign',
          JSON.stringify({ peers: [], users: [], groups: [] }),
        ),
        await t.call('POST', '/api/strategies', { token: reader, body: { name: 'Nope', options: {} } }),
        await t.call('PATCH', `/api/strategies/${guid}`, { token: reader, body: { name: 'Nope' } }),
        await t.call('POST', `/api/strategies/${guid}/duplicate`, { token: reader }),
        await t.call('DELETE', `/api/strategies/${guid}`, { token: reader }),
      ];
      for (const response of forbidden) {
        expect(response.statusCode).toBe(403);
        expect(response.json().error).toBe('This API token lacks the strategy:rw permission');
      }
    });

    it('a token with strategy:rw assigns, and its changes are recorded under the token', async () => {
      const writer = await t.apiToken({ strategy: 'rw' });
      const { guid } = (await list()).find((s) => s.name === 'Baseline') as Listed;
      const response = await script(writer, 'PUT', `/api/strategies/${guid}/status`, 'false');
      expect(response.statusCode).toBe(200);
      expect((await consoleAudits(CONSOLE_OPERATION.updateStrategy)).at(-1)).toEqual({
        operator: 'token:test token',
        typ: CONSOLE_AREA.strategy,
        iop: CONSOLE_OPERATION.updateStrategy,
        detail: 'strategy: Baseline (disabled)',
      });
    });

    it('a token without strategy permission, a non-administrator and no credentials are refused', async () => {
      const devicesOnly = await t.apiToken({ device: 'rw' });
      const noScope = await script(devicesOnly, 'GET', '/api/strategies');
      expect(noScope.statusCode).toBe(403);
      expect(noScope.json().error).toBe('This API token lacks the strategy:r permission');
      const user = await script(alice, 'GET', '/api/strategies');
      expect(user.statusCode).toBe(403);
      expect((await t.call('GET', '/api/strategies')).statusCode).toBe(401);
      expect((await t.call('GET', '/api/strategies/catalogue', { token: alice })).statusCode).toBe(403);
    });
  });
});
