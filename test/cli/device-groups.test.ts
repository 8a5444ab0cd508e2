import { beforeAll, describe, expect, it } from 'vitest';
import { liveCli } from '../helpers/cli-live.js';
import { TEST_DIALECT } from '../helpers/database.js';
import { createDevice, createUser, createUserGroup } from '../helpers/factories.js';

interface Group {
  guid: string;
  name: string;
  note: string;
  device_count: number;
  allowed_incomings: { type: number; name: string }[];
}

/** `rdconsole device-groups` / `device_group` (device_group.py, admin-api.md §5) against a live server. */
describe(`rdconsole device-groups (${TEST_DIALECT})`, () => {
  const cli = liveCli('device-groups', { device_group: 'rw', device: 'r' });
  const { ok, fails } = cli;

  async function group(name: string): Promise<Group | undefined> {
    const response = await cli.t.call('GET', '/api/device-groups', { token: cli.token, query: { name } });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().data as Group[]).find((g) => g.name === name);
  }

  async function groupOf(peerId: string): Promise<string | null | undefined> {
    const row = await cli.t.db
      .selectFrom('devices')
      .leftJoin('device_groups', 'device_groups.id', 'devices.device_group_id')
      .select('device_groups.name')
      .where('devices.peer_id', '=', peerId)
      .executeTakeFirst();
    return row?.name;
  }

  beforeAll(async () => {
    await createUserGroup(cli.t.db, 'Engineering');
    const mike = await createUser(cli.t.db, { name: 'mike', password: 'mike-pass-1' });
    await createDevice(cli.t.db, {
      peerId: '123456789',
      hostname: 'web-01',
      username: 'deploy',
      userId: mike,
    });
    await createDevice(cli.t.db, { peerId: '987654321', hostname: 'db-01', username: 'postgres' });
    await createDevice(cli.t.db, { peerId: '555000111', hostname: 'laptop' });
  });

  it('adds device groups, with who may reach them given by name', async () => {
    expect(await ok(['add', '--name', 'Production', '--note', 'live'])).toBe(
      "Success: Device group 'Production' created\n",
    );
    const created = JSON.parse(
      await ok([
        'add',
        '--name',
        'DevServers',
        '--accessed-from',
        '[{"type":0,"name":"Engineering"},{"type":2,"name":"mike"}]',
        '--json',
      ]),
    ) as Group;
    expect(created).toMatchObject({
      name: 'DevServers',
      allowed_incomings: [
        { type: 0, name: 'Engineering' },
        { type: 2, name: 'mike' },
      ],
    });
    expect(await group('Production')).toMatchObject({ note: 'live', device_count: 0 });

    const deviceGroupRule = await fails(
      ['add', '--name', 'X', '--accessed-from', '[{"type":1,"name":"Production"}]'],
      2,
    );
    expect(deviceGroupRule).toContain('--accessed-from rule 1 must be {"type": 0 (user group) or 2 (user)');
    const unknownUser = await fails(
      ['add', '--name', 'X', '--accessed-from', '[{"type":2,"name":"ghost"}]'],
      1,
    );
    expect(unknownUser).toBe("Error: User 'ghost' not found (HTTP 404 on POST /api/device-groups)\n");
    const duplicate = await fails(['add', '--name', 'Production'], 1);
    expect(duplicate).toContain("Device group 'Production' already exists");
  });

  it('puts devices into a group and takes them out, by RustDesk ID', async () => {
    expect(await ok(['add-devices', '--name', 'Production', '--ids', '123456789,987654321'])).toBe(
      "Success: Added 2 device(s) to device group 'Production'\n",
    );
    expect(await groupOf('123456789')).toBe('Production');
    expect(await groupOf('987654321')).toBe('Production');
    expect((await group('Production'))?.device_count).toBe(2);

    expect(await ok(['remove-devices', '--name', 'Production', '--ids', '987654321'])).toBe(
      "Success: Removed 1 device(s) from device group 'Production'\n",
    );
    expect(await groupOf('987654321')).toBeNull();

    const unknownDevice = await fails(['add-devices', '--name', 'Production', '--ids', '555000111,999'], 1);
    expect(unknownDevice).toContain('999');
    expect(await groupOf('555000111')).toBeNull();

    const unknownGroup = await fails(['add-devices', '--name', 'Nope', '--ids', '555000111'], 1);
    expect(unknownGroup).toBe("Error: Group 'Nope' not found\n");
    const noIds = await fails(['remove-devices', '--name', 'Production'], 2);
    expect(noIds).toContain('Error: --ids is required');
  });

  it('views groups, and the devices of a group with fuzzy filters', async () => {
    const table = await ok(['view']);
    expect(table.split('\n')[0]).toMatch(/^NAME +NOTE +DEVICES +ACCESSED FROM +STRATEGY +CREATED$/);
    expect(table).toMatch(/\nProduction +live +1 /);
    expect(table).toMatch(/\nDevServers +0 +user group Engineering, user mike/);
    expect(JSON.parse(await ok(['view', '--name', 'DevServers', '--json']))).toHaveLength(1);
    expect(await ok(['view', '--name', 'Nope'])).toBe('Found 0 device groups\n');

    const devices = await ok(['view-devices', '--name', 'Production']);
    expect(devices).toMatch(/^ID +NAME +OS USER +USER +USER GROUP +DEVICE GROUP/);
    expect(devices).toMatch(/\n123456789 +web-01 +deploy +mike +Default +Production/);
    expect(devices).not.toContain('987654321');
    const filtered = async (flag: string, value: string) =>
      (JSON.parse(await ok(['view-devices', flag, value, '--json'])) as { id: string }[])
        .map((d) => d.id)
        .sort();
    expect(await filtered('--device-name', '-01')).toEqual(['123456789', '987654321']);
    expect(await filtered('--user-name', 'mik')).toEqual(['123456789']);
    expect(await filtered('--device-username', 'postgres')).toEqual(['987654321']);
    expect(await filtered('--id', '5550')).toEqual(['555000111']);
    expect(await ok(['view-devices', '--name', 'DevServers'])).toBe('Found 0 devices\n');
  });

  it('updates a group found by exact name', async () => {
    expect(
      await ok(['update', '--name', 'DevServers', '--new-name', 'Staging', '--accessed-from', '[]']),
    ).toBe("Success: Device group 'Staging' updated\n");
    expect(await group('Staging')).toMatchObject({ allowed_incomings: [] });
    const unknown = await fails(['update', '--name', 'DevServers', '--note', 'x'], 1);
    expect(unknown).toBe("Error: Group 'DevServers' not found\n");
  });

  it('deletes groups named in a comma-separated list; their devices become ungrouped', async () => {
    expect(await fails(['delete', '--name', 'Staging,Nope'], 1)).toBe("Error: Group 'Nope' not found\n");
    expect(await fails(['delete', '--name', ','], 2)).toContain(
      'Error: --name is required (group names separated by commas)',
    );
    expect(await group('Staging')).toBeDefined();
    expect(await ok(['delete', '--name', 'Staging,Production'])).toBe(
      'Success: Deleted device group(s) Staging, Production\n',
    );
    expect(await group('Production')).toBeUndefined();
    expect(await groupOf('123456789')).toBeNull();
  });

  it('accepts the device_group spelling, and fails on a bad token or without permission', async () => {
    expect(await ok(['view'], { tool: 'device_group' })).toBe('Found 0 device groups\n');
    const bad = await fails(['view'], 1, { token: 'wrong' });
    expect(bad).toContain('(HTTP 401 on GET /api/device-groups)');
    const readOnly = await cli.t.apiToken({ device_group: 'r' });
    const denied = await fails(['add', '--name', 'Nope'], 1, { token: readOnly });
    expect(denied).toContain('(HTTP 403 on POST /api/device-groups)');
  });

  it('runs as the real rdconsole command', async () => {
    await ok(['add', '--name', 'Spawned']);
    expect(await cli.spawnOk(['add-devices', '--name', 'Spawned', '--ids', '555000111'])).toBe(
      "Success: Added 1 device(s) to device group 'Spawned'\n",
    );
    expect(await groupOf('555000111')).toBe('Spawned');
  });
});
