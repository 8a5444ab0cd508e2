import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connection.js';
import type { Db } from '../../src/db/schema.js';
import type { SmtpSettings } from '../../src/domain/mail/smtp-settings.js';
import type { RateLimits } from '../../src/domain/services.js';
import type { ThrottleLimits } from '../../src/domain/sessions/login-throttle.js';
import type { Permissions } from '../../src/domain/tokens/scopes.js';
import { INITIAL_ADMIN } from '../../src/domain/users/service.js';
import { ERROR_MESSAGES, englishMessage } from '../../src/http/error-catalogue.js';
import { ephemeralSecretKey } from '../../src/lib/secret-box.js';
import { buildServer, type ServerOptions } from '../../src/server.js';
import { openTestDatabase } from './database.js';

/** Throttling that never delays, so tests run fast; the throttle has tests of its own. */
export const FAST_THROTTLE: ThrottleLimits = {
  freeFailures: 3,
  maxFailures: 10,
  windowMs: 15 * 60_000,
  lockMs: 5 * 60_000,
  delayStepMs: 0,
  maxDelayMs: 0,
};

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Raw body text, for malformed-input tests. */
  payload?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  database: DatabaseHandle;
  /** The server's clock; move it with `advance`. */
  clock: { now: number; advance(ms: number): void };
  call(method: InjectOptions['method'], url: string, options?: CallOptions): Promise<LightMyRequestResponse>;
  /** Logs in through the API and returns the access token. */
  login(username: string, password: string): Promise<string>;
  /** An access token of the bootstrap administrator. */
  adminSession(): Promise<string>;
  /** Creates an API token (as the administrator) and returns its secret. */
  apiToken(permissions: Partial<Permissions>, extra?: { expires_at?: number | null }): Promise<string>;
  close(): Promise<void>;
}

/**
 * Every error answer of every route test has the one shape: a code of the catalogue, its parameters,
 * and the English message its template writes from them.
 */
export function expectErrorShape(response: LightMyRequestResponse): void {
  if (response.statusCode < 400 || !String(response.headers['content-type']).includes('json')) return;
  const { error, ...detail } = response.json();
  expect(Object.keys(ERROR_MESSAGES), response.body).toContain(detail.code);
  expect(error, response.body).toBe(englishMessage(detail));
}

/** A real server on a fresh database of the dialect under test, bootstrapped like a first start. */
export async function startTestApp(
  options: {
    throttle?: ThrottleLimits;
    rateLimits?: RateLimits;
    extraRoutes?: (app: FastifyInstance) => void;
    /** SMTP as --smtp-url gives it. */
    smtp?: SmtpSettings;
    /** As --hbbs-key-file and --relay-servers give them. */
    hbbsKey?: ServerOptions['hbbsKey'];
    relayServers?: string[];
    /** As --trust-proxy gives it. */
    trustProxy?: boolean;
    /** Logging, e.g. into a stream the test reads; none when absent. */
    log?: ServerOptions['log'];
    /**
     * The database of another test app: this one is that server started again, with another secret
     * key. Closing this one leaves the database open.
     */
    database?: DatabaseHandle;
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await openTestDatabase());
  const clock = {
    now: Date.now(),
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const throttle = options.throttle ?? FAST_THROTTLE;
  const app = await buildServer({
    database,
    clock: () => clock.now,
    throttleLimits: { user: throttle, address: { ...throttle, maxFailures: throttle.maxFailures * 3 } },
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    smtp: options.smtp,
    hbbsKey: options.hbbsKey,
    relayServers: options.relayServers,
    secretKey: ephemeralSecretKey(),
    trustProxy: options.trustProxy,
    log: options.log,
  });
  options.extraRoutes?.(app);
  await app.services.users.bootstrap();
  await app.ready();

  const call: TestApp['call'] = async (method, url, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined = options.payload;
    if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    } else if (payload !== undefined) {
      headers['content-type'] ??= 'application/json';
    }
    const response = await app.inject({
      method,
      url,
      headers,
      payload,
      ...(options.query ? { query: options.query } : {}),
    });
    expectErrorShape(response);
    return response;
  };

  const login = async (username: string, password: string) => {
    const response = await call('POST', '/api/login', { body: { username, password } });
    if (response.statusCode !== 200) throw new Error(`login of ${username} failed: ${response.body}`);
    return response.json().access_token as string;
  };

  let adminToken: string | undefined;
  const adminSession = async () => {
    adminToken ??= await login(INITIAL_ADMIN.name, INITIAL_ADMIN.password);
    return adminToken;
  };

  return {
    app,
    db: database.db,
    database,
    clock,
    call,
    login,
    adminSession,
    async apiToken(permissions, extra = {}) {
      const response = await call('POST', '/api/tokens', {
        token: await adminSession(),
        body: { name: 'test token', permissions, ...extra },
      });
      if (response.statusCode !== 200) throw new Error(`token creation failed: ${response.body}`);
      return response.json().token as string;
    },
    async close() {
      await app.close();
      if (!options.database) await database.close();
    },
  };
}
