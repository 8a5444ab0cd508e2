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

  it.each([
    ['the console', '/'],
    ['a console page', '/welcome'],
    ['an API answer', '/api/login-options'],
    ['an API error', '/api/no-such-thing'],
    ['a refusal for missing credentials', '/api/tokens'],
    ['the API reference', '/api/docs/static/index.html'],
    ['the OpenAPI document', '/api/openapi.json'],
  ])('%s (%s) cannot be framed, sniffed or run inline script, and sends no referrer', async (_what, url) => {
    const response = await t.call('GET', url);
    const csp = directives(response.headers['content-security-policy'] as string | undefined);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['script-src-attr']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['default-src']).toEqual(["'self'"]);
    // Served over plain HTTP on a LAN as often as behind TLS: nothing may force https.
    expect(csp).not.toHaveProperty('upgrade-insecure-requests');
    expect(response.headers).not.toHaveProperty('strict-transport-security');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });
});
