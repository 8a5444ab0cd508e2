import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Permissions, SCOPE_AREAS, type ScopeArea } from '../../src/domain/tokens/scopes.js';
import type { RouteAccessEntry } from '../../src/http/access.js';
import { createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Every route that needs credentials × every kind of caller: administrator session, non-administrator
 * session, API token with none / read / read-write on the route's area, a token holding every other
 * area, no credentials, and a revoked token. Built from the routes the server registers, so a new
 * route is covered the moment it exists. "Passes" means the access check let the call through: the
 * handler may still answer 400 or 404 for the placeholder request, but never 401 or 403.
 */
const PLACEHOLDER_GUID = '01983006-fcca-7c12-9a91-b1df483c6073';

function placeholderUrl(route: RouteAccessEntry): string {
  return route.url.replace(/:([A-Za-z_]+)/g, (_match, name: string) =>
    name.includes('guid') ? PLACEHOLDER_GUID : 'placeholder',
  );
}

function permissions(area: ScopeArea | null, level: 'none' | 'r' | 'rw', others: 'none' | 'rw' = 'none') {
  return Object.fromEntries(SCOPE_AREAS.map((a) => [a, a === area ? level : others])) as Permissions;
}

describe('permission matrix', () => {
  let t: TestApp;
  let admin: string;
  let user: string;
  let revoked: string;
  const tokens = new Map<string, string>();
  const tokenFor = async (perms: Permissions) => {
    const key = JSON.stringify(perms);
    if (!tokens.has(key)) tokens.set(key, await t.apiToken(perms));
    return tokens.get(key) as string;
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminSession();
    await createUser(t.db, { name: 'plain', password: 'plain-pass' });
    user = await t.login('plain', 'plain-pass');
    const created = (
      await t.call('POST', '/api/tokens', {
        token: admin,
        body: { name: 'gone', permissions: permissions(null, 'rw', 'rw') },
      })
    ).json();
    await t.call('DELETE', `/api/tokens/${created.guid}`, { token: admin });
    revoked = created.token;
  });
  afterAll(() => t.close());

  const send = (route: RouteAccessEntry, token?: string) =>
    t.call(route.method as 'GET', placeholderUrl(route), {
      ...(token ? { token } : {}),
      ...(route.method === 'GET' ? {} : { body: {} }),
    });
  const passes = (status: number) => status !== 401 && status !== 403;

  it('covers the routes', () => {
    const kinds = new Set(t.app.routeAccess.map((r) => r.access.kind));
    expect(kinds).toContain('manage');
    expect(kinds).toContain('admin-session');
    expect(kinds).toContain('session');
  });

  it('no credentials and a revoked token: 401 on every route that needs credentials', async () => {
    for (const route of t.app.routeAccess.filter((r) => r.access.kind !== 'public' && r.method !== 'HEAD')) {
      const where = `${route.method} ${route.url}`;
      expect((await send(route)).statusCode, where).toBe(401);
      expect((await send(route, revoked)).statusCode, where).toBe(401);
    }
  });

  it('management routes: sessions and each token level', async () => {
    for (const route of t.app.routeAccess.filter((r) => r.method !== 'HEAD')) {
      const access = route.access;
      if (access.kind !== 'manage') continue;
      const where = `${route.method} ${route.url} (${access.scope})`;
      const [area, level] = access.scope.split(':') as [ScopeArea, 'r' | 'rw'];

      expect(passes((await send(route, admin)).statusCode), `${where} admin`).toBe(true);
      const asUser = (await send(route, user)).statusCode;
      if (access.own) expect(asUser, `${where} non-admin (own)`).not.toBe(401);
      else expect(asUser, `${where} non-admin`).toBe(403);

      expect(
        (await send(route, await tokenFor(permissions(area, 'none', 'rw')))).statusCode,
        `${where} other areas`,
      ).toBe(403);
      const readOnly = (await send(route, await tokenFor(permissions(area, 'r')))).statusCode;
      if (level === 'rw') expect(readOnly, `${where} token r`).toBe(403);
      else expect(passes(readOnly), `${where} token r`).toBe(true);
      expect(
        passes((await send(route, await tokenFor(permissions(area, 'rw')))).statusCode),
        `${where} token rw`,
      ).toBe(true);
    }
  });

  it('console-only routes: administrators pass; other users and every API token get 403', async () => {
    const everything = await tokenFor(permissions(null, 'rw', 'rw'));
    for (const route of t.app.routeAccess.filter(
      (r) => r.access.kind === 'admin-session' && r.method !== 'HEAD',
    )) {
      const where = `${route.method} ${route.url}`;
      expect(passes((await send(route, admin)).statusCode), `${where} admin`).toBe(true);
      expect((await send(route, user)).statusCode, `${where} non-admin`).toBe(403);
      expect((await send(route, everything)).statusCode, `${where} token`).toBe(403);
    }
  });

  it('session routes: any logged-in user passes; API tokens get 403', async () => {
    const everything = await tokenFor(permissions(null, 'rw', 'rw'));
    // Logout would end the session the loop goes on with; account.test.ts covers it.
    const sessionRoutes = t.app.routeAccess.filter(
      (r) => r.access.kind === 'session' && r.method !== 'HEAD' && r.url !== '/api/logout',
    );
    for (const route of sessionRoutes) {
      const where = `${route.method} ${route.url}`;
      expect(passes((await send(route, user)).statusCode), `${where} user`).toBe(true);
      expect((await send(route, everything)).statusCode, `${where} token`).toBe(403);
    }
  });
});
