import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../src/http/error-catalogue.js';
import { createDevice } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const UNKNOWN_GUID = '01983006-fcca-7c12-9a91-b1df483c6073';

/**
 * Every error carries a stable code and the parameters of its message beside the English `error`
 * (`expectErrorShape`, run by t.call on every answer of every route test, checks that the message is
 * the code's template written with them). Here: one of each kind, in full.
 */
describe('error codes', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    const created = await t.call('POST', '/api/users', {
      token: admin,
      body: { name: 'alice', password: 'alice-pass', group_name: 'Default' },
    });
    expect(created.statusCode, created.body).toBe(200);
  });
  afterAll(() => t.close());

  it('a taken name: 409 user_exists with the name', async () => {
    const response = await t.call('POST', '/api/users', {
      token: admin,
      body: { name: 'alice', password: 'other-pass', group_name: 'Default' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      error: "User 'alice' already exists",
      code: 'user_exists',
      name: 'alice',
    });
  });

  it('an unknown name: 404 with the name', async () => {
    const response = await t.call('POST', '/api/users', {
      token: admin,
      body: { name: 'bob', password: 'bob-pass', group_name: 'Nowhere' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: "User group 'Nowhere' not found",
      code: 'user_group_not_found',
      name: 'Nowhere',
    });
  });

  it('a schema violation: 400 with the field and the rule', async () => {
    const response = await t.call('POST', '/api/users', {
      token: admin,
      body: { name: 'bob', password: 7, group_name: 'Default' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'password must be string',
      code: 'field_type',
      field: 'password',
      type: 'string',
    });
  });

  it('unknown targets: 404 listing each kind, each with its own code', async () => {
    const device = await createDevice(t.db, { peerId: '100000001' });
    const guid = (
      await t.db.selectFrom('devices').select('guid').where('id', '=', device).executeTakeFirstOrThrow()
    ).guid;
    const response = await t.call('POST', '/api/strategies/assign', {
      token: admin,
      body: { strategy: null, peers: [guid, UNKNOWN_GUID], users: [UNKNOWN_GUID], groups: [] },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: `Not found: devices: ${UNKNOWN_GUID}; users: ${UNKNOWN_GUID}`,
      code: 'strategy_targets_not_found',
      missing: [
        { error: `devices: ${UNKNOWN_GUID}`, code: 'missing_devices', ids: [UNKNOWN_GUID] },
        { error: `users: ${UNKNOWN_GUID}`, code: 'missing_users', ids: [UNKNOWN_GUID] },
      ],
    });
  });

  it('an unknown endpoint: 404 no_such_endpoint with the method and path', async () => {
    const response = await t.call('DELETE', '/api/nothing-here?x=1', { token: admin });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: 'No such endpoint: DELETE /api/nothing-here',
      code: 'no_such_endpoint',
      method: 'DELETE',
      path: '/api/nothing-here',
    });
  });

  it('a body over the limit: 413 body_too_large', async () => {
    const response = await t.call('POST', '/api/heartbeat', { body: { id: '1', x: 'y'.repeat(20_000) } });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ error: 'request body is too large', code: 'body_too_large' });
  });

  it('throttled logins: 429 login_throttled with Retry-After', async () => {
    let last = await t.call('POST', '/api/login', { body: { username: 'alice', password: 'wrong' } });
    for (let attempt = 0; attempt < 20 && last.statusCode !== 429; attempt++) {
      last = await t.call('POST', '/api/login', { body: { username: 'alice', password: 'wrong' } });
    }
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(last.json()).toEqual({
      error: 'Too many wrong passwords, try again later',
      code: 'login_throttled',
    });
  });

  it('the OpenAPI document lists every code, and every operation answers the Error schema', async () => {
    const document = (await t.call('GET', '/api/openapi.json')).json();
    expect(document['x-error-codes']).toHaveLength(Object.keys(ERROR_MESSAGES).length);
    expect(document['x-error-codes']).toContainEqual({
      code: 'user_exists',
      message: "User '{name}' already exists",
      params: ['name'],
    });
    const schema = document.components.schemas.Error;
    expect(schema.required).toEqual(['error', 'code']);
    expect(schema.properties.code.enum).toEqual(Object.keys(ERROR_MESSAGES));
    expect(document.paths['/api/users'].post.responses.default.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
  });
});
