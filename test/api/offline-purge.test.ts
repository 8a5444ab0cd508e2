import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../../src/domain/console-audit/codes.js';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { DAY_MS } from '../../src/lib/clock.js';
import { uuidv7 } from '../../src/lib/ids.js';
import { heartbeatBody } from '../helpers/client.js';
import { createDevice } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** Settings → Others "delete devices offline for more than N days" and the hourly purge it drives. */
describe('deleting devices offline for more than N days', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
  });
  afterAll(() => t.close());

  const peerIds = async () =>
    (await t.db.selectFrom('devices').select('peer_id').orderBy('peer_id').execute()).map((d) => d.peer_id);
  const purgeRecords = () =>
    t.db
      .selectFrom('console_audits')
      .select(['operator', 'operator_id', 'typ', 'iop', 'detail'])
      .where('typ', '=', CONSOLE_AREA.device)
      .where('iop', '=', CONSOLE_OPERATION.deleteDevice)
      .orderBy('id')
      .execute();
  const setDays = (days: unknown) =>
    t.call('PATCH', '/api/settings', { token: admin, body: { delete_devices_offline_days: days } });

  it('is off by default: nothing is deleted however old', async () => {
    const settings = (await t.call('GET', '/api/settings', { token: admin })).json();
    expect(settings.delete_devices_offline_days).toBe(0);
    const now = t.clock.now;
    await createDevice(t.db, { peerId: '300000001', createdAt: now - 900 * DAY_MS, lastOnline: null });
    expect(await t.app.services.deviceManagement.purgeOffline()).toEqual([]);
    expect(await peerIds()).toEqual(['300000001']);
    expect(await purgeRecords()).toEqual([]);
  });

  it.each([
    [-1, 'delete_devices_offline_days must be >= 0'],
    [3651, 'delete_devices_offline_days must be <= 3650'],
    [2.5, 'delete_devices_offline_days must be integer'],
    ['30', 'delete_devices_offline_days must be integer'],
    [null, 'delete_devices_offline_days must be integer'],
  ])('the setting refuses %j with 400', async (days, message) => {
    const response = await setDays(days);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe(message);
    expect((await t.app.services.settings.get()).delete_devices_offline_days).toBe(0);
  });

  it('the service refuses a value out of range from any caller', async () => {
    await expect(
      t.app.services.settings.update({ delete_devices_offline_days: 5000 }, SYSTEM_ACTOR),
    ).rejects.toMatchObject({
      status: 400,
      code: 'field_not_whole_number',
      message: 'delete_devices_offline_days must be a whole number from 0 to 3650',
    });
  });

  it('removes the devices offline for longer, counting never-online ones from their registration, in one audited run', async () => {
    const now = t.clock.now;
    const day = DAY_MS;
    // 300000001 (never online, registered 900 days ago) is there from the first test.
    await createDevice(t.db, { peerId: '300000002', lastOnline: now - 31 * day, createdAt: now - 400 * day });
    await createDevice(t.db, { peerId: '300000003', lastOnline: now - 29 * day, createdAt: now - 400 * day });
    await createDevice(t.db, { peerId: '300000004', lastOnline: null, createdAt: now - 2 * day });
    await createDevice(t.db, { peerId: '300000005', lastOnline: now - 90 * day, status: 0 });
    // Stored as long offline, but its heartbeat arrived a moment ago and is not written yet.
    await createDevice(t.db, { peerId: '300000006', lastOnline: now - 90 * day });
    expect((await t.call('POST', '/api/heartbeat', { body: heartbeatBody('300000006') })).json()).toEqual({});
    await createDevice(t.db, { peerId: '300000007', lastOnline: now - 31 * day });
    expect((await t.call('POST', '/api/heartbeat', { body: heartbeatBody('300000007') })).statusCode).toBe(
      200,
    );
    t.clock.advance(60_000);

    const response = await setDays(30);
    expect(response.statusCode).toBe(200);
    expect(response.json().delete_devices_offline_days).toBe(30);
    const settingsRecord = await t.db
      .selectFrom('console_audits')
      .select(['operator', 'detail'])
      .where('typ', '=', CONSOLE_AREA.settings)
      .executeTakeFirstOrThrow();
    expect(settingsRecord).toEqual({
      operator: 'admin',
      detail: 'settings: delete_devices_offline_days = 30',
    });

    // 300000007 went quiet again but its heartbeat is still newer than the cutoff in memory.
    expect(await t.app.services.deviceManagement.purgeOffline()).toEqual([
      '300000001',
      '300000002',
      '300000005',
    ]);
    expect(await peerIds()).toEqual(['300000003', '300000004', '300000006', '300000007']);
    expect(await purgeRecords()).toEqual([
      {
        operator: 'rdconsole',
        operator_id: null,
        typ: CONSOLE_AREA.device,
        iop: CONSOLE_OPERATION.deleteDevice,
        detail:
          'devices offline for more than 30 days (setting delete_devices_offline_days), removed 3: ' +
          '300000001, 300000002, 300000005',
      },
    ]);
    // The console log shows the run like any other deletion.
    const listed = await t.call('GET', '/api/audits/console', {
      token: admin,
      query: { operator: 'rdconsole', current: '1', pageSize: '10' },
    });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().data[0]).toMatchObject({
      operator: 'rdconsole',
      iop: CONSOLE_OPERATION.deleteDevice,
    });

    // A second run finds nothing and records nothing.
    expect(await t.app.services.deviceManagement.purgeOffline()).toEqual([]);
    expect(await purgeRecords()).toHaveLength(1);
  });

  it('a removed device is gone as after a delete through the API: its heartbeat is asked to register', async () => {
    const now = t.clock.now;
    await createDevice(t.db, { peerId: '300000008', lastOnline: now - 10 * DAY_MS });
    expect((await t.call('POST', '/api/heartbeat', { body: heartbeatBody('300000008') })).json()).toEqual({});
    t.clock.advance(40 * DAY_MS);
    expect(await t.app.services.deviceManagement.purgeOffline()).toContain('300000008');
    expect((await t.call('POST', '/api/heartbeat', { body: heartbeatBody('300000008') })).json()).toEqual({
      sysinfo: true,
    });
  });

  it('a large fleet goes in batches, still one record per run, with its count and the first IDs', async () => {
    await t.db.deleteFrom('devices').execute();
    await t.db.deleteFrom('console_audits').execute();
    const old = t.clock.now - 31 * DAY_MS;
    const ids = Array.from({ length: 1203 }, (_, i) => String(400_000_000 + i));
    for (let start = 0; start < ids.length; start += 200) {
      await t.db
        .insertInto('devices')
        .values(
          ids.slice(start, start + 200).map((peerId) => ({
            guid: uuidv7(),
            peer_id: peerId,
            uuid: `uuid-${peerId}`,
            status: 1,
            user_id: null,
            device_group_id: null,
            note: '',
            hostname: '',
            username: '',
            os: '',
            cpu: '',
            memory: '',
            version: '',
            created_at: old,
            updated_at: old,
            last_online: old,
          })),
        )
        .execute();
    }
    await createDevice(t.db, { peerId: '499999999', lastOnline: t.clock.now });

    const removed = await t.app.services.deviceManagement.purgeOffline();
    expect(removed).toEqual(ids);
    expect(await peerIds()).toEqual(['499999999']);
    const records = await purgeRecords();
    expect(records).toHaveLength(1);
    const detail = records[0]?.detail ?? '';
    expect(detail).toMatch(
      /^devices offline for more than 30 days \(setting delete_devices_offline_days\), removed 1203: 400000000, 400000001, /,
    );
    expect(detail).toContain('400000099 and 1103 more');
  });
});
