import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../../src/domain/console-audit/codes.js';
import { createDevice, createDeviceGroup, createUser, createUserGroup } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const UNKNOWN_GUID = '01983006-fcca-7c12-9a91-b1df483c6073';

interface Group {
  guid: string;
  name: string;
  note: string;
  created_at: number;
  allowed_incomings: Array<{ type: number; name: string }>;
  allowed_outgoings: Array<{ type: number; name: string }>;
  user_count: number;
}

describe('user groups (user_group.py and the console)', () => {
  let t: TestApp;
  let token: string;

  /** A request as user_group.py sends it: Content-Type: application/json on every request, bodies as JSON text. */
  const script = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, as = token) =>
    t.call(method, url, {
      token: as,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });

  /** user_group.py list_groups: pageSize 50, the raw name, current 1, 2, … */
  const listGroups = async (name?: string) => {
    const rows: Group[] = [];
    for (let current = 1; ; current += 1) {
      const query = new URLSearchParams({
        pageSize: '50',
        ...(name ? { name } : {}),
        current: String(current),
      });
      const response = await script('GET', `/api/user-groups?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body).not.toHaveProperty('error');
      rows.push(...body.data);
      if (body.data.length < 50 || current * 50 >= body.total) break;
    }
    return rows;
  };
  /** get_group_by_name: the first row whose name is exactly the one given. */
  const groupByName = async (name: string) => (await listGroups(name)).find((g) => String(g.name) === name);
  const guidOfGroup = async (name: string) => {
    const group = await groupByName(name);
    if (!group) throw new Error(`no group ${name}`);
    return group.guid;
  };
  const guidOfUser = async (name: string) =>
    (await t.db.selectFrom('users').select('guid').where('name', '=', name).executeTakeFirstOrThrow()).guid;
  const lastAudit = async (operation: number) =>
    (
      await t.db
        .selectFrom('console_audits')
        .select(['operator', 'typ', 'iop', 'detail'])
        .where('iop', '=', operation)
        .orderBy('id', 'desc')
        .limit(1)
        .execute()
    )[0];
  const edgeCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('group_access')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await startTestApp();
    token = await t.apiToken({ user_group: 'rw', user: 'r' });
    await createUserGroup(t.db, 'Managers');
    await createDeviceGroup(t.db, 'DevServers');
    await createDeviceGroup(t.db, 'Printers');
    await createUser(t.db, { name: 'john', password: 'john-pass' });
    await createUser(t.db, { name: 'mary', password: 'mary-pass' });
    // 55 groups, for the paging loop of 50.
    for (let i = 0; i < 55; i++) await createUserGroup(t.db, `team-${String(i).padStart(2, '0')}`);
  });
  afterAll(() => t.close());

  describe('view and the name lookup', () => {
    it('view: the paging loop of 50 reads every group; rows carry rules and user counts', async () => {
      const rows = await listGroups();
      expect(rows).toHaveLength(57);
      expect(new Set(rows.map((g) => g.guid)).size).toBe(57);
      expect(rows[0]).toEqual({
        guid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Default',
        note: '',
        created_at: expect.any(Number),
        allowed_incomings: [],
        allowed_outgoings: [],
        user_count: 3,
      });
      expect(String(rows[0]?.created_at)).toHaveLength(10);
    });

    it('a raw name is an exact lookup; a %-pattern typed by hand matches more, case-insensitively', async () => {
      expect((await listGroups('team-1')).map((g) => g.name)).toEqual([]);
      expect((await listGroups('team-10')).map((g) => g.name)).toEqual(['team-10']);
      expect((await listGroups('%EAM-1%')).map((g) => g.name)).toHaveLength(10);
      expect(await groupByName('Managers')).toMatchObject({ name: 'Managers', user_count: 0 });
      const past = await script('GET', '/api/user-groups?pageSize=50&current=5');
      expect(past.json()).toEqual({ total: 57, data: [] });
    });
  });

  describe('add', () => {
    it('creates a group with rules by name (the documented example), mirrored on the other side', async () => {
      const response = await script('POST', '/api/user-groups', {
        name: 'Engineering',
        note: 'builders',
        allowed_incomings: [{ type: 0, name: 'Managers' }],
        allowed_outgoings: [{ type: 1, name: 'DevServers' }],
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        guid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Engineering',
        note: 'builders',
        created_at: Math.floor(t.clock.now / 1000),
        allowed_incomings: [{ type: 0, name: 'Managers' }],
        allowed_outgoings: [{ type: 1, name: 'DevServers' }],
        user_count: 0,
      });
      expect(await groupByName('Managers')).toMatchObject({
        allowed_outgoings: [{ type: 0, name: 'Engineering' }],
        allowed_incomings: [],
      });
      expect(await lastAudit(CONSOLE_OPERATION.addGroup)).toEqual({
        operator: 'token:test token',
        typ: CONSOLE_AREA.group,
        iop: CONSOLE_OPERATION.addGroup,
        detail: 'user group: Engineering',
      });
    });

    it('--access-to \'[{"type":1,"name":"DevServers"}]\' alone, and users as incoming rules', async () => {
      const response = await script('POST', '/api/user-groups', {
        name: 'Ops',
        allowed_outgoings: [
          { type: 1, name: 'DevServers' },
          { type: 0, name: 'Engineering' },
        ],
        allowed_incomings: [
          { type: 2, name: 'john' },
          { type: 2, name: 'john' },
        ],
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        note: '',
        allowed_outgoings: [
          { type: 1, name: 'DevServers' },
          { type: 0, name: 'Engineering' },
        ],
        allowed_incomings: [{ type: 2, name: 'john' }],
      });
      expect((await groupByName('Engineering'))?.allowed_incomings).toEqual([
        { type: 0, name: 'Managers' },
        { type: 0, name: 'Ops' },
      ]);
    });

    it('a group may name itself', async () => {
      const response = await script('POST', '/api/user-groups', {
        name: 'Selfish',
        allowed_outgoings: [{ type: 0, name: 'Selfish' }],
        allowed_incomings: [{ type: 0, name: 'Selfish' }],
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        allowed_outgoings: [{ type: 0, name: 'Selfish' }],
        allowed_incomings: [{ type: 0, name: 'Selfish' }],
      });
    });

    it.each([
      [{ note: 'x' }, 400, 'name is required'],
      [{ name: '' }, 400, 'name must NOT have fewer than 1 characters'],
      [{ name: '  ' }, 400, 'name must not be empty'],
      [{ name: 5 }, 400, 'name must be string'],
      [{ name: 'Nope', note: 7 }, 400, 'note must be string'],
      [
        { name: 'Nope', allowed_outgoings: { type: 1, name: 'DevServers' } },
        400,
        'allowed_outgoings must be array',
      ],
      [
        { name: 'Nope', allowed_outgoings: [{ type: '1', name: 'DevServers' }] },
        400,
        'allowed_outgoings[0].type',
      ],
      [{ name: 'Nope', allowed_outgoings: [{ type: 1 }] }, 400, 'allowed_outgoings[0].name is required'],
      [
        { name: 'Nope', allowed_outgoings: [{ type: 2, name: 'john' }] },
        400,
        'allowed_outgoings[0].type must be 0 (user group) or 1 (device group)',
      ],
      [
        {
          name: 'Nope',
          allowed_incomings: [
            { type: 0, name: 'Managers' },
            { type: 1, name: 'DevServers' },
          ],
        },
        400,
        'allowed_incomings[1].type must be 0 (user group) or 2 (user)',
      ],
      [
        { name: 'Nope', allowed_incomings: [{ type: 7, name: 'x' }] },
        400,
        'allowed_incomings[0].type must be',
      ],
      [
        { name: 'Nope', allowed_outgoings: [{ type: 1, name: 'Nowhere' }] },
        404,
        "Device group 'Nowhere' not found",
      ],
      [
        { name: 'Nope', allowed_outgoings: [{ type: 0, name: 'Nowhere' }] },
        404,
        "User group 'Nowhere' not found",
      ],
      [{ name: 'Nope', allowed_incomings: [{ type: 2, name: 'nobody' }] }, 404, "User 'nobody' not found"],
      [{ name: 'Managers' }, 409, "User group 'Managers' already exists"],
    ])('refuses %j with %i, creating nothing', async (body, status, message) => {
      const edges = await edgeCount();
      const response = await script('POST', '/api/user-groups', body);
      expect(response.statusCode).toBe(status);
      expect(response.json().error).toContain(message);
      expect(await groupByName('Nope')).toBeUndefined();
      expect(await edgeCount()).toBe(edges);
    });
  });

  describe('update', () => {
    it('renames and changes the note; {} changes nothing', async () => {
      const guid = await guidOfGroup('Ops');
      const response = await script('PATCH', `/api/user-groups/${guid}`, {
        name: 'Operations',
        note: 'on call',
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ name: 'Operations', note: 'on call' });
      expect(await lastAudit(CONSOLE_OPERATION.updateGroup)).toEqual({
        operator: 'token:test token',
        typ: CONSOLE_AREA.group,
        iop: CONSOLE_OPERATION.updateGroup,
        detail: 'user group: Ops (renamed to Operations, note)',
      });
      // The rules name the group by its new name on both sides.
      expect((await groupByName('Engineering'))?.allowed_incomings).toContainEqual({
        type: 0,
        name: 'Operations',
      });

      const empty = await script('PATCH', `/api/user-groups/${guid}`, {});
      expect(empty.statusCode).toBe(200);
      expect(empty.json()).toMatchObject({ name: 'Operations', note: 'on call' });
      expect((await lastAudit(CONSOLE_OPERATION.updateGroup))?.detail).toBe(
        'user group: Ops (renamed to Operations, note)',
      );
    });

    it('a given list replaces the rules in that direction only; [] clears them', async () => {
      const guid = await guidOfGroup('Operations');
      const response = await script('PATCH', `/api/user-groups/${guid}`, {
        allowed_outgoings: [{ type: 1, name: 'Printers' }],
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        allowed_outgoings: [{ type: 1, name: 'Printers' }],
        allowed_incomings: [{ type: 2, name: 'john' }],
      });
      expect((await groupByName('Engineering'))?.allowed_incomings).toEqual([{ type: 0, name: 'Managers' }]);
      expect((await lastAudit(CONSOLE_OPERATION.updateGroup))?.detail).toBe(
        'user group: Operations (may access)',
      );

      const incoming = await script('PATCH', `/api/user-groups/${guid}`, {
        allowed_incomings: [
          { type: 0, name: 'Managers' },
          { type: 2, name: 'mary' },
        ],
      });
      expect(incoming.json()).toMatchObject({
        allowed_outgoings: [{ type: 1, name: 'Printers' }],
        allowed_incomings: [
          { type: 0, name: 'Managers' },
          { type: 2, name: 'mary' },
        ],
      });
      expect((await groupByName('Managers'))?.allowed_outgoings).toEqual([
        { type: 0, name: 'Engineering' },
        { type: 0, name: 'Operations' },
      ]);

      const cleared = await script('PATCH', `/api/user-groups/${guid}`, {
        allowed_incomings: [],
        allowed_outgoings: [],
      });
      expect(cleared.json()).toMatchObject({ allowed_incomings: [], allowed_outgoings: [] });
      expect((await lastAudit(CONSOLE_OPERATION.updateGroup))?.detail).toBe(
        'user group: Operations (may access, accessed from)',
      );
    });

    it('rules work: a user of a group that may access a device group reaches it', async () => {
      const salesGuid = (
        await script('POST', '/api/user-groups', {
          name: 'Sales',
          allowed_outgoings: [{ type: 1, name: 'Printers' }],
        })
      ).json().guid;
      await script('POST', `/api/user-groups/${salesGuid}`, [await guidOfUser('mary')]);
      const mary = await t.login('mary', 'mary-pass');
      const reached = await t.call('GET', '/api/device-group/accessible', { token: mary });
      expect(reached.json()).toEqual({ total: 1, data: [{ name: 'Printers' }] });
      await script('PATCH', `/api/user-groups/${salesGuid}`, { allowed_outgoings: [] });
      const none = await t.call('GET', '/api/device-group/accessible', { token: mary });
      expect(none.json()).toEqual({ total: 0, data: [] });
    });

    it.each([
      [{ name: 'Managers' }, 409, "User group 'Managers' already exists"],
      [{ name: '' }, 400, 'name must NOT have fewer than 1 characters'],
      [{ note: ['x'] }, 400, 'note must be string'],
      [{ allowed_outgoings: [{ type: 2, name: 'john' }] }, 400, 'allowed_outgoings[0].type must be 0'],
      [{ allowed_incomings: [{ type: 0, name: 'Nowhere' }] }, 404, "User group 'Nowhere' not found"],
    ])('refuses %j with %i, changing nothing', async (body, status, message) => {
      const guid = await guidOfGroup('Engineering');
      const response = await script('PATCH', `/api/user-groups/${guid}`, body);
      expect(response.statusCode).toBe(status);
      expect(response.json().error).toContain(message);
      expect(await groupByName('Engineering')).toMatchObject({
        allowed_incomings: [{ type: 0, name: 'Managers' }],
        allowed_outgoings: [{ type: 1, name: 'DevServers' }],
      });
    });

    it('the built-in Default group keeps its name', async () => {
      const guid = await guidOfGroup('Default');
      const response = await script('PATCH', `/api/user-groups/${guid}`, { name: 'Everyone' });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: 'The built-in Default group cannot be renamed',
        code: 'default_group_rename',
        name: 'Default',
      });
      const note = await script('PATCH', `/api/user-groups/${guid}`, { note: 'everyone else' });
      expect(note.statusCode).toBe(200);
    });
  });

  describe('add-users', () => {
    it('POST /api/user-groups/{guid} with an array of user guids moves those users', async () => {
      // user_group.py looks each user up first: GET /api/users?name=<raw>&pageSize=50, no current.
      const guids: string[] = [];
      for (const name of ['john', 'mary']) {
        const lookup = await script('GET', `/api/users?name=${name}&pageSize=50`);
        expect(lookup.statusCode).toBe(200);
        const row = lookup.json().data.find((u: { name: string }) => u.name === name);
        guids.push(row.guid);
      }
      const guid = await guidOfGroup('Engineering');
      const response = await script('POST', `/api/user-groups/${guid}`, guids);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('');
      expect(await groupByName('Engineering')).toMatchObject({ user_count: 2 });
      // view-users: GET /api/users with the raw group name.
      const members = await script('GET', '/api/users?group_name=Engineering&pageSize=50&current=1');
      expect(members.json().data.map((u: { name: string }) => u.name)).toEqual(['john', 'mary']);
      expect(await lastAudit(CONSOLE_OPERATION.updateGroup)).toEqual({
        operator: 'token:test token',
        typ: CONSOLE_AREA.group,
        iop: CONSOLE_OPERATION.updateGroup,
        detail: 'user group: Engineering (users added: john, mary)',
      });
    });

    it('an unknown user guid is named and nobody moves', async () => {
      const guid = await guidOfGroup('Managers');
      const response = await script('POST', `/api/user-groups/${guid}`, [
        await guidOfUser('john'),
        UNKNOWN_GUID,
      ]);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        error: `Users not found: ${UNKNOWN_GUID}`,
        code: 'users_not_found',
        guids: [UNKNOWN_GUID],
      });
      expect(await groupByName('Managers')).toMatchObject({ user_count: 0 });
    });

    it.each([
      [[], /^request body must NOT have fewer than 1 items$/],
      [{}, /^request body must be array$/],
      [['john'], /^request body\[0\] must match format "uuid"$/],
      [[7], /^request body\[0\] must be string$/],
    ])('refuses the body %j with 400', async (body, message) => {
      const guid = await guidOfGroup('Managers');
      const response = await script('POST', `/api/user-groups/${guid}`, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatch(message);
    });

    it('refuses an empty body with 400', async () => {
      const response = await script('POST', `/api/user-groups/${await guidOfGroup('Managers')}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toBe('request body must be array');
    });
  });

  describe('delete', () => {
    it('refuses the Default group and a group with users, saying why', async () => {
      const defaultGuid = await guidOfGroup('Default');
      const builtIn = await script('DELETE', `/api/user-groups/${defaultGuid}`);
      expect(builtIn.statusCode).toBe(400);
      expect(builtIn.json()).toEqual({
        error: 'The built-in Default group cannot be deleted',
        code: 'default_group_delete',
        name: 'Default',
      });
      const busy = await script('DELETE', `/api/user-groups/${await guidOfGroup('Engineering')}`);
      expect(busy.statusCode).toBe(400);
      expect(busy.json()).toEqual({
        error: "User group 'Engineering' still has 2 users; move them to another group first",
        code: 'user_group_has_members',
        count: 2,
        name: 'Engineering',
      });
      await createUser(t.db, {
        name: 'solo',
        password: 'solo-pass',
        groupId: (
          await t.db
            .selectFrom('user_groups')
            .select('id')
            .where('name', '=', 'Managers')
            .executeTakeFirstOrThrow()
        ).id,
      });
      const one = await script('DELETE', `/api/user-groups/${await guidOfGroup('Managers')}`);
      expect(one.json()).toEqual({
        error: "User group 'Managers' still has 1 user; move them to another group first",
        code: 'user_group_has_a_member',
        name: 'Managers',
      });
    });

    it('deletes an empty group with no body (the names are split on commas by the script), and its rules', async () => {
      const edges = await edgeCount();
      for (const name of 'Selfish, team-00'.split(',').map((n) => n.trim())) {
        const guid = await guidOfGroup(name);
        const response = await script('DELETE', `/api/user-groups/${guid}`);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.body).toBe('');
      }
      expect(await groupByName('Selfish')).toBeUndefined();
      expect(await edgeCount()).toBe(edges - 1);
      expect(await lastAudit(CONSOLE_OPERATION.deleteGroups)).toEqual({
        operator: 'token:test token',
        typ: CONSOLE_AREA.group,
        iop: CONSOLE_OPERATION.deleteGroups,
        detail: 'user groups: team-00',
      });
    });

    it('a group deleted with rules to a device group leaves the device group alone', async () => {
      const devices = await createDeviceGroup(t.db, 'Kiosks');
      await createDevice(t.db, { peerId: '777000001', deviceGroupId: devices });
      const guid = (
        await script('POST', '/api/user-groups', {
          name: 'Temp',
          allowed_outgoings: [{ type: 1, name: 'Kiosks' }],
        })
      ).json().guid;
      expect((await script('DELETE', `/api/user-groups/${guid}`)).statusCode).toBe(200);
      const remaining = await t.db
        .selectFrom('group_access')
        .select('id')
        .where('to_device_group_id', '=', devices)
        .execute();
      expect(remaining).toEqual([]);
      expect(
        await t.db.selectFrom('device_groups').select('id').where('id', '=', devices).execute(),
      ).toHaveLength(1);
    });
  });

  describe('unknown and malformed guids, bad queries', () => {
    it.each([
      ['PATCH', {}],
      ['DELETE', undefined],
      ['POST', [UNKNOWN_GUID]],
    ] as const)(
      '%s /api/user-groups/{guid} answers 404 for an unknown guid, 400 for a malformed one',
      async (method, body) => {
        const unknown = await script(method, `/api/user-groups/${UNKNOWN_GUID}`, body);
        expect(unknown.statusCode).toBe(404);
        expect(unknown.json()).toEqual({
          error: `User group ${UNKNOWN_GUID} not found`,
          code: 'user_group_guid_not_found',
          guid: UNKNOWN_GUID,
        });
        const malformed = await script(method, '/api/user-groups/Sales', body);
        expect(malformed.statusCode).toBe(400);
        expect(malformed.json().error).toMatch(/^guid must match format "uuid"/);
      },
    );

    it.each([
      ['pageSize=0', /^pageSize must be >= 1/],
      ['current=abc', /^current /],
      [`name=${'x'.repeat(257)}`, /^name must NOT have more/],
    ])('GET /api/user-groups?%s answers 400 naming the parameter', async (query, message) => {
      const response = await script('GET', `/api/user-groups?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatch(message);
    });

    it('malformed JSON answers 400 on every route with a body', async () => {
      const guid = await guidOfGroup('Engineering');
      for (const [method, url] of [
        ['POST', '/api/user-groups'],
        ['PATCH', `/api/user-groups/${guid}`],
        ['POST', `/api/user-groups/${guid}`],
      ] as const) {
        for (const payload of ['{"name":', 'null', '"Sales"']) {
          const response = await t.call(method, url, { token, payload });
          expect(response.statusCode, `${method} ${url} ${payload}`).toBe(400);
          expect(response.json()).toHaveProperty('error');
        }
      }
    });
  });

  describe('who may call', () => {
    it('user_group:r lists but does not change; user:rw does not reach groups; members are refused', async () => {
      const reader = await t.apiToken({ user_group: 'r' });
      expect((await script('GET', '/api/user-groups', undefined, reader)).statusCode).toBe(200);
      const guid = await guidOfGroup('Engineering');
      for (const [method, url, body] of [
        ['POST', '/api/user-groups', { name: 'X' }],
        ['PATCH', `/api/user-groups/${guid}`, { note: 'x' }],
        ['DELETE', `/api/user-groups/${guid}`, undefined],
        ['POST', `/api/user-groups/${guid}`, [UNKNOWN_GUID]],
      ] as const) {
        const response = await script(method, url, body, reader);
        expect(response.statusCode, `${method} ${url}`).toBe(403);
        expect(response.json()).toEqual({
          error: 'This API token lacks the user_group:rw permission',
          code: 'token_lacks_permission',
          scope: 'user_group:rw',
        });
      }
      // view-users reads /api/users, which needs the User permission.
      const users = await script(
        'GET',
        '/api/users?group_name=Engineering&pageSize=50&current=1',
        undefined,
        reader,
      );
      expect(users.statusCode).toBe(403);

      const userToken = await t.apiToken({ user: 'rw' });
      const refused = await script('GET', '/api/user-groups', undefined, userToken);
      expect(refused.json()).toEqual({
        error: 'This API token lacks the user_group:r permission',
        code: 'token_lacks_permission',
        scope: 'user_group:r',
      });

      const john = await t.login('john', 'john-pass');
      for (const [method, url] of [
        ['GET', '/api/user-groups'],
        ['POST', '/api/user-groups'],
        ['PATCH', `/api/user-groups/${guid}`],
      ] as const) {
        const response = await t.call(method, url, { token: john, body: { name: 'X' } });
        expect(response.statusCode).toBe(403);
        expect(response.json()).toEqual({ error: 'Administrator required', code: 'admin_required' });
      }
      const admin = await t.adminSession();
      expect((await t.call('GET', '/api/user-groups', { token: admin })).statusCode).toBe(200);
      for (const [method, url] of [
        ['GET', '/api/user-groups'],
        ['DELETE', `/api/user-groups/${guid}`],
      ] as const) {
        expect((await t.call(method, url)).statusCode).toBe(401);
      }
    });
  });
});
