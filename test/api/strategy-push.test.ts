import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { heartbeatBody, sysinfoBody } from '../helpers/client.js';
import { createDeviceGroup, createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** A device that heartbeats like the real client: it sends the modified_at it stored last time. */
function simulatedClient(t: TestApp, id: string) {
  let stored = 0;
  const options: Record<string, string> = {};
  return {
    options,
    async heartbeat() {
      const response = await t.call('POST', '/api/heartbeat', {
        body: heartbeatBody(id, { modified_at: stored }),
      });
      const body = response.json();
      if (typeof body.modified_at === 'number') stored = body.modified_at;
      for (const [key, value] of Object.entries(body.strategy?.config_options ?? {})) {
        if (value === '') delete options[key];
        else options[key] = value as string;
      }
      return body;
    },
  };
}

describe('strategy push on heartbeat', () => {
  let t: TestApp;
  let deviceId: number;
  let userId: number;
  let groupId: number;
  beforeAll(async () => {
    t = await startTestApp();
    userId = await createUser(t.db, { name: 'mike', password: 'mike-pass' });
    groupId = await createDeviceGroup(t.db, 'Production');
    await t.call('POST', '/api/sysinfo', { body: sysinfoBody('300000001') });
    const row = await t.db
      .selectFrom('devices')
      .select('id')
      .where('peer_id', '=', '300000001')
      .executeTakeFirstOrThrow();
    deviceId = row.id;
    await t.db
      .updateTable('devices')
      .set({ user_id: userId, device_group_id: groupId })
      .where('id', '=', deviceId)
      .execute();
    t.app.services.deviceDirectory.clear();
  });
  afterAll(() => t.close());

  it('follows the strategy in effect through every change, reverting keys the new one does not set', async () => {
    const { strategies } = t.app.services;
    const client = simulatedClient(t, '300000001');
    expect(await client.heartbeat()).toEqual({});

    const groupStrategy = await strategies.create(
      {
        name: 'Group',
        options: { 'enable-clipboard': 'N', 'enable-audio': 'N' },
      },
      SYSTEM_ACTOR,
    );
    await strategies.assign(
      groupStrategy.id,
      { deviceIds: [], userIds: [], deviceGroupIds: [groupId] },
      SYSTEM_ACTOR,
    );
    const pushed = await client.heartbeat();
    expect(pushed).toEqual({
      modified_at: groupStrategy.updated_at,
      strategy: { config_options: { 'enable-clipboard': 'N', 'enable-audio': 'N' } },
    });
    expect(await client.heartbeat()).toEqual({});

    // The user's strategy wins over the device group's.
    const userStrategy = await strategies.create(
      {
        name: 'User',
        options: { 'enable-audio': 'Y', whitelist: '10.0.0.0/8' },
      },
      SYSTEM_ACTOR,
    );
    await strategies.assign(
      userStrategy.id,
      { deviceIds: [], userIds: [userId], deviceGroupIds: [] },
      SYSTEM_ACTOR,
    );
    const switched = await client.heartbeat();
    expect(switched.strategy.config_options).toEqual({
      'enable-clipboard': '',
      'enable-audio': 'Y',
      whitelist: '10.0.0.0/8',
    });
    expect(client.options).toEqual({ 'enable-audio': 'Y', whitelist: '10.0.0.0/8' });

    // Editing the strategy in effect pushes the edit.
    await strategies.update(
      userStrategy.id,
      { options: { 'enable-audio': 'Y', 'direct-server': 'Y' } },
      SYSTEM_ACTOR,
    );
    const edited = await client.heartbeat();
    expect(edited.strategy.config_options).toEqual({
      whitelist: '',
      'enable-audio': 'Y',
      'direct-server': 'Y',
    });
    expect(client.options).toEqual({ 'enable-audio': 'Y', 'direct-server': 'Y' });

    // The device's own strategy wins over the user's.
    const deviceStrategy = await strategies.create(
      { name: 'Device', options: { 'enable-camera': 'N' } },
      SYSTEM_ACTOR,
    );
    await strategies.assign(
      deviceStrategy.id,
      { deviceIds: [deviceId], userIds: [], deviceGroupIds: [] },
      SYSTEM_ACTOR,
    );
    await client.heartbeat();
    expect(client.options).toEqual({ 'enable-camera': 'N' });

    // Disabled: pushes nothing, so everything it set is reverted.
    await strategies.update(deviceStrategy.id, { enabled: false }, SYSTEM_ACTOR);
    const disabled = await client.heartbeat();
    expect(disabled).toEqual({ modified_at: 0, strategy: { config_options: { 'enable-camera': '' } } });
    expect(client.options).toEqual({});
    expect(await client.heartbeat()).toEqual({});

    // Re-enabled, then unassigned: the user's strategy is in effect again.
    await strategies.update(deviceStrategy.id, { enabled: true }, SYSTEM_ACTOR);
    await client.heartbeat();
    expect(client.options).toEqual({ 'enable-camera': 'N' });
    await strategies.assign(null, { deviceIds: [deviceId], userIds: [], deviceGroupIds: [] }, SYSTEM_ACTOR);
    await client.heartbeat();
    expect(client.options).toEqual({ 'enable-audio': 'Y', 'direct-server': 'Y' });
  });

  it('every pushed value is a JSON string', async () => {
    const { strategies } = t.app.services;
    const strategy = await strategies.create(
      {
        name: 'Strings',
        options: { 'temporary-password-length': '8' },
      },
      SYSTEM_ACTOR,
    );
    await strategies.assign(
      strategy.id,
      { deviceIds: [deviceId], userIds: [], deviceGroupIds: [] },
      SYSTEM_ACTOR,
    );
    const response = await t.call('POST', '/api/heartbeat', {
      body: heartbeatBody('300000001', { modified_at: 1 }),
    });
    const raw = response.body;
    expect(raw).toContain('"temporary-password-length":"8"');
    for (const value of Object.values(response.json().strategy.config_options))
      expect(typeof value).toBe('string');
  });

  it('remembers what it pushed across a restart of the server, to revert it later', async () => {
    const { strategies } = t.app.services;
    const row = await t.db
      .selectFrom('devices')
      .select('strategy_push')
      .where('id', '=', deviceId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.strategy_push).keys).toContain('temporary-password-length');
    t.app.services.deviceDirectory.clear();
    await strategies.assign(
      null,
      { deviceIds: [deviceId], userIds: [userId], deviceGroupIds: [groupId] },
      SYSTEM_ACTOR,
    );
    const current = await t.db
      .selectFrom('strategies')
      .select('updated_at')
      .where('name', '=', 'Strings')
      .executeTakeFirstOrThrow();
    const response = await t.call('POST', '/api/heartbeat', {
      body: heartbeatBody('300000001', { modified_at: current.updated_at }),
    });
    expect(response.json().strategy.config_options).toMatchObject({ 'temporary-password-length': '' });
  });
});
