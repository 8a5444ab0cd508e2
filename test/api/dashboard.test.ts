import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { DAY_MS, HOUR_MS } from '../../src/lib/clock.js';
import { uuidv7 } from '../../src/lib/ids.js';
import { VERSION } from '../../src/version.js';
import { heartbeatBody } from '../helpers/client.js';
import { createDevice, createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('GET /api/dashboard (the Welcome page)', () => {
  let t: TestApp;
  let aliceId: number;
  beforeAll(async () => {
    t = await startTestApp();
    aliceId = await createUser(t.db, { name: 'alice', password: 'alice-pass' });
    await createUser(t.db, { name: 'bob', password: 'bob-pass', status: 0 });
    const now = t.clock.now;
    const hours = (n: number) => now - n * HOUR_MS;
    await createDevice(t.db, { peerId: '100000001', userId: aliceId });
    await createDevice(t.db, { peerId: '100000002', userId: aliceId, lastOnline: now - 10 * DAY_MS });
    await createDevice(t.db, { peerId: '100000003', status: 0 });
    await createDevice(t.db, { peerId: '100000004', lastOnline: now - 3 * DAY_MS });
    await createDevice(t.db, { peerId: '100000005', lastOnline: now - 40 * DAY_MS });
    await createDevice(t.db, { peerId: '100000006', userId: aliceId, lastOnline: null });
    // Connections and alarms of the last 24 hours count, older ones not; a device not registered counts
    // for an administrator (the log shows its records) and for no user.
    const conn = (peerId: string, at: number) => ({
      guid: uuidv7(),
      device_peer_id: peerId,
      conn_id: 1,
      created_at: at,
    });
    await t.db
      .insertInto('conn_audits')
      .values([
        conn('100000001', hours(1)),
        conn('100000001', hours(23)),
        conn('100000001', hours(25)),
        conn('100000003', hours(2)),
        conn('999999999', hours(1)),
      ])
      .execute();
    const alarm = (peerId: string, at: number) => ({ ...conn(peerId, at), typ: 2 });
    await t.db
      .insertInto('alarm_audits')
      .values([alarm('100000002', hours(5)), alarm('100000004', hours(30)), alarm('100000003', hours(0.1))])
      .execute();
    await t.app.services.settings.update(
      {
        server_public_key: 'OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=',
        relay_servers: ['relay.example.net:21117'],
      },
      SYSTEM_ACTOR,
    );
    for (const id of ['100000001', '100000003']) {
      expect((await t.call('POST', '/api/heartbeat', { body: heartbeatBody(id) })).statusCode).toBe(200);
    }
  });
  afterAll(() => t.close());

  it('an administrator sees the whole server: every user and device, and those online now', async () => {
    const response = await t.call('GET', '/api/dashboard', { token: await t.adminSession() });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      version: VERSION,
      users: 3,
      devices: 6,
      devices_online: 2,
      devices_seen_7_days: 3,
      devices_seen_30_days: 4,
      connections_24_hours: 4,
      alarms_24_hours: 2,
      server_public_key: 'OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=',
      relay_servers: ['relay.example.net:21117'],
      api_server_hint: 'http://localhost:80',
    });
  });

  it('anyone else sees their own devices and counts as the one user', async () => {
    const token = await t.login('alice', 'alice-pass');
    const body = (await t.call('GET', '/api/dashboard', { token })).json();
    expect(body).toMatchObject({
      users: 1,
      devices: 3,
      devices_online: 1,
      devices_seen_7_days: 1,
      devices_seen_30_days: 2,
      connections_24_hours: 2,
      alarms_24_hours: 1,
      version: VERSION,
    });
    expect(body.server_public_key).toBe('OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=');
  });

  it('when only administrators may read the logs, anyone else gets no log figures', async () => {
    await t.app.services.settings.update({ only_admin_can_access_logs: true }, SYSTEM_ACTOR);
    try {
      const alice = (
        await t.call('GET', '/api/dashboard', { token: await t.login('alice', 'alice-pass') })
      ).json();
      expect(alice).toMatchObject({
        devices_seen_7_days: 1,
        connections_24_hours: null,
        alarms_24_hours: null,
      });
      const admin = (await t.call('GET', '/api/dashboard', { token: await t.adminSession() })).json();
      expect(admin).toMatchObject({ connections_24_hours: 4, alarms_24_hours: 2 });
    } finally {
      await t.app.services.settings.update({ only_admin_can_access_logs: false }, SYSTEM_ACTOR);
    }
  });

  it('the windows move with time: a day later the records are older than 24 hours', async () => {
    t.clock.advance(DAY_MS);
    const body = (await t.call('GET', '/api/dashboard', { token: await t.adminSession() })).json();
    expect(body).toMatchObject({
      devices_online: 0,
      devices_seen_7_days: 3,
      connections_24_hours: 0,
      alarms_24_hours: 0,
    });
    t.clock.advance(-DAY_MS);
  });

  it('a device stops counting as online 45 s after its last heartbeat', async () => {
    t.clock.advance(46_000);
    const body = (await t.call('GET', '/api/dashboard', { token: await t.adminSession() })).json();
    expect(body.devices_online).toBe(0);
  });

  it('api_server_hint is the address the request came to', async () => {
    const response = await t.call('GET', '/api/dashboard', {
      token: await t.adminSession(),
      headers: { host: 'rustdesk.example.net:21114' },
    });
    expect(response.json().api_server_hint).toBe('http://rustdesk.example.net:21114');
  });

  it('needs a login session: none is 401, an API token is 403', async () => {
    expect((await t.call('GET', '/api/dashboard')).statusCode).toBe(401);
    const token = await t.apiToken({ device: 'rw', user: 'rw' });
    const response = await t.call('GET', '/api/dashboard', { token });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: expect.any(String), code: 'token_not_allowed' });
  });
});
