import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AccessEdge,
  type AccessSubject,
  accessScope,
  canReach,
  canReachDeviceGroup,
  canReachUser,
} from '../../src/domain/access/policy.js';
import {
  listReachableDeviceGroups,
  listReachableDevices,
  listReachableUsers,
} from '../../src/domain/access/repository.js';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { findUserById, findUserByName } from '../../src/domain/users/repository.js';
import {
  createDevice,
  createDeviceGroup,
  createGroupAccess,
  createUser,
  createUserGroup,
} from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const ALL = { current: 1, pageSize: 1000 };

describe('the SQL path lists exactly what canReach allows', () => {
  /*
   * Every combination of owner (nobody or each user) × device group (none, DG1..DG3) × device status,
   * under edges of every kind that start at different users and groups.
   */
  const USERS = [
    { name: 'me', group: 'G1' },
    { name: 'colleague', group: 'G1' },
    { name: 'idle', group: 'G1', status: 0 },
    { name: 'invited', group: 'G1', status: -1 },
    { name: 'partner', group: 'G2' },
    { name: 'stranger', group: 'G3' },
    { name: 'sleeper', group: 'G3', status: 0 },
    { name: 'boss', group: 'G3', isAdmin: true },
    { name: 'dora', group: 'Default' },
  ];
  const EDGES: Array<{ from: string; to: string }> = [
    { from: 'group:G1', to: 'group:G2' },
    { from: 'user:me', to: 'device-group:DG1' },
    { from: 'group:G2', to: 'device-group:DG2' },
    { from: 'user:partner', to: 'group:G3' },
    { from: 'group:G3', to: 'group:G1' },
    { from: 'user:idle', to: 'device-group:DG3' },
  ];

  let t: TestApp;
  const groupIds = new Map<string, number>();
  const deviceGroupIds = new Map<string, number>();
  const subjects = new Map<string, AccessSubject>();
  const edges: AccessEdge[] = [];
  const devices: Array<{
    peerId: string;
    status: number;
    owner: AccessSubject | null;
    deviceGroupId: number | null;
  }> = [];

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await findUserByName(t.db, 'admin');
    if (!admin) throw new Error('bootstrap created no admin');
    groupIds.set('Default', admin.group_id);
    subjects.set('admin', { id: admin.id, groupId: admin.group_id, isAdmin: true, status: 1 });
    for (const name of ['G1', 'G2', 'G3']) groupIds.set(name, await createUserGroup(t.db, name));
    for (const name of ['DG1', 'DG2', 'DG3']) deviceGroupIds.set(name, await createDeviceGroup(t.db, name));
    for (const user of USERS) {
      const groupId = groupIds.get(user.group) as number;
      const status = user.status ?? 1;
      const id = await createUser(t.db, {
        name: user.name,
        password: 'pass-word',
        groupId,
        status,
        isAdmin: user.isAdmin,
      });
      subjects.set(user.name, { id, groupId, isAdmin: user.isAdmin ?? false, status });
    }
    const end = (ref: string) => {
      const [kind, name] = ref.split(':') as [string, string];
      if (kind === 'group') return { userGroupId: groupIds.get(name) as number };
      if (kind === 'user') return { userId: (subjects.get(name) as AccessSubject).id };
      return { deviceGroupId: deviceGroupIds.get(name) as number };
    };
    for (const { from, to } of EDGES) {
      const source = end(from);
      const target = end(to);
      await createGroupAccess(t.db, {
        fromUserGroupId: source.userGroupId,
        fromUserId: source.userId,
        toUserGroupId: target.userGroupId,
        toDeviceGroupId: target.deviceGroupId,
      });
      edges.push({
        fromUserGroupId: source.userGroupId ?? null,
        fromUserId: source.userId ?? null,
        toUserGroupId: target.userGroupId ?? null,
        toDeviceGroupId: target.deviceGroupId ?? null,
      });
    }
    let next = 100_000;
    for (const owner of [null, ...subjects.values()]) {
      for (const deviceGroupId of [null, ...deviceGroupIds.values()]) {
        for (const status of [1, 0]) {
          const peerId = String(next++);
          await createDevice(t.db, { peerId, userId: owner?.id ?? null, deviceGroupId, status });
          devices.push({ peerId, status, owner, deviceGroupId });
        }
      }
    }
  });
  afterAll(() => t.close());

  const everyone = () => [...subjects.keys()];
  const factsOf = (device: (typeof devices)[number]) => ({
    status: device.status,
    userId: device.owner?.id ?? null,
    ownerGroupId: device.owner?.groupId ?? null,
    ownerStatus: device.owner?.status ?? null,
    deviceGroupId: device.deviceGroupId,
  });
  const scopeOf = async (name: string) => {
    const user = await findUserById(t.db, (subjects.get(name) as AccessSubject).id);
    if (!user) throw new Error(`no user ${name}`);
    return t.app.services.access.scopeOf(user);
  };

  it('reads the same scope from the database as accessScope computes from all edges', async () => {
    for (const name of everyone()) {
      expect(await scopeOf(name), name).toEqual(accessScope(subjects.get(name) as AccessSubject, edges));
    }
  });

  it('devices: one query per user returns exactly the devices canReach admits, by RustDesk ID', async () => {
    const reached = new Map<string, number>();
    for (const name of everyone()) {
      const scope = await scopeOf(name);
      const expected = devices.filter((d) => canReach(scope, factsOf(d))).map((d) => d.peerId);
      const listed = await listReachableDevices(t.db, scope, {}, ALL);
      expect(
        listed.rows.map((r) => r.peer_id),
        name,
      ).toEqual(expected);
      expect(listed.total, name).toBe(expected.length);
      reached.set(name, expected.length);
    }
    // 11 owners (nobody and 10 users) × 4 device groups × 2 statuses; of the 44 enabled devices,
    // 8 belong to the two disabled users.
    expect(devices).toHaveLength(88);
    expect(reached.get('admin')).toBe(36);
    expect(reached.get('boss')).toBe(36);
    // me: the enabled devices of me, colleague, invited and partner in any device group (4 × 4), plus the
    // DG1 devices of nobody, stranger, boss, dora and admin (5).
    expect(reached.get('me')).toBe(21);
    expect(reached.get('idle')).toBe(0);
    expect(reached.get('sleeper')).toBe(0);
  });

  it('users: exactly those canReachUser admits, the caller first, then by name', async () => {
    const everybody = [...subjects.entries()];
    for (const name of everyone()) {
      const scope = await scopeOf(name);
      const self = subjects.get(name) as AccessSubject;
      const admitted = everybody
        .filter(([, user]) => canReachUser(scope, user))
        .map(([other]) => other)
        .sort();
      const expected = admitted.includes(name) ? [name, ...admitted.filter((n) => n !== name)] : admitted;
      const listed = await listReachableUsers(t.db, scope, self.id, {}, ALL);
      expect(
        listed.rows.map((r) => r.name),
        name,
      ).toEqual(expected);
      expect(listed.total).toBe(expected.length);
    }
  });

  it('device groups: exactly those canReachDeviceGroup admits, by name', async () => {
    for (const name of everyone()) {
      const scope = await scopeOf(name);
      const expected = [...deviceGroupIds.entries()]
        .filter(([, id]) => canReachDeviceGroup(scope, id))
        .map(([groupName]) => groupName);
      const listed = await listReachableDeviceGroups(t.db, scope, ALL);
      expect(
        listed.rows.map((r) => r.name),
        name,
      ).toEqual(expected);
      expect(listed.total).toBe(expected.length);
    }
  });

  it('over HTTP, every user who can log in gets the same devices, page by page', async () => {
    for (const name of everyone().filter((n) => subjects.get(n)?.status === 1)) {
      const token = await t.login(name, name === 'admin' ? 'test1234' : 'pass-word');
      const scope = accessScope(subjects.get(name) as AccessSubject, edges);
      const expected = devices.filter((d) => canReach(scope, factsOf(d))).map((d) => d.peerId);
      const seen: string[] = [];
      for (let current = 1; current <= Math.ceil(expected.length / 7) + 1; current++) {
        const response = await t.call(
          'GET',
          `/api/peers?current=${current}&pageSize=7&accessible=&status=1`,
          {
            token,
          },
        );
        expect(response.statusCode).toBe(200);
        expect(response.json().total).toBe(expected.length);
        seen.push(...response.json().data.map((p: { id: string }) => p.id));
      }
      expect(seen, name).toEqual(expected);
    }
  });
});

