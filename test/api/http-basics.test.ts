import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPE_AREAS } from '../../src/domain/tokens/scopes.js';
import { type Access, manage, PUBLIC, registerAccessControl } from '../../src/http/access.js';
import { DEFAULT_BODY_LIMIT } from '../../src/http/body-limits.js';
import { TEST_DIALECT } from '../helpers/database.js';
import { createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('route declarations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('every route declares its access, and every management route a scope from the closed vocabulary', () => {
    expect(t.app.routeAccess.length).toBeGreaterThan(0);
    const validScopes = SCOPE_AREAS.flatMap((area) => [`${area}:r`, `${area}:rw`]);
    for (const route of t.app.routeAccess) {
      expect(route.access, `${route.method} ${route.url}`).toBeDefined();
      if (route.access.kind === 'manage') {
        expect(validScopes, `${route.method} ${route.url}`).toContain(route.access.scope);
      }
    }
  });

  it('the server refuses to start with a route that declares no access, or a management route without a scope', async () => {
    const bare = Fastify();
    registerAccessControl(bare);
    expect(() => bare.get('/api/forgotten', async () => ({}))).toThrow(/declares no access/);
    const noScope = Fastify();
    registerAccessControl(noScope);
    const access = { kind: 'manage' } as unknown as Access;
    expect(() => noScope.get('/api/unscoped', { config: { access } }, async () => ({}))).toThrow(
      /declares no scope/,
    );
  });
});

describe('the scope check on a management route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      extraRoutes: (app) => {
        app.post('/api/test-scoped', { config: { access: manage('device:rw') } }, async (request) => ({
          principal: request.principal?.kind,
        }));
        app.post(
          '/api/test-own',
          { config: { access: manage('device:rw', { own: true }) } },
          async (request) => ({
            principal: request.principal?.kind,
          }),
        );
      },
    });
    await createUser(t.db, { name: 'alice', password: 'alice-pass' });
  });
  afterAll(() => t.close());

  it.each([
    [{ device: 'rw' }, 200],
    [{ device: 'r' }, 403],
    [{ device: 'none' }, 403],
    [{ user: 'rw', strategy: 'rw', audit_log: 'rw' }, 403],
  ] as const)('a token holding %o answers %i', async (permissions, status) => {
    const response = await t.call('POST', '/api/test-scoped', { token: await t.apiToken(permissions) });
    expect(response.statusCode).toBe(status);
    if (status === 200) expect(response.json()).toEqual({ principal: 'token' });
    else
      expect(response.json()).toEqual({
        error: 'This API token lacks the device:rw permission',
        code: 'token_lacks_permission',
        scope: 'device:rw',
      });
  });

  it('a revoked or expired token answers 401, and so does no token at all', async () => {
    const admin = await t.adminSession();
    const created = (
      await t.call('POST', '/api/tokens', {
        token: admin,
        body: { name: 'x', permissions: { device: 'rw' } },
      })
    ).json();
    expect((await t.call('POST', '/api/test-scoped', { token: created.token })).statusCode).toBe(200);
    await t.call('DELETE', `/api/tokens/${created.guid}`, { token: admin });
    expect((await t.call('POST', '/api/test-scoped', { token: created.token })).statusCode).toBe(401);

    const soon = await t.apiToken({ device: 'rw' }, { expires_at: Math.floor(t.clock.now / 1000) + 10 });
    t.clock.advance(11_000);
    expect((await t.call('POST', '/api/test-scoped', { token: soon })).statusCode).toBe(401);
    expect((await t.call('POST', '/api/test-scoped')).statusCode).toBe(401);
  });

  it('an administrator session passes; a non-administrator passes only where the route says `own`', async () => {
    const admin = await t.adminSession();
    const alice = await t.login('alice', 'alice-pass');
    expect((await t.call('POST', '/api/test-scoped', { token: admin })).json()).toEqual({
      principal: 'user',
    });
    const refused = await t.call('POST', '/api/test-scoped', { token: alice });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error: 'Administrator required', code: 'admin_required' });
    expect((await t.call('POST', '/api/test-own', { token: alice })).json()).toEqual({ principal: 'user' });
  });
});

