import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, createDeviceGroup, createUser, createUserGroup } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const UNKNOWN_GUID = '01983006-fcca-7c12-9a91-b1df483c6073';

/**
 * The members of one group by its guid (`group_guid` on GET /api/users, `device_group_guid` on GET
 * /api/devices): exact where the name filters are patterns, so a group named "50%" or "-" lists its own
 * members and nobody else's.
 */
describe('member lists by group guid', () => {
  let t: TestApp;
  let token: string;
  const userGroupGuids = new Map<string, string>();
  const deviceGroupGuids = new Map<string, string>();

  const names = (body: { data: { name?: string; id?: string }[] }) =>
    body.data.map((row) => row.name ?? row.id).sort();

  beforeAll(async () => {
    t = await startTestApp();
    token = await t.apiToken({ user: 'r', device: 'r' });
    const members = { '50%': ['pct-1', 'pct-2'], '500': ['five-hundred'], '-': ['dash'] } as const;
    for (const [group, users] of Object.entries(members)) {
      const groupId = await createUserGroup(t.db, group);
      const deviceGroupId = await createDeviceGroup(t.db, group);
      for (const [index, name] of users.entries()) {
        const userId = await createUser(t.db, { name, password: `${name}-pass`, groupId });
        await createDevice(t.db, { peerId: `${name}-${index}`, deviceGroupId, userId });
      }
    }
    for (const row of await t.db.selectFrom('user_groups').select(['name', 'guid']).execute()) {
      userGroupGuids.set(row.name, row.guid);
    }
    for (const row of await t.db.selectFrom('device_groups').select(['name', 'guid']).execute()) {
      deviceGroupGuids.set(row.name, row.guid);
    }
  });
  afterAll(() => t.close());

  describe('GET /api/users?group_guid=', () => {
    it('lists exactly the group’s members where group_name reads the name as a pattern', async () => {
      const byName = await t.call('GET', '/api/users', { token, query: { group_name: '50%' } });
      expect(names(byName.json())).toEqual(['five-hundred', 'pct-1', 'pct-2']);
      const byGuid = await t.call('GET', '/api/users', {
        token,
        query: { group_guid: userGroupGuids.get('50%') as string },
      });
      expect(byGuid.statusCode).toBe(200);
      expect(byGuid.json().total).toBe(2);
      expect(names(byGuid.json())).toEqual(['pct-1', 'pct-2']);
    });

    it('a group named "-" lists its members (group_name=- means "no group name")', async () => {
      const byName = await t.call('GET', '/api/users', { token, query: { group_name: '-' } });
      expect(byName.json().total).toBe(0);
      const byGuid = await t.call('GET', '/api/users', {
        token,
        query: { group_guid: userGroupGuids.get('-') as string },
      });
      expect(names(byGuid.json())).toEqual(['dash']);
    });

    it('combines with the other filters and pages', async () => {
      const response = await t.call('GET', '/api/users', {
        token,
        query: { group_guid: userGroupGuids.get('50%') as string, name: '%2', pageSize: '1' },
      });
      expect(response.json()).toMatchObject({ total: 1, data: [{ name: 'pct-2', group_name: '50%' }] });
    });

    it('an unknown guid lists nobody; a malformed one answers 400', async () => {
      const unknown = await t.call('GET', '/api/users', { token, query: { group_guid: UNKNOWN_GUID } });
      expect(unknown.statusCode).toBe(200);
      expect(unknown.json()).toEqual({ total: 0, data: [] });
      const malformed = await t.call('GET', '/api/users', { token, query: { group_guid: '50%' } });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error).toContain('group_guid must match format "uuid"');
    });
  });

  describe('GET /api/devices?device_group_guid=', () => {
    it('lists exactly the group’s devices where device_group_name reads the name as a pattern', async () => {
      const byName = await t.call('GET', '/api/devices', { token, query: { device_group_name: '50%' } });
      expect(names(byName.json())).toEqual(['five-hundred-0', 'pct-1-0', 'pct-2-1']);
      const byGuid = await t.call('GET', '/api/devices', {
        token,
        query: { device_group_guid: deviceGroupGuids.get('50%') as string },
      });
      expect(byGuid.statusCode).toBe(200);
      expect(byGuid.json().total).toBe(2);
      expect(names(byGuid.json())).toEqual(['pct-1-0', 'pct-2-1']);
      const dash = await t.call('GET', '/api/devices', {
        token,
        query: { device_group_guid: deviceGroupGuids.get('-') as string },
      });
      expect(names(dash.json())).toEqual(['dash-0']);
    });

    it('the CSV export and a user’s own list honour it too', async () => {
      const csv = await t.call('GET', '/api/devices', {
        token,
        query: { device_group_guid: deviceGroupGuids.get('50%') as string, format: 'csv' },
      });
      expect(csv.statusCode).toBe(200);
      expect(csv.body).toContain('pct-1-0');
      expect(csv.body).not.toContain('five-hundred-0');
      const own = await t.call('GET', '/api/devices', {
        token: await t.login('pct-1', 'pct-1-pass'),
        query: { device_group_guid: deviceGroupGuids.get('50%') as string },
      });
      expect(names(own.json())).toEqual(['pct-1-0']);
    });

    it('an unknown guid lists nothing; a malformed one answers 400', async () => {
      const unknown = await t.call('GET', '/api/devices', {
        token,
        query: { device_group_guid: UNKNOWN_GUID },
      });
      expect(unknown.statusCode).toBe(200);
      expect(unknown.json()).toEqual({ total: 0, data: [] });
      const malformed = await t.call('GET', '/api/devices', { token, query: { device_group_guid: 'x' } });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error).toContain('device_group_guid must match format "uuid"');
    });
  });
});
