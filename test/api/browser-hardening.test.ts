import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** The policy's directives by name: "script-src 'self'" → {"script-src": ["'self'"]}. */
function directives(policy: string | undefined): Record<string, string[]> {
  return Object.fromEntries(
    (policy ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...values]) => [name, values]),
  );
}

describe('browser hardening headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const cannotBeFramedSniffedOrReferred = (headers: Record<string, unknown>) => {
    // Served over plain HTTP on a LAN as often as behind TLS: nothing may force https.
    expect(headers).not.toHaveProperty('strict-transport-security');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
  };

  it.each([
    ['the console', '/'],
    ['a console page', '/welcome'],
    ['the API reference', '/api/docs/static/index.html'],
  ])('%s (%s) cannot be framed, sniffed or run inline script, and sends no referrer', async (_what, url) => {
    const response = await t.call('GET', url);
    const csp = directives(response.headers['content-security-policy'] as string | undefined);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['script-src-attr']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp).not.toHaveProperty('upgrade-insecure-requests');
    cannotBeFramedSniffedOrReferred(response.headers);
  });

  it.each([
    ['an API answer', 'GET', '/api/login-options'],
    ['a heartbeat', 'POST', '/api/heartbeat'],
    ['an API error', 'GET', '/api/no-such-thing'],
    ['a refusal for missing credentials', 'GET', '/api/tokens'],
    ['the OpenAPI document', 'GET', '/api/openapi.json'],
  ])(
    '%s (%s %s) allows nothing to load or run and cannot be framed, sniffed or referred',
    async (_what, method, url) => {
      const response = await t.call(
        method as 'GET' | 'POST',
        url,
        method === 'POST' ? { body: { id: 'X', uuid: 'dXVpZA==' } } : undefined,
      );
      expect(directives(response.headers['content-security-policy'] as string | undefined)).toEqual({
        'default-src': ["'none'"],
        'frame-ancestors': ["'none'"],
      });
      cannotBeFramedSniffedOrReferred(response.headers);
    },
  );
});
