import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/manage/io.js';
import { runCli } from '../../src/cli/manage/tool.js';
import { runRdconsole } from '../helpers/cli.js';
import { TEST_DIALECT } from '../helpers/database.js';
import { createDevice, createDeviceGroup, createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

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
  let t: TestApp;
  let url: string;
  let token: string;
  const guids: Record<string, string> = {};

  async function strategies(args: string[], options: { token?: string; tty?: boolean } = {}) {
    const io = memoryIo({
      tty: options.tty,
      env: { RDCONSOLE_URL: url, RDCONSOLE_TOKEN: options.token ?? token },
    });
    const code = await runCli(['strategies', ...args], io);
    return { code, out: io.out, err: io.err };
  }

  async function ok(args: string[]): Promise<string> {
    const result = await strategies(args);
    expect(result.err, result.out).toBe('');
    expect(result.code).toBe(0);
    return result.out;
  }

  async function detail(name: string): Promise<Detail> {
    const response = await t.call('GET', `/api/strategies/${guids[name]}`, { token });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Detail;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('not listening');
    url = `http://127.0.0.1:${address.port}`;
    token = await t.apiToken({ strategy: 'rw', device: 'r', user: 'r', device_group: 'r' });
    const admin = await t.adminSession();
    for (const [name, options] of [
      ['Default', {}],
      ['Lockdown', { 'enable-clipboard': 'N', 'enable-file-transfer': 'N' }],
    ] as const) {
      const response = await t.call('POST', '/api/strategies', { token: admin, body: { name, options } });
      expect(response.statusCode, response.body).toBe(200);
      guids[name] = response.json().guid;
    }
    await createUser(t.db, { name: 'mike', password: 'mike-pass-1' });
    await createDevice(t.db, { peerId: '1849118658' });
    await createDevice(t.db, { peerId: '987654321' });
    await createDeviceGroup(t.db, 'Production');
  });
  afterAll(() => t.close());

  it('list shows every strategy; --json gives the server’s array', async () => {
    const table = await ok(['list']);
    expect(table.split('\n')[0]).toMatch(/^Name\s+GUID\s+Enabled\s+Devices\s+Options\s+Updated\s+Note$/);
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
    const device = await t.db
      .selectFrom('devices')
      .select('guid')
      .where('peer_id', '=', '987654321')
      .executeTakeFirstOrThrow();
    const assigned = await strategies(
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
    const expectations: Array<[string[], number, string]> = [
      [['view'], 2, '--name or --guid is required for view command'],
      [['enable'], 2, '--name or --guid is required for enable command'],
      [['view', '--name', 'Nope'], 1, "Strategy 'Nope' not found"],
      [['view', '--guid', 'not-a-guid'], 2, '--guid must be a 36-character GUID'],
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
      const result = await strategies(args);
      expect(result.code, message).toBe(code);
      expect(result.out).toBe('');
      expect(result.err).toContain(`Error: ${message}`);
    }

    const badToken = await strategies(['list'], { token: 'rdct_wrong' });
    expect(badToken.code).toBe(1);
    expect(badToken.err).toContain('Invalid or expired API token');

    const strategyOnly = await t.apiToken({ strategy: 'rw' });
    const refused = await strategies(['assign', '--name', 'Lockdown', '--users', 'mike'], {
      token: strategyOnly,
    });
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('This API token lacks the user:r permission');
    expect((await detail('Lockdown')).users).toEqual([]);
  });

  it('runs as the real command', async () => {
    const finished = await runRdconsole(['strategies', 'list', '--json'], {
      RDCONSOLE_URL: url,
      RDCONSOLE_TOKEN: token,
    });
    expect(finished.stderr).toBe('');
    expect(finished.code).toBe(0);
    expect((JSON.parse(finished.stdout) as { name: string }[]).map((s) => s.name).sort()).toEqual([
      'Default',
      'Lockdown',
    ]);
  });
});
