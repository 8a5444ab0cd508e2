import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/manage/io.js';
import { formatTime } from '../../src/cli/manage/output.js';
import { runCli } from '../../src/cli/manage/tool.js';
import { runRdconsole } from '../helpers/cli.js';
import { TEST_DIALECT } from '../helpers/database.js';
import {
  createDevice,
  createDeviceGroup,
  createSharedBook,
  createUser,
  createUserGroup,
} from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const DAY = 24 * 60 * 60 * 1000;

/** `rdconsole devices` (devices.py, admin-api.md §2) against a live server on a fresh database. */
describe(`rdconsole devices (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let url: string;
  let token: string;
  let recentlySeen: number;

  async function devices(args: string[], options: { token?: string; input?: string; tty?: boolean } = {}) {
    const io = memoryIo({
      input: options.input,
      tty: options.tty,
      env: { RDCONSOLE_URL: url, RDCONSOLE_TOKEN: options.token ?? token },
    });
    const code = await runCli(['devices', ...args], io);
    return { code, out: io.out, err: io.err };
  }

  async function ok(args: string[]): Promise<string> {
    const result = await devices(args);
    expect(result.err, result.out).toBe('');
    expect(result.code).toBe(0);
    return result.out;
  }

  async function ids(args: string[]): Promise<string[]> {
    return (JSON.parse(await ok(['view', ...args, '--json'])) as { id: string }[]).map((d) => d.id).sort();
  }

  function device(peerId: string) {
    return t.db
      .selectFrom('devices')
      .leftJoin('users', 'users.id', 'devices.user_id')
      .leftJoin('device_groups', 'device_groups.id', 'devices.device_group_id')
      .select([
        'devices.status',
        'devices.note',
        'users.name as user_name',
        'device_groups.name as group_name',
      ])
      .where('devices.peer_id', '=', peerId)
      .executeTakeFirst();
  }

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('not listening');
    url = `http://127.0.0.1:${address.port}`;
    token = await t.apiToken({ device: 'rw' });
    const sales = await createUserGroup(t.db, 'Sales');
    const mike = await createUser(t.db, { name: 'mike', password: 'mike-pass-1', groupId: sales });
    await createUser(t.db, { name: 'anna', password: 'anna-pass-1' });
    const production = await createDeviceGroup(t.db, 'Production');
    await createDeviceGroup(t.db, 'Lab');
    await createSharedBook(t.db, { name: 'Customers' });
    await createDevice(t.db, { peerId: '111000111', hostname: 'PC01', userId: mike });
    await createDevice(t.db, {
      peerId: '111000222',
      hostname: 'PC02',
      userId: mike,
      deviceGroupId: production,
    });
    await createDevice(t.db, { peerId: '333000333', hostname: 'kiosk', username: 'shop' });
    recentlySeen = t.clock.now - 2 * DAY;
    await t.db
      .updateTable('devices')
      .set({ last_online: recentlySeen })
      .where('peer_id', '=', '111000111')
      .execute();
    await t.db
      .updateTable('devices')
      .set({ last_online: t.clock.now - 40 * DAY })
      .where('peer_id', '=', '111000222')
      .execute();
  });
  afterAll(async () => {
    await t.close();
  });

  it('views devices as a table with local times, or as JSON', async () => {
    const table = await ok(['view']);
    expect(table.split('\n')[0]).toMatch(
      /^ID +NAME +OS USER +USER +USER GROUP +DEVICE GROUP +STRATEGY +STATUS +ONLINE +LAST ONLINE +NOTE$/,
    );
    const seen = formatTime(recentlySeen);
    expect(table).toMatch(new RegExp(`\\n111000111 +PC01 +user +mike +Sales +enabled +no +${seen}`));
    expect(table).toMatch(/\n111000222 +PC02 +user +mike +Sales +Production +enabled/);
    expect(table).toMatch(/\n333000333 +kiosk +shop +enabled +no +\d{4}-/);
    expect(await ids([])).toEqual(['111000111', '111000222', '333000333']);
  });

  it('filters like devices.py: fuzzy values, "-" for none, and offline days', async () => {
    expect(await ids(['--id', '1000'])).toEqual(['111000111', '111000222']);
    expect(await ids(['--device_name', 'pc0'])).toEqual(['111000111', '111000222']);
    expect(await ids(['--user_name', '-'])).toEqual(['333000333']);
    expect(await ids(['--group_name', 'sales'])).toEqual(['111000111', '111000222']);
    expect(await ids(['--device_group_name', 'Production'])).toEqual(['111000222']);
    expect(await ids(['--device-group-name', '-'])).toEqual(['111000111', '333000333']);
    expect(await ids(['--offline_days', '30'])).toEqual(['111000222', '333000333']);
    expect(await ok(['view', '--id', '999'])).toBe('Found 0 devices\n');

    const notNumber = await devices(['view', '--offline_days', 'week']);
    expect(notNumber.code).toBe(2);
    expect(notNumber.err).toContain('Error: --offline_days must be a whole number, got "week"');
    const negative = await devices(['view', '--offline_days', '-1']);
    expect(negative.code).toBe(2);
    expect(negative.err).toContain('Error: --offline_days must be 0 or more');
  });

  it('assigns a device to a user, a device group, an address book, a note and a name', async () => {
    expect(await ok(['assign', '--device_name', 'kiosk', '--assign_to', 'user_name=anna'])).toBe(
      'Success: Assigned 1 device(s): 333000333\n',
    );
    expect(await device('333000333')).toMatchObject({ user_name: 'anna' });
    await ok(['assign', '--id', '333000333', '--assign_to', 'device_group_name=Lab']);
    await ok(['assign', '--id', '333000333', '--assign_to', 'note=front desk, ground floor']);
    expect(await device('333000333')).toMatchObject({ group_name: 'Lab', note: 'front desk, ground floor' });
    await ok(['assign', '--id', '333000333', '--assign_to', 'device_name=Kiosk-1']);
    expect(await ids(['--device_name', 'Kiosk-1'])).toEqual(['333000333']);

    await ok(['assign', '--id', '333000333', '--assign_to', 'ab=Customers,shops,Front kiosk']);
    const peer = await t.db
      .selectFrom('ab_peers')
      .innerJoin('address_books', 'address_books.id', 'ab_peers.ab_id')
      .select(['ab_peers.alias', 'ab_peers.tags'])
      .where('address_books.name', '=', 'Customers')
      .where('ab_peers.peer_id', '=', '333000333')
      .executeTakeFirst();
    expect(peer).toMatchObject({ alias: 'Front kiosk' });
    expect(JSON.parse(peer?.tags ?? '[]')).toEqual(['shops']);

    expect(await ok(['assign', '--id', '333000333', '--assign_to', 'user_name='])).toContain('Success');
    expect(await device('333000333')).toMatchObject({ user_name: null });
  });

  it('refuses a wrong --assign_to before sending, and reports unknown names from the server', async () => {
    const noEquals = await devices(['assign', '--id', '333000333', '--assign_to', 'mike']);
    expect(noEquals.code).toBe(2);
    expect(noEquals.err).toContain('Error: Invalid assign_to format, it must be <type>=<value>');
    const badType = await devices(['assign', '--id', '333000333', '--assign_to', 'owner=mike']);
    expect(badType.code).toBe(2);
    expect(badType.err).toContain(
      'Invalid type "owner" in --assign_to, it must be one of: ab, strategy_name, user_name',
    );
    const missing = await devices(['assign', '--id', '333000333']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Error: --assign_to is required');

    const unknownUser = await devices(['assign', '--id', '333000333', '--assign_to', 'user_name=ghost']);
    expect(unknownUser.code).toBe(1);
    expect(unknownUser.err).toMatch(/^Error: 333000333: .*ghost/);
    const unknownGroup = await devices([
      'assign',
      '--id',
      '333000333',
      '--assign_to',
      'device_group_name=Nope',
    ]);
    expect(unknownGroup.code).toBe(1);
    expect(unknownGroup.err).toMatch(/^Error: 333000333: .*Nope/);
    expect(await device('333000333')).toMatchObject({ group_name: 'Lab' });
  });

  it('asks before acting on several devices, then disables and enables them', async () => {
    const declined = await devices(['disable', '--user_name', 'mike'], { input: '\n' });
    expect(declined.code).toBe(0);
    expect(declined.err).toContain(
      "Found 2 devices. Do you want to proceed with disable operation on the devices? (Y/N)\nType 'Y' to confirm: ",
    );
    expect(declined.err).toContain('Operation cancelled.');
    expect((await device('111000111'))?.status).toBe(1);

    const confirmed = await devices(['disable', '--user_name', 'mike'], { input: 'Y\n' });
    expect(confirmed.code).toBe(0);
    expect(confirmed.err).not.toContain('cancelled');
    expect(confirmed.out).toBe('Success: Disabled 2 device(s): 111000111, 111000222\n');
    expect((await device('111000111'))?.status).toBe(0);
    expect((await device('111000222'))?.status).toBe(0);
    expect(await ids(['--user_name', 'mike'])).toHaveLength(2);

    const enabled = await devices(['enable', '--id', '111000111']);
    expect(enabled.out).toBe('Success: Enabled 1 device(s): 111000111\n');
    expect((await device('111000111'))?.status).toBe(1);
    expect(await ok(['enable', '--id', '999'])).toBe('Found 0 devices\n');
  });

  it('deletes only disabled devices, naming the one refused', async () => {
    const refused = await devices(['delete', '--id', '111000111']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^Error: 111000111: .*disable/i);
    expect(await device('111000111')).toBeDefined();

    const deleted = await devices(['delete', '--id', '111000222', '--json']);
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.out)).toEqual({ deleted: ['111000222'] });
    expect(await device('111000222')).toBeUndefined();
  });

  it('shows progress on a terminal for several devices, and fails on a bad token', async () => {
    const progress = await devices(['assign', '--assign_to', 'note=batch', '--yes'], { tty: true });
    expect(progress.code).toBe(0);
    expect(progress.err).toContain('Assigning 2/2');
    expect((await device('111000111'))?.note).toBe('batch');
    const bad = await devices(['view'], { token: 'wrong' });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('(HTTP 401 on GET /api/devices)');
  });

  it('runs as the real rdconsole command', async () => {
    const result = await runRdconsole([
      'devices',
      'view',
      '--id',
      '111000111',
      '--json',
      '--url',
      url,
      '--token',
      token,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ id: '111000111', user_name: 'mike' }),
    ]);
  });
});
