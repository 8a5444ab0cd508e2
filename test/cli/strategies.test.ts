import { beforeAll, describe, expect, it } from 'vitest';
import { liveCli } from '../helpers/cli-live.js';
import { TEST_DIALECT } from '../helpers/database.js';
import { createDevice, createDeviceGroup, createUser } from '../helpers/factories.js';

interface Detail {
  guid: string;
  name: string;
  enabled: boolean;
  devices: { id: string }[];
  users: { name: string }[];
  device_groups: { name: string }[];
}

/** `rdconsole strategies` (strategies.py, admin-api.md §6) against a live server on a fresh database. */
describe(`rdconsole strategies (${TEST_DIALECT})`, () => {
  const cli = liveCli('strategies', { strategy: 'rw', device: 'r', user: 'r', device_group: 'r' });
  const { run, ok, fails } = cli;
  const guids: Record<string, string> = {};

  async function detail(name: string): Promise<Detail> {
    const response = await cli.t.call('GET', `/api/strategies/${guids[name]}`, { token: cli.token });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Detail;
  }

  beforeAll(async () => {
    const admin = await cli.t.adminSession();
    for (const [name, options] of [
      ['Default', {}],
      ['Lockdown', { 'enable-clipboard': 'N', 'enable-file-transfer': 'N' }],
    ] as const) {
      const response = await cli.t.call('POST', '/api/strategies', { token: admin, body: { name, options } });
      expect(response.statusCode, response.body).toBe(200);
      guids[name] = response.json().guid;
    }
    await createUser(cli.t.db, { name: 'mike', password: 'mike-pass-1' });
    await createDevice(cli.t.db, { peerId: '1849118658' });
    await createDevice(cli.t.db, { peerId: '987654321' });
    await createDeviceGroup(cli.t.db, 'Production');
  });

  it('list shows every strategy; --json gives the server’s array', async () => {
    const table = await ok(['list']);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+GUID\s+ENABLED\s+DEVICES\s+OPTIONS\s+UPDATED\s+NOTE$/);
    expect(table).toMatch(
      new RegExp(`Lockdown\\s+${guids.Lockdown}\\s+yes\\s+0\\s+2\\s+\\d{4}-\\d\\d-\\d\\d`),
    );
    const listed = JSON.parse(await ok(['list', '--json'])) as { name: string }[];
    expect(listed.map((s) => s.name).sort()).toEqual(['Default', 'Lockdown']);
  });

  it('view by name or guid shows the options and where the strategy is given', async () => {
    const byName = await ok(['view', '--name', 'Lockdown']);
    expect(byName).toMatch(/^Name:\s+Lockdown$/m);
    expect(byName).toMatch(/^Enabled:\s+yes$/m);
    expect(byName).toMatch(/enable-clipboard\s+N/);
    expect(byName).toMatch(/^Given to devices:\s+\(none\)$/m);
    const byGuid = JSON.parse(await ok(['view', '--guid', String(guids.Default), '--json']));
    expect(byGuid).toMatchObject({ name: 'Default', options: {}, devices: [], users: [], device_groups: [] });
  });

  it('disable and enable change the status', async () => {
    expect(await ok(['disable', '--name', 'Lockdown'])).toBe("Success: strategy 'Lockdown' disabled\n");
    expect((await detail('Lockdown')).enabled).toBe(false);
    await ok(['enable', '--name', 'Lockdown']);
    expect((await detail('Lockdown')).enabled).toBe(true);
  });

  it('assign gives the strategy to devices, users and device groups by name, ID or guid; unassign takes it away', async () => {
    const device = await cli.t.db
      .selectFrom('devices')
      .select('guid')
      .where('peer_id', '=', '987654321')
      .executeTakeFirstOrThrow();
    const assigned = await run(
      [
        'assign',
        '--name',
        'Lockdown',
        '--peers',
        `1849118658, ${device.guid}`,
        '--users',
        'mike',
        '--device-groups',
        'Production',
      ],
      { tty: true },
    );
    expect(assigned.code).toBe(0);
    expect(assigned.out).toBe("Success: Assigned strategy 'Lockdown' to 4 target(s)\n");
    // On a terminal, the name lookups show how far they got.
    expect(assigned.err).toContain('Looking up targets 4/4');

    const given = await detail('Lockdown');
    expect(given.devices.map((d) => d.id).sort()).toEqual(['1849118658', '987654321']);
    expect(given.users.map((u) => u.name)).toEqual(['mike']);
    expect(given.device_groups.map((g) => g.name)).toEqual(['Production']);
    expect(await ok(['view', '--name', 'Lockdown'])).toMatch(/^Given to users:\s+mike$/m);

    expect(await ok(['unassign', '--peers', '1849118658', '--users', 'mike'])).toBe(
      'Success: Unassigned strategy from 2 target(s)\n',
    );
    const after = await detail('Lockdown');
    expect(after.devices.map((d) => d.id)).toEqual(['987654321']);
    expect(after.users).toEqual([]);
    expect(after.device_groups.map((g) => g.name)).toEqual(['Production']);
  });

  it('names the problem: unknown strategy or target, missing flags, bad token, missing permission', async () => {
    const expectations: Array<[string[], 1 | 2, string]> = [
      [['view'], 2, '--name or --guid is required for view command'],
      [['enable'], 2, '--name or --guid is required for enable command'],
      [['view', '--name', 'Nope'], 1, "Strategy 'Nope' not found"],
      [['view', '--guid', 'not-a-guid'], 2, '--guid must be a 36-character GUID'],
      [['view', '--guid', 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'], 2, '--guid must be a 36-character GUID'],
      [
        ['assign', '--name', 'Lockdown'],
        2,
        'at least one of --peers, --users, or --device-groups is required',
      ],
      [['assign', '--name', 'Lockdown', '--peers', '555'], 1, "Device '555' not found"],
      [['assign', '--name', 'Lockdown', '--users', 'nobody'], 1, "User 'nobody' not found"],
      [['unassign', '--device-groups', 'Staging'], 1, "Device group 'Staging' not found"],
      [
        ['assign', '--name', 'Lockdown', '--peer', '1849118658'],
        2,
        'unknown option --peer of strategies assign',
      ],
    ];
    for (const [args, code, message] of expectations) {
      expect(await fails(args, code)).toContain(`Error: ${message}`);
    }

    const badToken = await fails(['list'], 1, { token: 'rdct_wrong' });
    expect(badToken).toContain('Invalid or expired API token');

    const strategyOnly = await cli.t.apiToken({ strategy: 'rw' });
    const refused = await fails(['assign', '--name', 'Lockdown', '--users', 'mike'], 1, {
      token: strategyOnly,
    });
    expect(refused).toContain('This API token lacks the user:r permission');
    expect((await detail('Lockdown')).users).toEqual([]);
  });

  it('runs as the real command', async () => {
    const listed = JSON.parse(await cli.spawnOk(['list', '--json'])) as { name: string }[];
    expect(listed.map((s) => s.name).sort()).toEqual(['Default', 'Lockdown']);
  });
});
