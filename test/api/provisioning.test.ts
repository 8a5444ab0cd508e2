import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/console-audit/record.js';
import { sysinfoBody } from '../helpers/client.js';
import { createDeviceGroup, createSharedBook, createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

function devicePeer(t: TestApp, peerId: string) {
  return t.db.selectFrom('devices').selectAll().where('peer_id', '=', peerId).executeTakeFirst();
}

describe('rustdesk --assign (POST /api/devices/cli)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = await t.apiToken({ device: 'rw' });
    await createUser(t.db, { name: 'mike', password: 'mike-pass' });
    await createDeviceGroup(t.db, 'Production');
    await t.app.services.strategies.create({ name: 'Default', options: {} }, SYSTEM_ACTOR);
    await t.call('POST', '/api/sysinfo', { body: sysinfoBody('400000001') });
  });
  afterAll(() => t.close());

  it('applies every given field and answers an empty body', async () => {
    const response = await t.call('POST', '/api/devices/cli', {
      token,
      body: {
        id: '400000001',
        uuid: 'uuid-400000001',
        user_name: 'mike',
        strategy_name: 'Default',
        device_group_name: 'Production',
        note: 'rack 4',
        device_username: 'ops',
        device_name: 'build-01',
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    const row = await devicePeer(t, '400000001');
    expect(row).toMatchObject({ note: 'rack 4', device_username: 'ops', device_name: 'build-01' });
    expect(row?.user_id).not.toBeNull();
    expect(row?.strategy_id).not.toBeNull();
    expect(row?.device_group_id).not.toBeNull();
  });

  it('overwrites earlier assignments (unlike presets)', async () => {
    await createUser(t.db, { name: 'zoe', password: 'zoe-pass' });
    await t.call('POST', '/api/devices/cli', {
      token,
      body: { id: '400000001', uuid: 'x', user_name: 'zoe' },
    });
    const zoe = await t.db
      .selectFrom('users')
      .select('id')
      .where('name', '=', 'zoe')
      .executeTakeFirstOrThrow();
    expect((await devicePeer(t, '400000001'))?.user_id).toBe(zoe.id);
  });

  it('names every unknown user, strategy and group, and changes nothing then', async () => {
    const response = await t.call('POST', '/api/devices/cli', {
      token,
      body: { id: '400000001', uuid: 'x', user_name: 'ghost', strategy_name: 'Nope', note: 'not applied' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: "User 'ghost' not found; Strategy 'Nope' not found",
      code: 'several_errors',
      errors: [
        { code: 'user_not_found', error: "User 'ghost' not found", name: 'ghost' },
        { code: 'strategy_not_found', error: "Strategy 'Nope' not found", name: 'Nope' },
      ],
    });
    expect((await devicePeer(t, '400000001'))?.note).toBe('rack 4');
    const book = await t.call('POST', '/api/devices/cli', {
      token,
      body: { id: '400000001', uuid: 'x', address_book_name: 'Missing book' },
    });
    expect(book.json()).toEqual({
      error: "Address book 'Missing book' not found",
      code: 'address_book_not_found',
      name: 'Missing book',
    });
  });

  it('adds the device to a shared address book with tag, alias, password and note', async () => {
    await createSharedBook(t.db, { name: 'Sales' });
    const response = await t.call('POST', '/api/devices/cli', {
      token,
      body: {
        id: '400000001',
        uuid: 'x',
        address_book_name: 'Sales',
        address_book_tag: 'laptops',
        address_book_alias: 'Mike laptop',
        address_book_password: 'pw',
        address_book_note: 'desk 3',
      },
    });
    expect(response.body).toBe('');
    const peer = await t.db
      .selectFrom('ab_peers')
      .selectAll()
      .where('peer_id', '=', '400000001')
      .executeTakeFirst();
    expect(peer).toMatchObject({ alias: 'Mike laptop', password: 'pw', note: 'desk 3' });
    expect(JSON.parse(peer?.tags ?? '[]')).toEqual(['laptops']);
  });

  it('registers a device that has not reported yet', async () => {
    const response = await t.call('POST', '/api/devices/cli', {
      token,
      body: { id: '400000002', uuid: 'uuid-400000002', note: 'pre-provisioned' },
    });
    expect(response.body).toBe('');
    expect(await devicePeer(t, '400000002')).toMatchObject({
      note: 'pre-provisioned',
      uuid: 'uuid-400000002',
    });
  });

  it('needs an API token with device rw (or an administrator), and something to assign', async () => {
    const readOnly = await t.apiToken({ device: 'r' });
    const denied = await t.call('POST', '/api/devices/cli', {
      token: readOnly,
      body: { id: '1', uuid: 'x', note: 'n' },
    });
    expect(denied.statusCode).toBe(403);
    const alice = await createUser(t.db, { name: 'alice', password: 'alice-pass' });
    expect(alice).toBeGreaterThan(0);
    const user = await t.login('alice', 'alice-pass');
    expect(
      (await t.call('POST', '/api/devices/cli', { token: user, body: { id: '1', note: 'n' } })).statusCode,
    ).toBe(403);
    expect((await t.call('POST', '/api/devices/cli', { body: { id: '1', note: 'n' } })).statusCode).toBe(401);
    const nothing = await t.call('POST', '/api/devices/cli', { token, body: { id: '400000001', uuid: 'x' } });
    expect(nothing.statusCode).toBe(403);
    expect(nothing.json().error).toBe('Nothing to assign');
    const badType = await t.call('POST', '/api/devices/cli', { token, body: { id: '400000001', note: 7 } });
    expect(badType.statusCode).toBe(400);
    expect(badType.json()).toEqual({
      error: 'note must be string',
      code: 'field_type',
      field: 'note',
      type: 'string',
    });
  });
});

describe('rustdesk --deploy (POST /api/devices/deploy)', () => {
  let t: TestApp;
  let token: string;
  const pk = Buffer.alloc(32, 7).toString('base64');
  beforeAll(async () => {
    t = await startTestApp();
    token = await t.apiToken({ device: 'rw' });
  });
  afterAll(() => t.close());

  const deploy = (body: Record<string, unknown>) => t.call('POST', '/api/devices/deploy', { token, body });

  it('answers NOT_ENABLED while deployment is not required', async () => {
    const response = await deploy({ id: '500000001', uuid: 'dXVpZA==', pk });
    expect(response.json()).toEqual({ result: 'NOT_ENABLED' });
  });

  it('registers a deployed device, which may then report', async () => {
    await t.app.services.settings.update({ require_deployment: true }, SYSTEM_ACTOR);
    expect((await deploy({ id: '500000001', uuid: 'dXVpZA==', pk })).json()).toEqual({ result: 'OK' });
    expect(await devicePeer(t, '500000001')).toMatchObject({ pk, uuid: 'dXVpZA==' });
    const sysinfo = await t.call('POST', '/api/sysinfo', {
      body: { ...sysinfoBody('500000001'), uuid: 'dXVpZA==' },
    });
    expect(sysinfo.body).toBe('SYSINFO_UPDATED');
    expect((await deploy({ id: '500000001', uuid: 'dXVpZA==', pk })).json()).toEqual({ result: 'OK' });
  });

  it('answers ID_TAKEN for an id another machine holds', async () => {
    expect((await deploy({ id: '500000001', uuid: 'b3RoZXI=', pk })).json()).toEqual({ result: 'ID_TAKEN' });
  });

  it.each([
    [{ id: 'ab', uuid: 'dXVpZA==', pk }],
    [{ id: 'has space!', uuid: 'dXVpZA==', pk }],
    [{ id: '500000002', uuid: '', pk }],
    [{ id: '500000002', uuid: 'dXVpZA==', pk: 'c2hvcnQ=' }],
    [{ id: '500000002', uuid: 'dXVpZA==', pk: 'not base64!' }],
  ])('answers INVALID_INPUT for %o', async (body) => {
    expect((await deploy(body)).json()).toEqual({ result: 'INVALID_INPUT' });
  });

  it('needs device rw', async () => {
    const response = await t.call('POST', '/api/devices/deploy', {
      token: await t.apiToken({ device: 'r' }),
      body: { id: '500000003', uuid: 'dXVpZA==', pk },
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('switch sides (POST /api/switch-grant)', () => {
  let t: TestApp;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const rawPk = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
  const signed = (id: string, verifier: string, timestamp: string) => ({
    id,
    switch_code_verifier: verifier,
    timestamp,
    signature: sign(null, Buffer.from(`switch-grant\0${id}\0${verifier}\0${timestamp}`), privateKey).toString(
      'base64',
    ),
  });
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.services.settings.update({ require_deployment: true }, SYSTEM_ACTOR);
    await t.call('POST', '/api/devices/deploy', {
      token: await t.apiToken({ device: 'rw' }),
      body: { id: '600000001', uuid: 'dXVpZA==', pk: rawPk },
    });
  });
  afterAll(() => t.close());

  const now = () => String(Math.floor(t.clock.now / 1000));

  it('accepts a grant signed by the device key', async () => {
    const response = await t.call('POST', '/api/switch-grant', {
      body: signed('600000001', 'verifier', now()),
    });
    expect(response.json()).toEqual({ accepted: true });
  });

  it('answers its time for a stale timestamp, so the client re-signs', async () => {
    const stale = String(Math.floor(t.clock.now / 1000) - 3600);
    const response = await t.call('POST', '/api/switch-grant', {
      body: signed('600000001', 'verifier', stale),
    });
    expect(response.json()).toEqual({ accepted: false, server_time: Math.floor(t.clock.now / 1000) });
  });

  it('refuses a bad signature and a device without a key', async () => {
    const forged = { ...signed('600000001', 'verifier', now()), switch_code_verifier: 'other' };
    const response = await t.call('POST', '/api/switch-grant', { body: forged });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'Invalid signature', code: 'signature_invalid' });
    const unknown = await t.call('POST', '/api/switch-grant', { body: signed('600000009', 'v', now()) });
    expect(unknown.statusCode).toBe(404);
  });
});
