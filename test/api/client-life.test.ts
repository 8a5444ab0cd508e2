import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { heartbeatBody, sysinfoBody } from '../helpers/client.js';
import { createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * One RustDesk client's life against rdconsole, call by call as client-api.md describes it:
 * the service registers and heartbeats, a user logs in and syncs the address book, a connection is
 * audited, a strategy is pushed, an administrator ends a connection, the user logs out.
 */
describe('a whole client life', () => {
  let t: TestApp;
  const ID = '700000001';
  let stamp = 0;
  let token = '';
  const heartbeat = async (conns: number[] = []) => {
    const body = (
      await t.call('POST', '/api/heartbeat', { body: heartbeatBody(ID, { modified_at: stamp, conns }) })
    ).json();
    if (typeof body.modified_at === 'number') stamp = body.modified_at;
    return body;
  };
  const bearer = () => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t.db, { name: 'mike', password: 'mike-pass' });
  });
  afterAll(() => t.close());

  it('1. the service registers: heartbeat asks for sysinfo, sysinfo answers SYSINFO_UPDATED', async () => {
    expect(await heartbeat()).toEqual({ sysinfo: true });
    const sysinfo = await t.call('POST', '/api/sysinfo', { body: sysinfoBody(ID) });
    expect(sysinfo.body).toBe('SYSINFO_UPDATED');
    expect(await heartbeat()).toEqual({});
  });

  it('2. the user logs in from the client and gets their payload', async () => {
    const login = await t.call('POST', '/api/login', {
      body: {
        username: 'mike',
        password: 'mike-pass',
        id: ID,
        uuid: `uuid-${ID}`,
        autoLogin: true,
        type: 'account',
        deviceInfo: { os: 'windows', type: 'client', name: `pc-${ID}` },
      },
    });
    expect(login.statusCode).toBe(200);
    token = login.json().access_token;
    const me = await t.call('POST', '/api/currentUser', {
      headers: bearer(),
      body: { id: ID, uuid: `uuid-${ID}` },
    });
    expect(me.json()).toMatchObject({ name: 'mike', is_admin: false, info: {} });
  });

  it('3. the address book syncs in the new mode, and a write answers an empty body', async () => {
    const personal = await t.call('POST', '/api/ab/personal', {
      headers: { ...bearer(), 'content-type': 'application/json', 'content-length': '0' },
    });
    expect(personal.statusCode).toBe(200);
    const guid = personal.json().guid as string;
    expect(guid).toMatch(/^[0-9a-f-]{36}$/);
    expect((await t.call('POST', '/api/ab/settings', { headers: bearer() })).json()).toEqual({
      max_peer_one_ab: 0,
      can_share: false,
    });
    const shared = await t.call('POST', '/api/ab/shared/profiles?current=1&pageSize=100', {
      headers: bearer(),
    });
    expect(shared.json()).toEqual({ total: 0, data: [] });

    const addTag = await t.call('POST', `/api/ab/tag/add/${guid}`, {
      headers: bearer(),
      body: { name: 'servers', color: 4280391411 },
    });
    expect(addTag.statusCode).toBe(200);
    expect(addTag.body).toBe('');
    const addPeer = await t.call('POST', `/api/ab/peer/add/${guid}`, {
      headers: bearer(),
      body: { id: '700000002', alias: 'db box', tags: ['servers'], hash: 'aGFzaA==' },
    });
    expect(addPeer.body).toBe('');
    const peers = await t.call('POST', `/api/ab/peers?current=1&pageSize=100&ab=${guid}`, {
      headers: bearer(),
    });
    expect(peers.json()).toMatchObject({
      total: 1,
      data: [{ id: '700000002', alias: 'db box', tags: ['servers'] }],
    });
    const tags = await t.call('POST', `/api/ab/tags/${guid}`, { headers: bearer() });
    expect(tags.json()).toEqual([{ name: 'servers', color: 4280391411 }]);
  });

  it('4. a connection to the device is audited as one record, and the controller adds a note', async () => {
    const post = (body: Record<string, unknown>) => t.call('POST', '/api/audit/conn', { body });
    const common = { id: ID, uuid: `uuid-${ID}`, conn_id: 7 };
    expect((await post({ ...common, session_id: 0, nonce: 'n1', ip: '10.1.2.3', action: 'new' })).body).toBe(
      '',
    );
    await post({
      ...common,
      session_id: '9007199254740993',
      nonce: 'n2',
      peer: ['700000002', 'db box'],
      type: 0,
    });
    expect(await heartbeat([7])).toEqual({});
    // The note comes from the controlling side: mike logged in on the client of 700000002.
    const controller = await t.call('POST', '/api/login', {
      body: {
        username: 'mike',
        password: 'mike-pass',
        id: '700000002',
        uuid: 'uuid-700000002',
        type: 'account',
      },
    });
    const controllerAuth = { authorization: `Bearer ${controller.json().access_token}` };
    const active = await t.call(
      'GET',
      `/api/audit/conn/active?id=${ID}&session_id=9007199254740993&conn_type=0`,
      {
        headers: controllerAuth,
      },
    );
    const recordGuid = active.json();
    expect(recordGuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      (
        await t.call('PUT', '/api/audit', {
          headers: controllerAuth,
          body: { guid: recordGuid, note: 'ticket 42' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('5. an administrator ends the connection: the next heartbeat says so; the close is audited', async () => {
    t.app.services.presence.requestDisconnect(ID, [7]);
    expect(await heartbeat([7])).toEqual({ disconnect: [7] });
    await t.call('POST', '/api/audit/conn', {
      body: {
        id: ID,
        uuid: `uuid-${ID}`,
        conn_id: 7,
        session_id: '9007199254740993',
        nonce: 'n3',
        action: 'close',
      },
    });
    const record = await t.db.selectFrom('conn_audits').selectAll().executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      device_peer_id: ID,
      session_id: '9007199254740993',
      remote_id: '700000002',
      conn_type: 0,
      note: 'ticket 42',
      ip: '10.1.2.3',
    });
    expect(record.end_time).not.toBeNull();
  });

  it('6. a strategy assigned to the device is pushed on the next heartbeat, then not again', async () => {
    const strategy = await t.app.services.strategies.create(
      {
        name: 'Kiosk',
        options: { 'enable-clipboard': 'N' },
      },
      SYSTEM_ACTOR,
    );
    const device = await t.db
      .selectFrom('devices')
      .select('id')
      .where('peer_id', '=', ID)
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
    expect(await heartbeat()).toEqual({
      modified_at: strategy.updated_at,
      strategy: { config_options: { 'enable-clipboard': 'N' } },
    });
    expect(await heartbeat()).toEqual({});
  });

  it('7. the user logs out: the token stops working and the client would log out locally', async () => {
    expect(
      (await t.call('POST', '/api/logout', { headers: bearer(), body: { id: ID, uuid: `uuid-${ID}` } }))
        .statusCode,
    ).toBe(200);
    const after = await t.call('POST', '/api/currentUser', { headers: bearer(), body: {} });
    expect(after.statusCode).toBe(401);
    expect((await t.call('POST', '/api/ab/personal', { headers: bearer() })).statusCode).toBe(401);
  });
});
