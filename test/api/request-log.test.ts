import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PUBLIC } from '../../src/http/access.js';
import { heartbeatBody, sysinfoBody } from '../helpers/client.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

const INFO = 30;
const DEBUG = 20;

/** A server whose log lines the test reads, with a slow route and a failing one. */
async function startLoggedApp(log: {
  level: 'info' | 'debug';
  accessLog?: boolean;
  slowRequestMs?: number;
  summaryIntervalMs?: number;
}): Promise<{ t: TestApp; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  const t = await startTestApp({
    log: { ...log, stream: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) } },
    extraRoutes: (app: FastifyInstance) => {
      app.get('/test/slow', { config: { access: PUBLIC } }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 250));
        return {};
      });
      app.get('/test/fail', { config: { access: PUBLIC } }, async () => {
        throw new Error('the disk is on fire');
      });
    },
  });
  return { t, lines };
}

/** Requests that RustDesk clients and the console make all the time, a token in a query string among them. */
async function ordinaryRequests(t: TestApp): Promise<number> {
  await t.call('POST', '/api/sysinfo', { body: sysinfoBody('100000001') });
  for (let i = 0; i < 6; i++) await t.call('POST', '/api/heartbeat', { body: heartbeatBody('100000001') });
  await t.call('GET', '/api/login-options', {
    query: { token: 'SECRET-query-token' },
    headers: { authorization: 'Bearer rdcs_SECRET-header-token' },
  });
  await t.call('GET', '/api/no-such-thing');
  await t.call('GET', '/api/tokens', { headers: { authorization: 'Bearer rdcs_SECRET-header-token' } });
  return 10;
}

describe('the log by default: no line per request, failures and slow requests, a summary', () => {
  const SUMMARY_MS = 1000;
  let t: TestApp;
  let lines: LogLine[];
  beforeAll(async () => {
    // Only the summary's timer is faked: the test moves it, everything else runs for real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    ({ t, lines } = await startLoggedApp({ level: 'info', summaryIntervalMs: SUMMARY_MS }));
  });
  afterAll(async () => {
    await t.close();
    vi.useRealTimers();
  });

  it('ordinary requests, refusals included, write no line', async () => {
    await ordinaryRequests(t);
    expect(lines).toEqual([]);
  });

  it('an unexpected error writes one line with the request (method, path, address) and never a secret', async () => {
    const response = await t.call('GET', '/test/fail', {
      query: { token: 'SECRET-query-token' },
      headers: { authorization: 'Bearer rdcs_SECRET-header-token' },
    });
    expect(response.statusCode).toBe(500);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: 'unexpected error',
      status: 500,
      req: { method: 'GET', url: '/test/fail', ip: '127.0.0.1' },
      err: { message: 'the disk is on fire' },
      // The request's logger is made only when it writes, with the request id all the same.
      reqId: expect.any(String),
    });
    expect(JSON.stringify(lines)).not.toContain('SECRET');
    lines.length = 0;
  });

  it('the summary counts the interval: requests, heartbeats, refusals, failures, rates and devices online', async () => {
    // Within the online window of the heartbeats, so that their device counts as online.
    t.clock.advance(30_000);
    vi.advanceTimersByTime(SUMMARY_MS);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: INFO,
      msg: 'summary: 0.4 requests/s, 0.2 heartbeats/s, devices online: 1',
      seconds: 30,
      requests: 11,
      heartbeats: 6,
      refused: 2,
      failed: 1,
      slow: 0,
      requestsPerSecond: 0.4,
      heartbeatsPerSecond: 0.2,
      devicesOnline: 1,
    });
    lines.length = 0;
  });

  it('an interval without requests writes no summary', () => {
    t.clock.advance(60_000);
    vi.advanceTimersByTime(SUMMARY_MS);
    expect(lines).toEqual([]);
  });
});

describe('a slow request', () => {
  let t: TestApp;
  let lines: LogLine[];
  beforeAll(async () => {
    ({ t, lines } = await startLoggedApp({ level: 'info', slowRequestMs: 100 }));
  });
  afterAll(() => t.close());

  it('writes a warning with the request, its status and how long it took', async () => {
    await t.call('GET', '/test/slow', { query: { token: 'SECRET-query-token' } });
    const slow = lines.filter((line) => line.msg === 'slow request');
    expect(slow).toHaveLength(1);
    expect(slow[0]).toMatchObject({
      level: 40,
      status: 200,
      req: { method: 'GET', url: '/test/slow', ip: '127.0.0.1' },
    });
    expect(slow[0]?.ms).toBeGreaterThanOrEqual(100);
    expect(JSON.stringify(lines)).not.toContain('SECRET');
  });
});

describe('--access-log', () => {
  it('writes one line per request, at info, but heartbeats only at debug', async () => {
    const { t, lines } = await startLoggedApp({ level: 'debug', accessLog: true });
    try {
      const requests = await ordinaryRequests(t);
      expect(lines).toHaveLength(requests);
      const heartbeats = lines.filter(
        (line) => line.req && (line.req as { url: string }).url === '/api/heartbeat',
      );
      expect(heartbeats).toHaveLength(6);
      for (const line of heartbeats)
        expect(line).toMatchObject({ level: DEBUG, msg: 'request', status: 200 });
      const others = lines.filter((line) => !heartbeats.includes(line));
      expect(others.map((line) => [line.level, line.status, line.req])).toEqual([
        [INFO, 200, { method: 'POST', url: '/api/sysinfo', ip: '127.0.0.1' }],
        [INFO, 200, { method: 'GET', url: '/api/login-options', ip: '127.0.0.1' }],
        [INFO, 404, { method: 'GET', url: '/api/no-such-thing', ip: '127.0.0.1' }],
        [INFO, 401, { method: 'GET', url: '/api/tokens', ip: '127.0.0.1' }],
      ]);
      for (const line of lines) expect(line.ms).toEqual(expect.any(Number));
      expect(new Set(lines.map((line) => line.reqId)).size).toBe(requests);
      expect(JSON.stringify(lines)).not.toContain('SECRET');
    } finally {
      await t.close();
    }
  });

  it('at the info level writes nothing for heartbeats', async () => {
    const { t, lines } = await startLoggedApp({ level: 'info', accessLog: true });
    try {
      await t.call('POST', '/api/sysinfo', { body: sysinfoBody('100000002') });
      lines.length = 0;
      for (let i = 0; i < 3; i++)
        await t.call('POST', '/api/heartbeat', { body: heartbeatBody('100000002') });
      expect(lines).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
