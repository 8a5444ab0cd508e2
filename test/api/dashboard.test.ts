import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
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
    await createDevice(t.db, { peerId: '100000001', userId: aliceId });
    await createDevice(t.db, { peerId: '100000002', userId: aliceId });
    await createDevice(t.db, { peerId: '100000003', status: 0 });
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
      devices: 3,
      devices_online: 2,
      server_public_key: 'OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=',
      relay_servers: ['relay.example.net:21117'],
      api_server_hint: 'http://localhost:80',
    });
  });

  it('anyone else sees their own devices and counts as the one user', async () => {
    const token = await t.login('alice', 'alice-pass');
    const body = (await t.call('GET', '/api/dashboard', { token })).json();
    expect(body).toMatchObject({ users: 1, devices: 2, devices_online: 1, version: VERSION });
    expect(body.server_public_key).toBe('OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=');
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
