import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMITS, DEFAULT_BODY_LIMIT } from '../../src/http/body-limits.js';
import { MAX_JSON_DEPTH } from '../../src/lib/json.js';
import { createUser } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** `[[…[]…]]` nested `depth` levels. */
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** A sysinfo body whose unknown field nests `depth` levels (the object itself is one more). */
const sysinfoWithNesting = (depth: number) =>
  `{"id": "123456789", "uuid": "dXVpZC0x", "extra": ${nested(depth)}}`;

describe('an attacker sending nested or oversized JSON', () => {
  let t: TestApp;
  let member: string;

  beforeAll(async () => {
    t = await startTestApp();
    await createUser(t.db, { name: 'member', password: 'member-pass' });
    member = await t.login('member', 'member-pass');
  });
  afterAll(() => t.close());

  it('a depth bomb to POST /api/sysinfo (no credentials) answers 400 naming the limit, not 500', async () => {
    const response = await t.call('POST', '/api/sysinfo', { payload: sysinfoWithNesting(10_000) });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: `request body is nested more than ${MAX_JSON_DEPTH} levels deep`,
      code: 'json_too_deep',
      depth: MAX_JSON_DEPTH,
      field: 'request body',
    });
  });

  it(`JSON nested ${MAX_JSON_DEPTH} levels is accepted, one more is refused`, async () => {
    const deepest = await t.call('POST', '/api/sysinfo', { payload: sysinfoWithNesting(MAX_JSON_DEPTH - 1) });
    expect(deepest.body).toBe('SYSINFO_UPDATED');
    const deeper = await t.call('POST', '/api/sysinfo', { payload: sysinfoWithNesting(MAX_JSON_DEPTH) });
    expect(deeper.statusCode).toBe(400);
  });

  it('brackets inside strings do not count as nesting', async () => {
    const response = await t.call('POST', '/api/sysinfo', {
      body: { id: '123456789', uuid: 'dXVpZC0x', hostname: `[{"\\${nested(1000)}` },
    });
    expect(response.body).toBe('SYSINFO_UPDATED');
  });

  it('a depth bomb inside the legacy address book blob answers 400', async () => {
    const response = await t.call('POST', '/api/ab', {
      token: member,
      body: { data: `{"peers": [{"id": "1", "alias": ${nested(10_000)}}]}` },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: `data is nested more than ${MAX_JSON_DEPTH} levels deep`,
      code: 'json_too_deep',
      depth: MAX_JSON_DEPTH,
      field: 'data',
    });
  });

  it.each([
    ['/api/heartbeat', 16 * KiB],
    ['/api/login', 16 * KiB],
    ['/api/sysinfo', 64 * KiB],
    ['/api/audit/conn', 64 * KiB],
    ['/api/audit/file', 64 * KiB],
    ['/api/audit/alarm', 64 * KiB],
  ])('POST %s above %i bytes answers 413 with {"error"}', async (url, limit) => {
    const payload = JSON.stringify({ id: '123456789', filler: 'x'.repeat(limit) });
    const response = await t.call('POST', url, { payload });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ error: 'request body is too large', code: 'body_too_large' });
  });

  it('the 413 comes from Content-Length alone, before the body is read', async () => {
    const response = await t.call('POST', '/api/sysinfo', {
      payload: '{"id": "123456789"}',
      headers: { 'content-length': String(64 * KiB + 1) },
    });
    expect(response.statusCode).toBe(413);
  });

  it('the management API keeps the 1 MiB default', async () => {
    expect(DEFAULT_BODY_LIMIT).toBe(MiB);
    const admin = await t.adminSession();
    const response = await t.call('POST', '/api/users', {
      token: admin,
      payload: JSON.stringify({ name: 'x'.repeat(MiB) }),
    });
    expect(response.statusCode).toBe(413);
  });

  it('every entry of the body-limit table names a route that exists', () => {
    const routes = new Set(t.app.routeAccess.map((route) => `${route.method} ${route.url}`));
    for (const key of Object.keys(BODY_LIMITS)) expect(routes, key).toContain(key);
  });
});
