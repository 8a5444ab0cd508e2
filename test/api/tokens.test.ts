import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPE_AREAS } from '../../src/domain/tokens/scopes.js';
import { createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('API tokens (Settings → Tokens)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    await createUser(t.db, { name: 'alice', password: 'alice-pass' });
  });
  afterAll(() => t.close());

  it('POST /api/tokens answers the token with its secret, this once', async () => {
    const expiresAt = Math.floor(t.clock.now / 1000) + 3600;
    const response = await t.call('POST', '/api/tokens', {
      token: admin,
      body: { name: 'deploy', expires_at: expiresAt, permissions: { device: 'rw', audit_log: 'r' } },
    });
    expect(response.statusCode).toBe(200);
    const created = response.json();
    expect(created).toEqual({
      guid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      name: 'deploy',
      permissions: {
        device: 'rw',
        audit_log: 'r',
        user: 'none',
        user_group: 'none',
        device_group: 'none',
        strategy: 'none',
        address_book: 'none',
      },
      expires_at: expiresAt,
      created_at: Math.floor(t.clock.now / 1000),
      last_used_at: null,
      token: expect.stringMatching(/^rdct_[A-Za-z0-9_-]{43}$/),
    });

    const stored = await t.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('guid', '=', created.guid)
      .executeTakeFirst();
    expect(stored?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(created.token);

    const list = await t.call('GET', '/api/tokens', { token: admin });
    expect(list.statusCode).toBe(200);
    const listed = list.json().find((x: { guid: string }) => x.guid === created.guid);
    expect(listed).toMatchObject({ name: 'deploy', expires_at: expiresAt });
    expect(listed).not.toHaveProperty('token');
    expect(list.body).not.toContain(created.token);
  });

  it('records when a token was last used', async () => {
    const secret = await t.apiToken({ user: 'r' });
    await t.app.services.tokens.authenticate(secret);
    const listed = (await t.call('GET', '/api/tokens', { token: admin })).json();
    expect(listed[0].last_used_at).toBe(Math.floor(t.clock.now / 1000));
  });

  it('DELETE /api/tokens/{guid} revokes: the token then answers 401', async () => {
    const created = (
      await t.call('POST', '/api/tokens', {
        token: admin,
        body: { name: 'temp', permissions: { device: 'r' } },
      })
    ).json();
    expect((await t.app.services.tokens.authenticate(created.token)).guid).toBe(created.guid);
    const response = await t.call('DELETE', `/api/tokens/${created.guid}`, { token: admin });
    expect(response.statusCode).toBe(200);
    await expect(t.app.services.tokens.authenticate(created.token)).rejects.toMatchObject({ status: 401 });
    const again = await t.call('DELETE', `/api/tokens/${created.guid}`, { token: admin });
    expect(again.statusCode).toBe(404);
    expect(again.json().error).toMatch(/not found/);
  });

  it('an expired token answers 401', async () => {
    const secret = await t.apiToken({ device: 'r' }, { expires_at: Math.floor(t.clock.now / 1000) + 60 });
    await expect(t.app.services.tokens.authenticate(secret)).resolves.toBeTruthy();
    t.clock.advance(61_000);
    await expect(t.app.services.tokens.authenticate(secret)).rejects.toMatchObject({ status: 401 });
  });

  it('only administrators with a console session manage tokens', async () => {
    const alice = await t.login('alice', 'alice-pass');
    for (const [method, url, body] of [
      ['POST', '/api/tokens', { name: 'x' }],
      ['GET', '/api/tokens', undefined],
      ['DELETE', '/api/tokens/01983006-fcca-7c12-9a91-b1df483c6073', undefined],
    ] as const) {
      const asUser = await t.call(method, url, { token: alice, body });
      expect(asUser.statusCode).toBe(403);
      expect(asUser.json().error).toMatch(/Administrator/);

      const allAreas = Object.fromEntries(SCOPE_AREAS.map((a) => [a, 'rw']));
      const asToken = await t.call(method, url, { token: await t.apiToken(allAreas), body });
      expect(asToken.statusCode).toBe(403);
      expect(asToken.json().error).toMatch(/API tokens cannot/);

      const anonymous = await t.call(method, url, { body });
      expect(anonymous.statusCode).toBe(401);
    }
  });

  it.each([
    [{}, 'name is required', 'field_required'],
    [{ name: '' }, 'name must NOT have fewer than 1 characters', 'field_min_length'],
    [{ name: '   ' }, 'name must not be empty', 'field_empty'],
    [{ name: 5 }, 'name must be string', 'field_type'],
    [{ name: 'x'.repeat(101) }, 'name must NOT have more than 100 characters', 'field_max_length'],
    [
      { name: 'x', permissions: { device: 'write' } },
      'permissions.device must be equal to one of the allowed values',
      'field_enum',
    ],
    [{ name: 'x', permissions: { devices: 'r' } }, 'permissions.devices is not allowed', 'field_not_allowed'],
    [{ name: 'x', permissions: 'all' }, 'permissions must be object', 'field_type'],
    [{ name: 'x', expires_at: 'tomorrow' }, 'expires_at must be integer', 'field_type'],
    [{ name: 'x', expires_at: 1000 }, 'expires_at must be in the future', 'field_not_future'],
  ])('POST /api/tokens with %o answers 400 "%s" (%s)', async (body, message, code) => {
    const response = await t.call('POST', '/api/tokens', { token: admin, body });
    expect(response.statusCode).toBe(400);
    // The parameters (field, limit…) are checked for every error by t.call.
    expect(response.json()).toMatchObject({ error: message, code });
  });

  it('DELETE /api/tokens/{guid} with something that is not a guid answers 400', async () => {
    const response = await t.call('DELETE', '/api/tokens/not-a-guid', { token: admin });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual('guid must match format "uuid"');
  });
});
