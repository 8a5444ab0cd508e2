import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAccessControl } from '../../src/http/access.js';
import { registerErrorHandling } from '../../src/http/error-handler.js';
import { serveConsole } from '../../src/http/static.js';
import { startTestApp } from '../helpers/test-app.js';

const INDEX = '<!doctype html><title>rdconsole</title><div id="root"></div>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});`;

/** A server with only what the console's routes depend on: access declarations and the error replies. */
async function consoleServer(root: string): Promise<FastifyInstance> {
  const app = Fastify({ routerOptions: { ignoreTrailingSlash: true } });
  registerErrorHandling(app);
  registerAccessControl(app);
  await serveConsole(app, root);
  await app.ready();
  return app;
}

describe('serving the built console', () => {
  let root: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-web-'));
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'index.html'), INDEX);
    fs.writeFileSync(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    fs.writeFileSync(path.join(root, 'assets/index-Bx3f9a.js'), SCRIPT);
    fs.writeFileSync(path.join(root, 'assets/index-Bx3f9a.js.gz'), gzipSync(SCRIPT));
    app = await consoleServer(root);
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers index.html at / and at every console route, never cached without revalidation', async () => {
    for (const url of ['/', '/welcome', '/account', '/devices/1849118658?tab=info', '/web']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.body, url).toBe(INDEX);
    }
    expect((await app.inject({ method: 'HEAD', url: '/' })).statusCode).toBe(200);
  });

  it('serves hashed assets with a long cache, and the precompressed copy to a browser that takes gzip', async () => {
    const plain = await app.inject({ method: 'GET', url: '/assets/index-Bx3f9a.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toMatch(/javascript/);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);

    const gzipped = await app.inject({
      method: 'GET',
      url: '/assets/index-Bx3f9a.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['content-type']).toMatch(/javascript/);
    expect(gzipped.headers.vary).toMatch(/accept-encoding/i);
    expect(gzipped.rawPayload.length).toBeLessThan(SCRIPT.length);
  });

  it('serves other files of the build, revalidated', async () => {
    const response = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/image\/svg/);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('serves a new build without a restart', async () => {
    fs.writeFileSync(path.join(root, 'assets/index-N3wB1d.js'), SCRIPT);
    const response = await app.inject({ method: 'GET', url: '/assets/index-N3wB1d.js' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(SCRIPT);
  });

  it('does not hand out the precompressed copies or hidden files as files of their own', async () => {
    fs.writeFileSync(path.join(root, '.env'), 'SECRET=1');
    expect((await app.inject({ method: 'GET', url: '/assets/index-Bx3f9a.js.gz' })).statusCode).toBe(404);
    const hidden = await app.inject({ method: 'GET', url: '/.env' });
    expect(hidden.body).toBe(INDEX);
  });

  it('a missing asset is a 404, not the page (a browser would try to run HTML as a script)', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/index-old.js' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: 'No such endpoint: GET /assets/index-old.js',
      code: 'no_such_endpoint',
      method: 'GET',
      path: '/assets/index-old.js',
    });
  });

  it('unknown /api/ paths keep their JSON 404', async () => {
    for (const url of ['/api/nope', '/api', '/api/users/x/y?z=1']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error, url).toMatch(/^No such endpoint: GET \/api/);
    }
    expect((await app.inject({ method: 'POST', url: '/welcome' })).statusCode).toBe(404);
  });

  it('never reads outside the build: traversal and undecodable paths get the page or a 404', async () => {
    for (const url of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2findex.html']) {
      const response = await app.inject({ method: 'GET', url });
      expect([200, 404], url).toContain(response.statusCode);
      if (response.statusCode === 200) expect(response.body, url).toBe(INDEX);
    }
    const undecodable = await app.inject({ method: 'GET', url: '/%E0%A4%A' });
    expect(undecodable.statusCode).toBe(400);
  });
});

describe('before the console is built', () => {
  it('answers a hint instead of the page, and the API is unaffected', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-web-empty-'));
    const app = await consoleServer(path.join(root, 'missing'));
    try {
      const page = await app.inject({ method: 'GET', url: '/welcome' });
      expect(page.statusCode).toBe(503);
      expect(page.headers['content-type']).toMatch(/^text\/plain/);
      expect(page.body).toContain('npm run build');
      expect((await app.inject({ method: 'GET', url: '/api/nope' })).json()).toEqual({
        error: 'No such endpoint: GET /api/nope',
        code: 'no_such_endpoint',
        method: 'GET',
        path: '/api/nope',
      });
    } finally {
      await app.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the console in the real server', () => {
  it('is registered after the API: API routes win, unknown API paths stay JSON', async () => {
    const t = await startTestApp();
    try {
      expect((await t.call('GET', '/api/login-options')).json()).toEqual([]);
      const unknown = await t.call('GET', '/api/nope');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toEqual({
        error: 'No such endpoint: GET /api/nope',
        code: 'no_such_endpoint',
        method: 'GET',
        path: '/api/nope',
      });
      expect([200, 503]).toContain((await t.call('GET', '/')).statusCode);
      expect(t.app.routeAccess).toContainEqual({ method: 'GET', url: '/*', access: { kind: 'public' } });
    } finally {
      await t.close();
    }
  });
});