describe('GET /api/device-group/accessible, /api/users?accessible=, /api/peers?accessible=', () => {
  let t: TestApp;
  let alice: string;
  let carol: string;

  beforeAll(async () => {
    t = await startTestApp();
    const sales = await createUserGroup(t.db, 'Sales');
    const lab = await createDeviceGroup(t.db, 'Lab');
    await createDeviceGroup(t.db, 'Closed');
    const aliceId = await createUser(t.db, { name: 'alice', password: 'alice-pass', groupId: sales });
    const bobId = await createUser(t.db, { name: 'bob', password: 'bob-pass', groupId: sales });
    await createUser(t.db, { name: 'aaron', password: 'aaron-pass', groupId: sales });
    await createUser(t.db, { name: 'invited', password: 'x-pass', groupId: sales, status: -1 });
    const goneId = await createUser(t.db, { name: 'gone', password: 'gone-pass', groupId: sales, status: 0 });
    const carolId = await createUser(t.db, { name: 'carol', password: 'carol-pass' });
    await createGroupAccess(t.db, { fromUserGroupId: sales, toDeviceGroupId: lab });

    await createDevice(t.db, {
      peerId: '200001',
      userId: aliceId,
      hostname: 'alice-pc',
      username: 'alice',
      os: 'windows / Windows 11 Pro - 11 (22631)',
      note: 'front desk',
    });
    const bobDevice = await createDevice(t.db, {
      peerId: '200002',
      userId: bobId,
      deviceGroupId: lab,
      hostname: 'BOB-LT',
      username: 'b.smith',
      os: 'macos / 14.5',
    });
    await t.db
      .updateTable('devices')
      .set({ device_name: 'Bob laptop', device_username: 'bobby' })
      .where('id', '=', bobDevice)
      .execute();
    await createDevice(t.db, {
      peerId: '200003',
      deviceGroupId: lab,
      hostname: 'lab-1',
      os: 'linux / Ubuntu',
    });
    await createDevice(t.db, { peerId: '200004', userId: carolId });
    await createDevice(t.db, { peerId: '200005', userId: aliceId, status: 0 });
    // A disabled user's device stays unreachable, even through the device group opened to Sales.
    await createDevice(t.db, { peerId: '200006', userId: goneId, deviceGroupId: lab });
    // 120 devices of carol's own, for paging.
    for (let i = 0; i < 120; i++) await createDevice(t.db, { peerId: String(300_000 + i), userId: carolId });

    alice = await t.login('alice', 'alice-pass');
    carol = await t.login('carol', 'carol-pass');
  });
  afterAll(() => t.close());

  it('peers: the reachable devices as the client reads them, with info as an object', async () => {
    const response = await t.call('GET', '/api/peers?current=1&pageSize=100&accessible=&status=1', {
      token: alice,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      total: 3,
      data: [
        {
          id: '200001',
          info: { username: 'alice', os: 'windows / Windows 11 Pro - 11 (22631)', device_name: 'alice-pc' },
          status: 1,
          user: expect.stringMatching(/^[0-9a-f-]{36}$/),
          user_name: 'alice',
          device_group_name: '',
          note: 'front desk',
        },
        {
          id: '200002',
          info: { username: 'bobby', os: 'macos / 14.5', device_name: 'Bob laptop' },
          status: 1,
          user: expect.stringMatching(/^[0-9a-f-]{36}$/),
          user_name: 'bob',
          device_group_name: 'Lab',
          note: '',
        },
        {
          id: '200003',
          info: { username: 'user', os: 'linux / Ubuntu', device_name: 'lab-1' },
          status: 1,
          user: '',
          user_name: '',
          device_group_name: 'Lab',
          note: '',
        },
      ],
    });
    const [first, second] = response.json().data;
    expect(first.user).not.toBe(second.user);
  });

  it('users: the caller first, then the users of their group and of opened groups; no disabled users', async () => {
    const response = await t.call('GET', '/api/users?current=1&pageSize=100&accessible=&status=1', {
      token: alice,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toBe(3);
    expect(body.data.map((u: { name: string }) => u.name)).toEqual(['alice', 'aaron', 'bob']);
    expect(body.data[0]).toEqual({
      name: 'alice',
      display_name: '',
      avatar: '',
      status: 1,
      group_name: 'Sales',
    });
  });

  it('users: a non-administrator sees only what the client shows, not e-mails, notes or administrator facts', async () => {
    await t.db
      .updateTable('users')
      .set({ email: 'bob@example.com', note: 'on probation', display_name: 'Bob B.' })
      .where('name', '=', 'bob')
      .execute();
    const bob = (await t.call('GET', '/api/users?accessible=&status=1', { token: alice }))
      .json()
      .data.find((u: { name: string }) => u.name === 'bob');
    expect(bob).toEqual({ name: 'bob', display_name: 'Bob B.', avatar: '', status: 1, group_name: 'Sales' });
    // carol shares the Default group with the administrator, who still has the initial password.
    const listed = (await t.call('GET', '/api/users?accessible=', { token: carol })).json().data;
    const admin = listed.find((u: { name: string }) => u.name === 'admin');
    expect(admin).toEqual({ name: 'admin', display_name: '', avatar: '', status: 1, group_name: 'Default' });

    const full = (await t.call('GET', '/api/users?accessible=', { token: await t.adminSession() })).json();
    expect(full.data.find((u: { name: string }) => u.name === 'bob')).toMatchObject({
      guid: expect.any(String),
      email: 'bob@example.com',
      note: 'on probation',
      is_admin: false,
      default_password: false,
    });
    expect(full.data[0]).toMatchObject({ name: 'admin', is_admin: true, default_password: true });
  });

  it('users: without status=1 the list also holds users not yet activated, never disabled ones', async () => {
    const response = await t.call('GET', '/api/users?accessible=', { token: alice });
    expect(response.json().data.map((u: { name: string }) => u.name)).toEqual([
      'alice',
      'aaron',
      'bob',
      'invited',
    ]);
  });

  it('device groups: those opened to the caller; all of them for an administrator', async () => {
    const response = await t.call('GET', '/api/device-group/accessible?current=1&pageSize=100', {
      token: alice,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ total: 1, data: [{ name: 'Lab' }] });
    const admin = await t.call('GET', '/api/device-group/accessible', { token: await t.adminSession() });
    expect(admin.json()).toEqual({ total: 2, data: [{ name: 'Closed' }, { name: 'Lab' }] });
    const none = await t.call('GET', '/api/device-group/accessible', { token: carol });
    expect(none.json()).toEqual({ total: 0, data: [] });
  });

  it('an administrator reaches every enabled device and every enabled user', async () => {
    const token = await t.adminSession();
    const peers = (await t.call('GET', '/api/peers?accessible=&status=1&pageSize=1000', { token })).json();
    expect(peers.total).toBe(124);
    expect(peers.data.map((p: { id: string }) => p.id)).not.toContain('200005');
    expect(peers.data.map((p: { id: string }) => p.id)).not.toContain('200006');
    const users = (await t.call('GET', '/api/users?accessible=&status=1', { token })).json();
    expect(users.data.map((u: { name: string }) => u.name)).toEqual([
      'admin',
      'aaron',
      'alice',
      'bob',
      'carol',
    ]);
  });

  it('pages with current and pageSize: 100 by default, ordered, empty past the end', async () => {
    const first = (await t.call('GET', '/api/peers?accessible=&status=1', { token: carol })).json();
    expect(first.total).toBe(121);
    expect(first.data).toHaveLength(100);
    const ids: string[] = first.data.map((p: { id: string }) => p.id);
    expect(ids[0]).toBe('200004');
    expect(ids[1]).toBe('300000');
    const second = (
      await t.call('GET', '/api/peers?accessible=&status=1&current=2', { token: carol })
    ).json();
    expect(second).toMatchObject({ total: 121 });
    expect(second.data.map((p: { id: string }) => p.id)).toEqual(
      Array.from({ length: 21 }, (_, i) => String(300_099 + i)),
    );
    const past = (await t.call('GET', '/api/peers?accessible=&status=1&current=3', { token: carol })).json();
    expect(past).toEqual({ total: 121, data: [] });
    const all = (await t.call('GET', '/api/peers?accessible=&pageSize=1000', { token: carol })).json();
    expect(all.data).toHaveLength(121);
    expect(Number.isInteger(all.total)).toBe(true);
    // A page larger than 1000 rows is cut to 1000; the caller pages on with total.
    const large = (
      await t.call('GET', '/api/peers?accessible=&pageSize=100000&current=2', { token: carol })
    ).json();
    expect(large).toEqual({ total: 121, data: [] });

    const users = (
      await t.call('GET', '/api/users?accessible=&status=1&pageSize=2&current=2', { token: alice })
    ).json();
    expect(users).toMatchObject({ total: 3, data: [{ name: 'bob' }] });
    const groups = (await t.call('GET', '/api/device-group/accessible?current=9', { token: alice })).json();
    expect(groups).toEqual({ total: 1, data: [] });
  });

  it('ignores query parameters it does not know', async () => {
    const response = await t.call('GET', '/api/peers?accessible=&status=1&sort=name&x[]=1', { token: alice });
    expect(response.statusCode).toBe(200);
    expect(response.json().total).toBe(3);
  });

  it.each([
    ['pageSize=abc', /^pageSize /],
    ['pageSize=0', /^pageSize must be >= 1/],
    ['pageSize=-5', /^pageSize must be >= 1/],
    ['pageSize=2.5', /^pageSize /],
    ['current=0', /^current must be >= 1/],
    ['current=-1', /^current must be >= 1/],
    ['current=abc', /^current /],
    ['current=99999999999999999999', /^current /],
    ['current=1&current=2', /^current /],
    ['status=abc', /^status /],
  ])('answers 400 naming the parameter for %s', async (query, message) => {
    for (const path of [
      '/api/peers?accessible=&',
      '/api/users?accessible=&',
      '/api/device-group/accessible?',
    ]) {
      if (query.startsWith('status') && path.includes('device-group')) continue;
      const response = await t.call('GET', `${path}${query}`, { token: alice });
      expect(response.statusCode, `${path}${query}`).toBe(400);
      expect(response.json().error, `${path}${query}`).toMatch(message);
    }
  });

  it('without accessible, /api/users is the management list and /api/peers still the reachable devices', async () => {
    // Without accessible, /api/users is the management list: administrators and API tokens only.
    const users = await t.call('GET', '/api/users?status=1', { token: alice });
    expect(users.statusCode).toBe(403);
    expect(users.json()).toEqual({ error: 'Administrator required', code: 'admin_required' });
    const peers = await t.call('GET', '/api/peers', { token: alice });
    const reachable = await t.call('GET', '/api/peers?accessible=', { token: alice });
    expect(peers.statusCode).toBe(200);
    expect(peers.json()).toEqual(reachable.json());
  });

  const ENDPOINTS = [
    '/api/device-group/accessible?current=1&pageSize=100',
    '/api/users?current=1&pageSize=100&accessible=&status=1',
    '/api/peers?current=1&pageSize=100&accessible=&status=1',
  ];

  it.each(ENDPOINTS)('%s answers 401 without a token or with an unknown one', async (url) => {
    for (const token of [undefined, 'rdcs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      const response = await t.call('GET', url, { token });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toHaveProperty('error');
    }
  });

  it.each(ENDPOINTS)('%s answers 403 to an API token: it is not a logged-in user', async (url) => {
    const token = await t.apiToken({ device: 'rw', user: 'rw', device_group: 'rw', user_group: 'rw' });
    const response = await t.call('GET', url, { token });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      error: 'API tokens cannot be used for this endpoint',
      code: 'token_not_allowed',
    });
  });

  it('all three answer 403 "…disabled." while retrieving accessible devices is disabled', async () => {
    await t.app.services.settings.update({ disable_accessible_devices: true }, SYSTEM_ACTOR);
    try {
      for (const url of ENDPOINTS) {
        for (const token of [alice, await t.adminSession()]) {
          const response = await t.call('GET', url, { token });
          expect(response.statusCode, url).toBe(403);
          expect(response.json()).toEqual({
            error: 'Retrieving accessible devices is disabled.',
            code: 'accessible_disabled',
          });
        }
      }
    } finally {
      await t.app.services.settings.update({ disable_accessible_devices: false }, SYSTEM_ACTOR);
    }
    expect((await t.call('GET', ENDPOINTS[2] as string, { token: alice })).statusCode).toBe(200);
  });
});
