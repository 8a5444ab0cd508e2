import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { heartbeatBody, sysinfoBody } from '../helpers/client.js';
import { createSharedBook } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * client-api.md §13, one test per pitfall that applies to this server. (12 and 13 concern 2FA and
 * OIDC, which rdconsole does not offer yet; 15 is the client rewriting https://…:21114 to port 443,
 * which the README's HTTPS advice covers.)
 */
describe('client-api.md §13 pitfalls', () => {
  let t: TestApp;
  let token: string;
  let personal: string;
  let shared: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = await t.adminSession();
    personal = (await t.call('POST', '/api/ab/personal', { token })).json().guid;
    shared = (await createSharedBook(t.db, { name: 'Team' })).guid;
    await t.call('POST', '/api/sysinfo', { body: sysinfoBody('800000001') });
  });
  afterAll(() => t.close());

  it('1. address-book writes answer 200 with an EMPTY body', async () => {
    const add = await t.call('POST', `/api/ab/peer/add/${personal}`, { token, body: { id: '800000002' } });
    expect([add.statusCode, add.body]).toEqual([200, '']);
    const update = await t.call('PUT', `/api/ab/peer/update/${personal}`, {
      token,
      body: { id: '800000002', alias: 'x' },
    });
    expect([update.statusCode, update.body]).toEqual([200, '']);
  });

  it('2. audits answer 2xx with an EMPTY body', async () => {
    const response = await t.call('POST', '/api/audit/alarm', {
      body: {
        id: '800000001',
        uuid: 'u',
        typ: 1,
        info: '{"ip":"10.0.0.9","id":"1","name":"x"}',
        conn_id: 1,
        nonce: 'a1',
      },
    });
    expect([response.statusCode, response.body]).toEqual([200, '']);
  });

  it('3. /api/sysinfo answers exactly SYSINFO_UPDATED as text', async () => {
    const response = await t.call('POST', '/api/sysinfo', { body: sysinfoBody('800000001') });
    expect(response.body).toBe('SYSINFO_UPDATED');
  });

  it('4. session_id is a u64 kept exact, never a float', async () => {
    await t.call('POST', '/api/audit/conn', {
      payload:
        '{"id":"800000001","uuid":"u","conn_id":9,"session_id":18446744073709551615,"nonce":"s1","peer":["1","a"],"type":0}',
    });
    const row = await t.db
      .selectFrom('conn_audits')
      .select('session_id')
      .where('conn_id', '=', 9)
      .executeTakeFirstOrThrow();
    expect(row.session_id).toBe('18446744073709551615');
  });

  it('5. file/alarm info is a JSON-encoded string; conn peer is a 2-element array', async () => {
    const response = await t.call('POST', '/api/audit/file', {
      body: {
        id: '800000001',
        uuid: 'u',
        peer_id: '1',
        conn_id: 9,
        type: 0,
        path: 'C:/x',
        is_file: true,
        info: '{"ip":"10.0.0.9","name":"x","num":1,"files":[["a.txt",3]]}',
        nonce: 'f1',
      },
    });
    expect(response.body).toBe('');
    const row = await t.db.selectFrom('file_audits').selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(row.info)).toMatchObject({ files: [['a.txt', 3]] });
    expect(row.remote_name).toBe('x');
  });

  it('6. strategy options are pushed as strings, and "" reverts a key', async () => {
    const strategy = await t.app.services.strategies.create(
      { name: 'S', options: { 'enable-audio': 'N' } },
      SYSTEM_ACTOR,
    );
    const device = await t.db
      .selectFrom('devices')
      .select('id')
      .where('peer_id', '=', '800000001')
      .executeTakeFirstOrThrow();
    await t.app.services.strategies.assign(
      strategy.id,
      {
        deviceIds: [device.id],
        userIds: [],
        deviceGroupIds: [],
      },
      SYSTEM_ACTOR,
    );
    const pushed = (await t.call('POST', '/api/heartbeat', { body: heartbeatBody('800000001') })).json();
    expect(pushed.strategy.config_options).toEqual({ 'enable-audio': 'N' });
    await t.app.services.strategies.assign(
      null,
      { deviceIds: [device.id], userIds: [], deviceGroupIds: [] },
      SYSTEM_ACTOR,
    );
    const reverted = (
      await t.call('POST', '/api/heartbeat', {
        body: heartbeatBody('800000001', { modified_at: pushed.modified_at }),
      })
    ).json();
    expect(reverted.strategy.config_options).toEqual({ 'enable-audio': '' });
  });

  it('7. the tags of a book are a BARE array with integer colours', async () => {
    await t.call('POST', `/api/ab/tag/add/${personal}`, { token, body: { name: 'red', color: 4294901760 } });
    const tags = (await t.call('POST', `/api/ab/tags/${personal}`, { token })).json();
    expect(tags).toEqual([{ name: 'red', color: 4294901760 }]);
  });

  it('8. peer tags are an array, same_server a bool, and accessible peers carry info as an object', async () => {
    await t.call('POST', `/api/ab/peer/add/${shared}`, { token, body: { id: '800000001', tags: ['red'] } });
    const peer = (await t.call('POST', `/api/ab/peers?ab=${shared}`, { token })).json().data[0];
    expect(Array.isArray(peer.tags)).toBe(true);
    expect(peer.same_server).toBe(true);
    const admin = await t.db
      .selectFrom('users')
      .select('id')
      .where('name', '=', 'admin')
      .executeTakeFirstOrThrow();
    await t.db.updateTable('devices').set({ user_id: admin.id }).where('peer_id', '=', '800000001').execute();
    const accessible = (await t.call('GET', '/api/peers?accessible=&status=1', { token })).json();
    expect(typeof accessible.data[0].info).toBe('object');
  });

  it('9. paged lists carry an integer total and page with current/pageSize', async () => {
    for (const url of [
      '/api/ab/shared/profiles?current=1&pageSize=100',
      `/api/ab/peers?current=1&pageSize=100&ab=${personal}`,
      '/api/peers?current=1&pageSize=100&accessible=&status=1',
      '/api/users?current=1&pageSize=100&accessible=&status=1',
      '/api/device-group/accessible?current=1&pageSize=100',
    ]) {
      const method = url.startsWith('/api/ab') ? 'POST' : 'GET';
      const body = (await t.call(method, url, { token })).json();
      expect(Number.isInteger(body.total), url).toBe(true);
      expect(Array.isArray(body.data), url).toBe(true);
    }
  });

  it('10. an unknown token answers 401 (the client logs out)', async () => {
    const response = await t.call('POST', '/api/currentUser', { token: 'rdcs_unknown' });
    expect(response.statusCode).toBe(401);
  });

  it('11. /api/ab/personal answers a guid, not 404, so clients use the new address-book API', async () => {
    const response = await t.call('POST', '/api/ab/personal', { token });
    expect(response.statusCode).toBe(200);
    expect(response.json().guid).toBe(personal);
  });

  it('14. device endpoints need no credentials', async () => {
    for (const url of ['/api/heartbeat', '/api/sysinfo']) {
      const response = await t.call('POST', url, { body: { ...sysinfoBody('800000001'), ver: 1004090 } });
      expect(response.statusCode, url).toBe(200);
    }
  });

  it('16. HEAD /api/login-options answers', async () => {
    expect((await t.call('HEAD', '/api/login-options')).statusCode).toBe(200);
  });

  it('17. the four address-book read paths answer GET as well as POST', async () => {
    for (const url of [
      '/api/ab/personal',
      '/api/ab/shared/profiles',
      `/api/ab/peers?ab=${personal}`,
      `/api/ab/tags/${personal}`,
    ]) {
      const get = await t.call('GET', url, { token });
      const post = await t.call('POST', url, { token });
      expect([get.statusCode, post.statusCode], url).toEqual([200, 200]);
      expect(get.body, url).toBe(post.body);
    }
  });
});
