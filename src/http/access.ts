import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../domain/console-audit/record.js';
import type { AuthenticatedSession } from '../domain/sessions/service.js';
import { mustSetUpTfa } from '../domain/tfa/service.js';
import { parsePermissions } from '../domain/tokens/presenter.js';
import { grants, type Scope } from '../domain/tokens/scopes.js';
import { type AuthenticatedToken, isApiTokenSecret } from '../domain/tokens/service.js';
import { Forbidden, Unauthorized } from './errors.js';

/**
 * What a route requires of its caller. Every route declares one in `config.access`;
 * the server refuses to start with a route that does not.
 * - public: no credentials (device endpoints, login).
 * - session: any logged-in user (the RustDesk client's account calls).
 * - admin-session: an administrator logged in (console-only areas such as API tokens).
 * - manage: the management API; an administrator's login session, or an API token that grants
 *   `scope`. With `own: true` non-administrators may call it too, and the service limits them to what
 *   is theirs (their devices, their logs, the address books their rules allow, their account).
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'session' }
  | { kind: 'admin-session' }
  | { kind: 'manage'; scope: Scope; own: boolean };

export const PUBLIC: Access = { kind: 'public' };
export const SESSION: Access = { kind: 'session' };
export const ADMIN_SESSION: Access = { kind: 'admin-session' };
export const manage = (scope: Scope, options: { own?: boolean } = {}): Access => ({
  kind: 'manage',
  scope,
  own: options.own ?? false,
});

/** Routes that plugins register themselves (the API reference pages) and that anyone may read. */
const PUBLIC_PREFIXES = ['/api/docs'];

/** Who is calling: a user through a login session, or an API token. */
export type Principal =
  | ({ kind: 'user' } & AuthenticatedSession)
  | { kind: 'token'; token: AuthenticatedToken };

/** One registered route and what it requires: for the OpenAPI document and the access tests. */
export interface RouteAccessEntry {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** A session route that a user who must set up 2FA first may call (the set-up itself, logout). */
    beforeTfaSetup?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    routeAccess: RouteAccessEntry[];
  }
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

/** The logged-in user of a session-only route (the hook guarantees one is there). */
export function sessionOf(request: FastifyRequest): AuthenticatedSession {
  const principal = request.principal;
  if (principal?.kind !== 'user') throw new Unauthorized();
  return principal;
}

/**
 * Whether the caller of an `own` route may also do what `scope` allows: a user on what is their own
 * always may; an API token only if it was granted the scope.
 */
export function holdsScope(principal: Principal | null, scope: Scope): boolean {
  if (principal?.kind === 'token') return grants(parsePermissions(principal.token.permissions), scope);
  return principal?.kind === 'user';
}

export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal;
  if (principal?.kind === 'user')
    return { userId: principal.user.id, name: principal.user.name, ip: request.ip, via: 'session' };
  if (principal?.kind === 'token') {
    return {
      userId: principal.token.created_by,
      name: `token:${principal.token.name}`,
      ip: request.ip,
      via: 'token',
    };
  }
  throw new Unauthorized();
}

/**
 * Registers the authentication and scope check. It runs before the body is read, so that
 * anonymous callers cannot make the server parse large bodies. It is a hook of each route that needs
 * credentials, ahead of the route's own hooks, so that public routes (the heartbeat among them) do
 * not run it at all.
 */
export function registerAccessControl(app: FastifyInstance): void {
  app.decorateRequest('principal', null);
  const table: RouteAccessEntry[] = [];
  app.decorate('routeAccess', table);

  app.addHook('onRoute', (route) => {
    if (!route.config?.access && PUBLIC_PREFIXES.some((prefix) => route.url.startsWith(prefix))) {
      route.config = { ...route.config, access: PUBLIC };
    }
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${route.method} ${route.url} declares no access (config.access)`);
    if (access.kind === 'manage' && !access.scope) {
      throw new Error(`Management route ${route.method} ${route.url} declares no scope`);
    }
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access });
    if (access.kind === 'public') return;
    const beforeTfaSetup = route.config?.beforeTfaSetup === true;
    const check = (request: FastifyRequest) => authorize(app, request, access, beforeTfaSetup);
    route.onRequest = [check, ...[route.onRequest ?? []].flat()];
  });
}

async function authorize(
  app: FastifyInstance,
  request: FastifyRequest,
  access: Exclude<Access, { kind: 'public' }>,
  beforeTfaSetup: boolean,
): Promise<void> {
  const secret = bearerToken(request);
  if (!secret) throw new Unauthorized('missing_token');

  if (isApiTokenSecret(secret)) {
    const token = await app.services.tokens.authenticate(secret);
    if (access.kind !== 'manage') throw new Forbidden('token_not_allowed');
    if (!grants(parsePermissions(token.permissions), access.scope)) {
      throw new Forbidden('token_lacks_permission', { scope: access.scope });
    }
    request.principal = { kind: 'token', token };
    return;
  }

  const session = await app.services.sessions.authenticate(secret);
  // Decided from the user, not stored with the session: it holds for sessions opened before the
  // enforcement too, and lifts the moment the user has set 2FA up.
  if (mustSetUpTfa(session.user) && !beforeTfaSetup) throw new Forbidden('tfa_setup_first');
  const adminOnly = access.kind === 'admin-session' || (access.kind === 'manage' && !access.own);
  if (adminOnly && session.user.is_admin !== 1) throw new Forbidden('admin_required');
  request.principal = { kind: 'user', ...session };
}
