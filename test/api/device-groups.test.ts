import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { heartbeatBody, sysinfoBody } from '../helpers/client.js';
import { createDevice, createGroupAccess, createUser, createUserGroup } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const UNKNOWN_GUID = '01983006-fcca-7c12-9a91-b1df483c6073';

interface Group {
  guid: string;
  name: string;
  [key: string]: unknown;
}

describe('management API: device groups (device_group.py and the console)', () => {
  let t: TestApp;
  let admin: string;
  let script: string;
  let salesId: number;

  /** device_group.py list_groups: pageSize 50, raw name, current 1, 2, … */
  async function listGroups(name?: string, token = script): Promise<Group[]> {
    const rows: Group[] = [];
    for (let current = 1; ; current += 1) {
      const params = new URLSearchParams({
        pageSize: '50',
        ...(name ? { name } : {}),
        current: String(current),
      });
      const response = await t.call('GET', `/api/device-groups?${params}`, {
        token,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body).not.toHaveProperty('error');
      rows.push(...body.data);
      if (body.data.length < 50 || current * 50 >= body.total) return rows;
    }
  }

  /** get_group_by_name: the first row whose name is exactly the one asked for. */
  async function groupByName(name: string): Promise<Group> {
    const found = (await listGroups(name)).find((row) => String(row.name) === name);
    if (!found) throw new Error(`Group '${name}' not found`);
    return found;
  }

  /** What the scripts send: Content-Type application/json on every request, bodies as requests' json=. */
  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, token = script) =>
    t.call(method, url, {
      token,
      ...(body === undefined ? { headers: { 'content-type': 'application/json' } } : { body }),
    });

  const groupOf = async (peerId: string) =>
    (
      await t.db
        .selectFrom('devices')
        .leftJoin('device_groups', 'device_groups.id', 'devices.device_group_id')
        .select('device_groups.name')
        .where('devices.peer_id', '=', peerId)
        .executeTakeFirstOrThrow()
    ).name;

  const lastAudit = () =>
    t.db
      .selectFrom('console_audits')
      .select(['typ', 'iop', 'detail', 'operator'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    script = await t.apiToken({ device_group: 'rw', device: 'r' });
    salesId = await createUserGroup(t.db, 'Sales');
    await createUser(t.db, { name: 'mike', password: 'mike-pass', groupId: salesId });
    for (const peerId of ['123456789', '987654321', '555555555']) {
      await createDevice(t.db, { peerId, hostname: `host-${peerId}`, username: `user-${peerId}` });
    }
  });
  afterAll(() => t.close());

  it('add: POST /api/device-groups with note and allowed_incomings (a user group and a user)', async () => {
    const response = await send('POST', '/api/device-groups', {
      name: 'group1',
      note: 'first floor',
      allowed_incomings: [
        { type: 0, name: 'Sales' },
        { type: 2, name: 'mike' },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      guid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      name: 'group1',
      note: 'first floor',
      created_at: Math.floor(t.clock.now / 1000),
      allowed_incomings: [
        { type: 0, name: 'Sales' },
        { type: 2, name: 'mike' },
      ],
      device_count: 0,
      strategy_name: null,
    });
    const edges = await t.db
      .selectFrom('group_access')
      .innerJoin('device_groups', 'device_groups.id', 'group_access.to_device_group_id')
      .select(['from_user_group_id', 'from_user_id', 'to_user_group_id'])
      .where('device_groups.name', '=', 'group1')
      .orderBy('group_access.id')
      .execute();
    expect(edges).toEqual([
      { from_user_group_id: salesId, from_user_id: null, to_user_group_id: null },
      { from_user_group_id: null, from_user_id: expect.any(Number), to_user_group_id: null },
    ]);
    expect(await lastAudit()).toEqual({
      typ: 0,
      iop: 1,
      detail: 'device groups: group1',
      operator: 'token:test token',
    });
    expect((await send('POST', '/api/device-groups', { name: 'group2' })).statusCode).toBe(200);
  });

  it('add: a taken name is a 409; unknown names a 404 naming them; type 1 a 400', async () => {
    const taken = await send('POST', '/api/device-groups', { name: 'group1' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toEqual({
      error: "Device group 'group1' already exists",
      code: 'device_group_exists',
      name: 'group1',
    });
    const unknown = await send('POST', '/api/device-groups', {
      name: 'group3',
      allowed_incomings: [
        { type: 0, name: 'Nobody' },
        { type: 2, name: 'ghost' },
      ],
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({
      error: "User group 'Nobody' not found; User 'ghost' not found",
      code: 'several_errors',
      errors: [
        { code: 'user_group_not_found', error: "User group 'Nobody' not found", name: 'Nobody' },
        { code: 'user_not_found', error: "User 'ghost' not found", name: 'ghost' },
      ],
    });
    const deviceGroup = await send('POST', '/api/device-groups', {
      name: 'group3',
      allowed_incomings: [{ type: 1, name: 'group1' }],
    });
    expect(deviceGroup.statusCode).toBe(400);
    expect(deviceGroup.json().error).toContain('allowed_incomings[0].type 1');
    expect(await listGroups('group3')).toEqual([]);
  });

  it('view: the paging loop and the raw name lookup (strategies.py: pageSize=50&name=X, no current)', async () => {
    for (let n = 0; n < 55; n += 1) {
      expect(
        (await send('POST', '/api/device-groups', { name: `bulk-${String(n).padStart(2, '0')}` })).statusCode,
      ).toBe(200);
    }
    const all = await listGroups();
    expect(all).toHaveLength(57);
    expect(new Set(all.map((g) => g.guid)).size).toBe(57);
    const lookup = await t.call('GET', '/api/device-groups?pageSize=50&name=group1', { token: script });
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json().data.map((g: Group) => g.name)).toEqual(['group1']);
    expect((await listGroups('bulk-%')).length).toBe(55);
    expect((await listGroups('%ROUP%')).map((g) => g.name)).toEqual(['group1', 'group2']);
    const past = await t.call('GET', '/api/device-groups?pageSize=50&current=9', { token: script });
    expect(past.json()).toEqual({ total: 57, data: [] });
  });

  it('update: PATCH the fields given; a given allowed_incomings list replaces the old one', async () => {
    const group = await groupByName('group1');
    await createGroupAccess(t.db, { fromUserGroupId: salesId, toUserGroupId: salesId });
    const renamed = await send('PATCH', `/api/device-groups/${group.guid}`, {
      name: 'group1-renamed',
      allowed_incomings: [{ type: 2, name: 'mike' }],
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({
      name: 'group1-renamed',
      note: 'first floor',
      allowed_incomings: [{ type: 2, name: 'mike' }],
    });
    expect(await lastAudit()).toMatchObject({
      typ: 0,
      iop: 10,
      detail: 'device groups: group1; name: group1-renamed; allowed_incomings: mike',
    });
    // Rules between user groups are the user-group area's: untouched.
    const userGroupEdges = await t.db
      .selectFrom('group_access')
      .select('id')
      .where('to_user_group_id', '=', salesId)
      .execute();
    expect(userGroupEdges).toHaveLength(1);

    const noteOnly = await send('PATCH', `/api/device-groups/${group.guid}`, { note: '' });
    expect(noteOnly.json()).toMatchObject({
      name: 'group1-renamed',
      note: '',
      allowed_incomings: [{ type: 2 }],
    });
    const empty = await send('PATCH', `/api/device-groups/${group.guid}`, {});
    expect(empty.statusCode).toBe(200);
    const cleared = await send('PATCH', `/api/device-groups/${group.guid}`, { allowed_incomings: [] });
    expect(cleared.json()).toMatchObject({ allowed_incomings: [] });
    const back = await send('PATCH', `/api/device-groups/${group.guid}`, { name: 'group1' });
    expect(back.json()).toMatchObject({ name: 'group1' });

    const taken = await send('PATCH', `/api/device-groups/${group.guid}`, { name: 'group2' });
    expect(taken.statusCode).toBe(409);
    const unknownName = await send('PATCH', `/api/device-groups/${group.guid}`, {
      note: 'not saved',
      allowed_incomings: [{ type: 0, name: 'Nobody' }],
    });
    expect(unknownName.statusCode).toBe(404);
    expect((await groupByName('group1')).note).toBe('');
  });

  it('add-devices: POST /api/device-groups/{guid} with peer ids; unknown ids change nothing', async () => {
    const group = await groupByName('group1');
    const unknown = await send('POST', `/api/device-groups/${group.guid}`, ['123456789', '000000000']);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({
      error: 'Devices not found: 000000000',
      code: 'devices_not_found',
      ids: ['000000000'],
    });
    expect(await groupOf('123456789')).toBeNull();

    const added = await send('POST', `/api/device-groups/${group.guid}`, ['123456789', '987654321']);
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toEqual({ count: 2 });
    expect(await groupOf('123456789')).toBe('group1');
    expect(await groupOf('987654321')).toBe('group1');
    expect((await groupByName('group1')).device_count).toBe(2);
    expect(await lastAudit()).toMatchObject({
      typ: 0,
      iop: 10,
      detail: 'device groups: group1; added devices: 123456789, 987654321',
    });
  });

  it('view-devices: GET /api/devices with the raw device_group_name and fuzzy filters, pageSize 50', async () => {
    const params = new URLSearchParams({
      device_group_name: 'group1',
      device_username: '%user-98%',
      pageSize: '50',
      current: '1',
    });
    const response = await t.call('GET', `/api/devices?${params}`, {
      token: script,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data.map((d: { id: string }) => d.id)).toEqual(['987654321']);
    const members = await t.call('GET', '/api/devices?device_group_name=group1&pageSize=50', {
      token: script,
    });
    expect(members.json().total).toBe(2);
  });

  it('moving a device into a group gives it the group strategy at its next heartbeat', async () => {
    await t.call('POST', '/api/sysinfo', { body: sysinfoBody('700000001') });
    expect((await t.call('POST', '/api/heartbeat', { body: heartbeatBody('700000001') })).json()).toEqual({});
    const strategy = await t.app.services.strategies.create(
      {
        name: 'Locked',
        options: { 'enable-audio': 'N' },
      },
      SYSTEM_ACTOR,
    );
    const group2 = await groupByName('group2');
    const groupRow = await t.db
      .selectFrom('device_groups')
      .select('id')
      .where('guid', '=', group2.guid)
      .executeTakeFirstOrThrow();
    await t.app.services.strategies.assign(
      strategy.id,
      {
        deviceIds: [],
        userIds: [],
        deviceGroupIds: [groupRow.id],
      },
      SYSTEM_ACTOR,
    );
    expect((await groupByName('group2')).strategy_name).toBe('Locked');

    await send('POST', `/api/device-groups/${group2.guid}`, ['700000001']);
    const pushed = (await t.call('POST', '/api/heartbeat', { body: heartbeatBody('700000001') })).json();
    expect(pushed.strategy).toEqual({ config_options: { 'enable-audio': 'N' } });

    await send('DELETE', `/api/device-groups/${group2.guid}/devices`, ['700000001']);
    const reverted = (
      await t.call('POST', '/api/heartbeat', {
        body: heartbeatBody('700000001', { modified_at: pushed.modified_at }),
      })
    ).json();
    expect(reverted.strategy).toEqual({ config_options: { 'enable-audio': '' } });
  });

  it('remove-devices: DELETE /api/device-groups/{guid}/devices with a JSON array of peer ids', async () => {
    const group = await groupByName('group1');
    const unknown = await send('DELETE', `/api/device-groups/${group.guid}/devices`, ['987654321', 'nope']);
    expect(unknown.statusCode).toBe(404);
    expect(await groupOf('987654321')).toBe('group1');

    // 555555555 is in no group: left alone and not counted.
    const removed = await send('DELETE', `/api/device-groups/${group.guid}/devices`, [
      '987654321',
      '555555555',
    ]);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toEqual({ count: 1 });
    expect(await groupOf('987654321')).toBeNull();
    expect(await groupOf('123456789')).toBe('group1');
    expect(await lastAudit()).toMatchObject({
      typ: 0,
      iop: 10,
      detail: 'device groups: group1; removed devices: 987654321',
    });
  });

  it('delete: DELETE /api/device-groups/{guid}; its devices become ungrouped, its rules go', async () => {
    const group = await groupByName('group1');
    await send('PATCH', `/api/device-groups/${group.guid}`, {
      allowed_incomings: [{ type: 0, name: 'Sales' }],
    });
    const response = await send('DELETE', `/api/device-groups/${group.guid}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(await listGroups('group1')).toEqual([]);
    expect(await groupOf('123456789')).toBeNull();
    const rules = await t.db
      .selectFrom('group_access')
      .select('id')
      .where('to_device_group_id', 'is not', null)
      .execute();
    expect(rules).toEqual([]);
    expect(await lastAudit()).toMatchObject({
      typ: 0,
      iop: 4,
      detail: 'device groups: group1; ungrouped devices: 123456789',
    });
    expect((await send('DELETE', `/api/device-groups/${group.guid}`)).statusCode).toBe(404);
  });

  it('token scopes and sessions: device_group:r reads, device_group:rw changes, users are refused', async () => {
    const reader = await t.apiToken({ device_group: 'r' });
    expect((await t.call('GET', '/api/device-groups', { token: reader })).statusCode).toBe(200);
    const refused = await send('POST', '/api/device-groups', { name: 'x' }, reader);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({
      error: 'This API token lacks the device_group:rw permission',
      code: 'token_lacks_permission',
      scope: 'device_group:rw',
    });
    const devicesOnly = await t.apiToken({ device: 'rw' });
    expect((await t.call('GET', '/api/device-groups', { token: devicesOnly })).statusCode).toBe(403);
    await createUser(t.db, { name: 'plain', password: 'plain-pass' });
    const user = await t.login('plain', 'plain-pass');
    expect((await t.call('GET', '/api/device-groups', { token: user })).statusCode).toBe(403);
    expect((await t.call('GET', '/api/device-groups', { token: admin })).statusCode).toBe(200);
    expect((await t.call('GET', '/api/device-groups')).statusCode).toBe(401);
  });

  it('bad input on every route is a 400 naming the field', async () => {
    const group = await groupByName('group2');
    const cases: Array<[string, string, unknown, string]> = [
      ['GET', '/api/device-groups?pageSize=0', undefined, 'pageSize must be >= 1'],
      ['GET', `/api/device-groups?name=${'x'.repeat(300)}`, undefined, 'name must NOT have more than 256'],
      ['POST', '/api/device-groups', {}, 'name is required'],
      ['POST', '/api/device-groups', { name: '' }, 'name must NOT have fewer than 1 characters'],
      ['POST', '/api/device-groups', { name: '   ' }, 'name must not be empty'],
      ['POST', '/api/device-groups', { name: 'g', note: 3 }, 'note must be string'],
      [
        'POST',
        '/api/device-groups',
        { name: 'g', allowed_incomings: 'Sales' },
        'allowed_incomings must be array',
      ],
      [
        'POST',
        '/api/device-groups',
        { name: 'g', allowed_incomings: [{ type: 0 }] },
        'allowed_incomings[0].name is required',
      ],
      [
        'POST',
        '/api/device-groups',
        { name: 'g', allowed_incomings: [{ type: 5, name: 'Sales' }] },
        'must be 0 (user group) or 2 (user)',
      ],
      ['PATCH', '/api/device-groups/not-a-guid', {}, 'guid'],
      ['PATCH', `/api/device-groups/${group.guid}`, { name: 5 }, 'name must be string'],
      ['DELETE', '/api/device-groups/not-a-guid', undefined, 'guid'],
      ['POST', `/api/device-groups/${group.guid}`, {}, 'request body must be array'],
      ['POST', `/api/device-groups/${group.guid}`, [], 'request body must NOT have fewer than 1 items'],
      ['POST', `/api/device-groups/${group.guid}`, [123456789], 'request body[0] must be string'],
      ['POST', '/api/device-groups/not-a-guid', ['123456789'], 'guid'],
      ['DELETE', `/api/device-groups/${group.guid}/devices`, undefined, 'request body must be array'],
      ['DELETE', `/api/device-groups/${group.guid}/devices`, 'x', 'request body must be array'],
    ];
    for (const [method, url, body, message] of cases) {
      const response = await t.call(method as 'GET', url, {
        token: admin,
        ...(body === undefined ? {} : { body }),
      });
      expect(response.statusCode, `${method} ${url} ${JSON.stringify(body)}`).toBe(400);
      expect(response.json().error, `${method} ${url}`).toContain(message);
    }
    for (const [method, url, body] of [
      ['PATCH', `/api/device-groups/${UNKNOWN_GUID}`, {}],
      ['DELETE', `/api/device-groups/${UNKNOWN_GUID}`, undefined],
      ['POST', `/api/device-groups/${UNKNOWN_GUID}`, ['123456789']],
      ['DELETE', `/api/device-groups/${UNKNOWN_GUID}/devices`, ['123456789']],
    ] as const) {
      const response = await t.call(method, url, { token: admin, ...(body === undefined ? {} : { body }) });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json()).toEqual({
        error: 'Device group not found',
        code: 'device_group_guid_not_found',
      });
    }
  });

  it('every device and device-group route is documented with a summary and its 200 answer', async () => {
    const document = (await t.call('GET', '/api/openapi.json')).json();
    const mine = Object.fromEntries(
      Object.entries(
        document.paths as Record<string, Record<string, { summary?: string; responses?: object }>>,
      ).filter(([path]) => /^\/api\/(devices(\/\{guid\}.*|\/bulk)?|device-groups.*)$/.test(path)),
    );
    const operations = Object.entries(mine).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]) => ({ route: `${method} ${path}`, operation })),
    );
    expect(operations.map((o) => o.route).sort()).toEqual(
      [
        'get /api/devices',
        'get /api/devices/{guid}',
        'patch /api/devices/{guid}',
        'delete /api/devices/{guid}',
        'post /api/devices/{guid}/enable',
        'post /api/devices/{guid}/disable',
        'post /api/devices/{guid}/assign',
        'post /api/devices/bulk',
        'get /api/device-groups',
        'post /api/device-groups',
        'patch /api/device-groups/{guid}',
        'delete /api/device-groups/{guid}',
        'post /api/device-groups/{guid}',
        'delete /api/device-groups/{guid}/devices',
      ].sort(),
    );
    for (const { route, operation } of operations) {
      expect(operation.summary, route).toBeTruthy();
      expect(operation.responses, route).toHaveProperty('200');
    }
    await expect(
      SwaggerParser.validate({ ...document, paths: mine, components: document.components }),
    ).resolves.toBeTruthy();
  });
});
