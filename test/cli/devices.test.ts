import { beforeAll, describe, expect, it } from 'vitest';
import { formatTime } from '../../src/cli/manage/output.js';
import { liveCli } from '../helpers/cli-live.js';
import { TEST_DIALECT } from '../helpers/database.js';
import {
  createDevice,
  createDeviceGroup,
  createSharedBook,
  createUser,
  createUserGroup,
} from '../helpers/factories.js';

const DAY = 24 * 60 * 60 * 1000;

/** `rdconsole devices` (devices.py, admin-api.md §2) against a live server on a fresh database. */
describe(`rdconsole devices (${TEST_DIALECT})`, () => {
  const cli = liveCli('devices', { device: 'rw' });
  const { run, ok, fails } = cli;
  let recentlySeen: number;

  async function ids(args: string[]): Promise<string[]> {
    return (JSON.parse(await ok(['view', ...args, '--json'])) as { id: string }[]).map((d) => d.id).sort();
  }

  function device(peerId: string) {
    return cli.t.db
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
    const sales = await createUserGroup(cli.t.db, 'Sales');
    const mike = await createUser(cli.t.db, { name: 'mike', password: 'mike-pass-1', groupId: sales });
    await createUser(cli.t.db, { name: 'anna', password: 'anna-pass-1' });
    const production = await createDeviceGroup(cli.t.db, 'Production');
    await createDeviceGroup(cli.t.db, 'Lab');
    await createSharedBook(cli.t.db, { name: 'Customers' });
    await createDevice(cli.t.db, { peerId: '111000111', hostname: 'PC01', userId: mike });
    await createDevice(cli.t.db, {
      peerId: '111000222',
      hostname: 'PC02',
      userId: mike,
      deviceGroupId: production,
    });
    await createDevice(cli.t.db, { peerId: '333000333', hostname: 'kiosk', username: 'shop' });
    recentlySeen = cli.t.clock.now - 2 * DAY;
    await cli.t.db
      .updateTable('devices')
      .set({ last_online: recentlySeen })
      .where('peer_id', '=', '111000111')
      .execute();
    await cli.t.db
      .updateTable('devices')
      .set({ last_online: cli.t.clock.now - 40 * DAY })
      .where('peer_id', '=', '111000222')
      .execute();
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

    const notNumber = await fails(['view', '--offline_days', 'week'], 2);
    expect(notNumber).toContain('Error: --offline_days must be a whole number, got "week"');
    const negative = await fails(['view', '--offline_days', '-1'], 2);
    expect(negative).toContain('Error: --offline_days must be 0 or more');
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
    const peer = await cli.t.db
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
    const noEquals = await fails(['assign', '--id', '333000333', '--assign_to', 'mike'], 2);
    expect(noEquals).toContain('Error: Invalid assign_to format, it must be <type>=<value>');
    const badType = await fails(['assign', '--id', '333000333', '--assign_to', 'owner=mike'], 2);
    expect(badType).toContain(
      'Invalid type "owner" in --assign_to, it must be one of: ab, strategy_name, user_name',
    );
    const missing = await fails(['assign', '--id', '333000333'], 2);
    expect(missing).toContain('Error: --assign_to is required');

    const unknownUser = await fails(['assign', '--id', '333000333', '--assign_to', 'user_name=ghost'], 1);
    expect(unknownUser).toMatch(/^Error: 333000333: .*ghost/);
    const unknownGroup = await fails(
      ['assign', '--id', '333000333', '--assign_to', 'device_group_name=Nope'],
      1,
    );
    expect(unknownGroup).toMatch(/^Error: 333000333: .*Nope/);
    expect(await device('333000333')).toMatchObject({ group_name: 'Lab' });
  });

  it('asks before acting on several devices, then disables and enables them', async () => {
    const declined = await run(['disable', '--user_name', 'mike'], { input: '\n' });
    expect(declined.code).toBe(0);
    expect(declined.err).toContain(
      "Found 2 devices. Do you want to proceed with disable operation on the devices? (Y/N)\nType 'Y' to confirm: ",
    );
    expect(declined.err).toContain('Operation cancelled.');
    expect((await device('111000111'))?.status).toBe(1);

    const confirmed = await run(['disable', '--user_name', 'mike'], { input: 'Y\n' });
    expect(confirmed.code).toBe(0);
    expect(confirmed.err).not.toContain('cancelled');
    expect(confirmed.out).toBe('Success: Disabled 2 device(s): 111000111, 111000222\n');
    expect((await device('111000111'))?.status).toBe(0);
    expect((await device('111000222'))?.status).toBe(0);
    expect(await ids(['--user_name', 'mike'])).toHaveLength(2);

    const enabled = await run(['enable', '--id', '111000111']);
    expect(enabled.out).toBe('Success: Enabled 1 device(s): 111000111\n');
    expect((await device('111000111'))?.status).toBe(1);
    expect(await ok(['enable', '--id', '999'])).toBe('Found 0 devices\n');
  });

  it('deletes only disabled devices, naming the one refused', async () => {
    const refused = await fails(['delete', '--id', '111000111'], 1);
    expect(refused).toMatch(/^Error: 111000111: .*disable/i);
    expect(await device('111000111')).toBeDefined();

    const deleted = await run(['delete', '--id', '111000222', '--json']);
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.out)).toEqual({ deleted: ['111000222'] });
    expect(await device('111000222')).toBeUndefined();
  });

  it('shows progress on a terminal for several devices, and fails on a bad token', async () => {
    const progress = await run(['assign', '--assign_to', 'note=batch', '--yes'], { tty: true });
    expect(progress.code).toBe(0);
    expect(progress.err).toContain('Assigning 2/2');
    expect((await device('111000111'))?.note).toBe('batch');
    const bad = await fails(['view'], 1, { token: 'wrong' });
    expect(bad).toContain('(HTTP 401 on GET /api/devices)');
  });

  it('runs as the real rdconsole command', async () => {
    expect(JSON.parse(await cli.spawnOk(['view', '--id', '111000111', '--json']))).toEqual([
      expect.objectContaining({ id: '111000111', user_name: 'mike' }),
    ]);
  });
});