describe('bad input on every route of the foundation', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
  });
  afterAll(() => t.close());

  const jsonRoutes = [
    ['POST', '/api/login'],
    ['POST', '/api/currentUser'],
    ['POST', '/api/logout'],
    ['POST', '/api/tokens'],
  ] as const;

  it.each(jsonRoutes)('%s %s: malformed JSON answers 400', async (method, url) => {
    const response = await t.call(method, url, { token: admin, payload: '{"username": "admin",' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'request body is not valid JSON', code: 'invalid_json' });
  });

  it.each(jsonRoutes)('%s %s: a body that is not an object answers 400', async (method, url) => {
    const response = await t.call(method, url, { token: admin, body: ['a', 'b'] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'request body must be object',
      code: 'field_type',
      field: 'request body',
      type: 'object',
    });
  });

  it.each(jsonRoutes)('%s %s: an oversized body is refused before it is read', async (method, url) => {
    const response = await t.call(method, url, {
      token: admin,
      payload: JSON.stringify({ username: 'x'.repeat(DEFAULT_BODY_LIMIT) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ error: 'request body is too large', code: 'body_too_large' });
  });

  it.each([
    [{ password: 'x' }, 'username is required', { code: 'field_required', field: 'username' }],
    [{ username: 'admin' }, 'password is required', { code: 'field_required', field: 'password' }],
    [
      { username: 1, password: 'x' },
      'username must be string',
      { code: 'field_type', field: 'username', type: 'string' },
    ],
    [
      { username: 'admin', password: true },
      'password must be string',
      { code: 'field_type', field: 'password', type: 'string' },
    ],
    [
      { username: '', password: 'x' },
      'username must NOT have fewer than 1 characters',
      { code: 'field_min_length', field: 'username', limit: 1 },
    ],
    [
      { username: 'a'.repeat(129), password: 'x' },
      'username must NOT have more than 128 characters',
      { code: 'field_max_length', field: 'username', limit: 128 },
    ],
    [
      { username: 'admin', password: 'x', type: 7 },
      'type must be string',
      { code: 'field_type', field: 'type', type: 'string' },
    ],
  ])('POST /api/login with %o answers 400 "%s"', async (body, message, code) => {
    const response = await t.call('POST', '/api/login', { body });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: message, ...code });
  });

  it('POST /api/login without any body names the first missing field', async () => {
    const response = await t.call('POST', '/api/login');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'username is required',
      code: 'field_required',
      field: 'username',
    });
  });

  it('an unsupported Content-Type answers 415', async () => {
    const response = await t.call('POST', '/api/login', {
      payload: 'username=admin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({ error: 'unsupported Content-Type', code: 'unsupported_media_type' });
  });

  it('unknown routes answer 404 with an error body', async () => {
    for (const [method, url] of [
      ['GET', '/api/nothing-here'],
      ['POST', '/api/login/extra'],
      ['DELETE', '/api/login'],
    ] as const) {
      const response = await t.call(method, url);
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toMatch(/No such endpoint/);
    }
  });

  it('a URL that cannot be decoded answers 400 in the usual error shape', async () => {
    const response = await t.call('GET', '/api/login-options/%E0%A4%A');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'the URL is not valid', code: 'invalid_url' });
  });

  it('a trailing slash reaches the same route', async () => {
    expect((await t.call('GET', '/api/login-options/')).statusCode).toBe(200);
  });

  it('an unexpected failure answers 500 "Internal error" and keeps the detail in the log', async () => {
    const original = t.app.services.tokens.list;
    t.app.services.tokens.list = async () => {
      throw new Error('SECRET connection string leaked');
    };
    try {
      const response = await t.call('GET', '/api/tokens', { token: admin });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ error: 'Internal error', code: 'internal_error' });
      expect(response.body).not.toContain('SECRET');
    } finally {
      t.app.services.tokens.list = original;
    }
  });
});

describe('values the database refuses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('a NUL character in text is stored by SQLite and answers 400 on PostgreSQL, never 500', async () => {
    const response = await t.call('POST', '/api/tokens', {
      token: await t.adminSession(),
      body: { name: 'bad\u0000name' },
    });
    if (TEST_DIALECT === 'sqlite') {
      expect(response.statusCode).toBe(200);
    } else {
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: 'a value in the request is out of range or not valid text',
        code: 'value_out_of_range',
      });
    }
  });
});

describe('database refusals reached through a race', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      extraRoutes: (app) =>
        app.post('/api/test-race', { config: { access: PUBLIC } }, async () => {
          // What a unique index says when two requests create the same name at once.
          throw Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
        }),
    });
  });
  afterAll(() => t.close());

  it('a unique violation answers 409, not 500', async () => {
    const response = await t.call('POST', '/api/test-race');
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatch(/already exists/);
  });
});
