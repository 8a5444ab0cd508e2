import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, onTestFinished } from 'vitest';
import { type DatabaseHandle, type DatabaseTarget, openDatabase } from '../../src/db/connection.js';
import { collect, freePort, spawnRdconsole, waitForOutput } from '../helpers/cli.js';
import { sysinfoBody } from '../helpers/client.js';
import { createTestDatabaseUrl, TEST_DIALECT } from '../helpers/database.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WEB_DIR = path.join(ROOT, 'web');
const BUILT_INDEX = path.join(ROOT, 'dist/web/index.html');
const BUILD_LOCK = path.join(ROOT, 'dist/.web-build.lock');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
/** Server files the console bundles (the catalogue of error codes). */
const BUNDLED_SERVER_FILES = ['src/http/error-catalogue.ts', 'src/domain/custom-clients/config-string.ts'];

export const CHROMIUM = '/usr/bin/chromium';

/** Every page of the console an administrator opens from the menu. */
export const ADMIN_PAGES = [
  '/welcome',
  '/devices',
  '/users',
  '/groups/users',
  '/groups/devices',
  '/address-books',
  '/strategies',
  '/custom-clients',
  '/logs/connections',
  '/logs/files',
  '/logs/alarms',
  '/logs/console',
  '/settings',
  '/account',
];

/** Debian's Chromium, headless, with everything that would call out to the internet turned off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

function newestModification(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function isBuildCurrent(): boolean {
  if (!fs.existsSync(BUILT_INDEX)) return false;
  const sources = Math.max(
    newestModification(WEB_DIR),
    fs.statSync(path.join(ROOT, 'package-lock.json')).mtimeMs,
    ...BUNDLED_SERVER_FILES.map((file) => fs.statSync(path.join(ROOT, file)).mtimeMs),
  );
  return fs.statSync(BUILT_INDEX).mtimeMs >= sources;
}

async function acquireLock(timeoutMs: number): Promise<() => void> {
  fs.mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.mkdirSync(BUILD_LOCK);
      return () => fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run: a build never takes this long.
      const lock = fs.statSync(BUILD_LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > 10 * 60_000)
        fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${BUILD_LOCK}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/**
 * Builds the console (vite build into dist/web) unless the build is newer than every file of web/.
 * Test files of both databases run at once; the lock makes them build once, one at a time.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  if (isBuildCurrent()) return;
  const release = await acquireLock(5 * 60_000);
  try {
    if (isBuildCurrent()) return;
    const build = spawn(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'web/vite.config.ts',
        '--logLevel',
        'warn',
      ],
      // Vitest sets NODE_ENV=test, which would make Vite bundle React's and antd's development builds.
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_ENV: 'production', RDCONSOLE_KEEP_OLD_ASSETS: '1' },
      },
    );
    const result = await collect(build);
    if (result.code !== 0) throw new Error(`vite build failed:\n${result.stdout}${result.stderr}`);
  } finally {
    release();
  }
}

export interface ConsoleServer {
  url: string;
  /** Opens the server's database (the dialect under test) for setting up data; close it after use. */
  openDatabase(): DatabaseHandle;
  stop(): Promise<void>;
}

/**
 * A real `rdconsole serve` on a fresh database and a free port, as an administrator would start it,
 * with `options` (environment variables) beside the database's.
 */
export async function startConsoleServer(options: Record<string, string> = {}): Promise<ConsoleServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-browser-'));
  const env: Record<string, string> = { ...options, RDCONSOLE_DATA_DIR: dataDir };
  let target: DatabaseTarget = { kind: 'sqlite', file: path.join(dataDir, 'rdconsole.sqlite3') };
  let dropDatabase: (() => Promise<void>) | undefined;
  if (TEST_DIALECT === 'postgres') {
    const database = await createTestDatabaseUrl();
    env.DATABASE_URL = database.url;
    target = { kind: 'postgres', url: database.url };
    dropDatabase = database.drop;
  }
  const port = await freePort();
  const child: ChildProcess = spawnRdconsole(['serve', '--port', String(port), '--host', '127.0.0.1'], env);
  const finished = collect(child);
  await waitForOutput(child, /listening on http:\/\//, 30_000);
  return {
    url: `http://127.0.0.1:${port}`,
    openDatabase: () => openDatabase(target),
    async stop() {
      child.kill('SIGTERM');
      await finished;
      await dropDatabase?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A page in a fresh browser profile (no stored token or preferences), desktop-sized unless told,
 * for the current test. When the test ends, its final page is saved as test-artifacts/<name>-<dialect>.png
 * and the profile closed; the test fails if the page asked anything of a host other than the
 * server (the console must work on a closed network: no CDN, no web fonts, no telemetry), or if the
 * browser refused anything under the server's Content-Security-Policy.
 * The profile asks for reduced motion, which turns antd's animations off: a click then never lands
 * on a menu still sliding in.
 */
export async function openPage(
  browser: Browser,
  name: string,
  viewport = { width: 1280, height: 900 },
): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale: 'en-US',
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const elsewhere: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!/^(data|blob):/.test(url) && !url.startsWith('http://127.0.0.1:')) elsewhere.push(url);
  });
  const violations = await watchContentSecurityPolicy(page);
  onTestFinished(async ({ task }) => {
    const failed = task.result?.state === 'fail';
    if (failed) console.error(`${name} failed at ${page.url()}`);
    await saveScreenshot(page, failed ? `FAILED-${name}` : name).catch(() => undefined);
    await context.close();
    if (elsewhere.length > 0) throw new Error(`the console asked other hosts: ${elsewhere.join(', ')}`);
    if (violations.length > 0) {
      throw new Error(`the Content-Security-Policy refused: ${violations.join('; ')}`);
    }
  });
  return page;
}

const CSP_VIOLATION = 'csp-violation:';

/**
 * Collects what the browser refuses under the Content-Security-Policy: the securitypolicyviolation
 * events of every document of the page, and Chromium's own console errors about the policy.
 */
export async function watchContentSecurityPolicy(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.addInitScript(
    `document.addEventListener('securitypolicyviolation', (event) => console.error(` +
      `'${CSP_VIOLATION} ' + event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline')))`,
  );
  page.on('console', (message) => {
    const text = message.text();
    if (
      text.startsWith(CSP_VIOLATION) ||
      (message.type() === 'error' && /Content Security Policy/.test(text))
    ) {
      violations.push(text);
    }
  });
  return violations;
}

/** Saves the page as test-artifacts/<name>-<dialect>.png, to look at after the run. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${TEST_DIALECT}.png`), fullPage: true });
}

/**
 * Logs in through the login page and waits for the Welcome page's frame. (The address changes
 * first: React keeps the login page on screen until the next page's code has loaded.)
 */
export async function logIn(
  page: Page,
  server: ConsoleServer,
  name: string,
  password: string,
): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await page.waitForURL(`${server.url}/welcome`);
  await page.getByRole('button', { name: 'User menu' }).waitFor();
}

/** The server and the browser of a test file, available once its `beforeAll` has run. */
export interface ConsoleUnderTest {
  readonly server: ConsoleServer;
  readonly browser: Browser;
}

/**
 * Registers the `beforeAll` that builds the console, starts a server (with `options`, environment
 * variables) and a browser and then runs `seed` (the file's data), and the `afterAll` that closes
 * both. Call it inside the `describe`.
 */
export function useConsole(
  seed?: (server: ConsoleServer) => Promise<void>,
  options?: Record<string, string>,
): ConsoleUnderTest {
  let server: ConsoleServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensureConsoleBuilt();
    [server, browser] = await Promise.all([startConsoleServer(options), launchBrowser()]);
    await seed?.(server);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('the console server is not started: use it inside a test');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not launched: use it inside a test');
      return browser;
    },
  };
}

/** Calls to the server's API that fail the test unless answered 200; JSON answers are parsed. */
export interface Api {
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  patch<T = unknown>(path: string, body: unknown): Promise<T>;
  put<T = unknown>(path: string, body: unknown): Promise<T>;
  delete<T = unknown>(path: string): Promise<T>;
}

/** The API as the holder of `token` sees it; without a token, as a RustDesk client calls it. */
export function api(server: ConsoleServer, token?: string): Api {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    expect(response.status, `${method} ${path}: ${text}`).toBe(200);
    const json = response.headers.get('content-type')?.includes('application/json') && text !== '';
    // The caller names the answer's shape: these are the server's own answers, checked by its tests.
    return (json ? JSON.parse(text) : text) as T;
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    patch: (path, body) => call('PATCH', path, body),
    put: (path, body) => call('PUT', path, body),
    delete: (path) => call('DELETE', path),
  };
}

/** Logs in through the API and returns the access token. */
export async function loginToken(server: ConsoleServer, name: string, password: string): Promise<string> {
  const answer = await api(server).post<{ access_token: string }>('/api/login', {
    username: name,
    password,
  });
  return answer.access_token;
}

/** The token of the administrator every fresh server has. */
export const adminToken = (server: ConsoleServer): Promise<string> => loginToken(server, 'admin', 'test1234');

/** A device registering itself as a RustDesk client does (client-api.md §4), with `extra` fields. */
export async function registerDevice(
  server: ConsoleServer,
  id: string,
  extra: Record<string, string> = {},
): Promise<void> {
  await api(server).post('/api/sysinfo', sysinfoBody(id, extra));
}

/** The API as the administrator sees it, with a fresh token. */
export async function adminApi(server: ConsoleServer): Promise<Api> {
  return api(server, await adminToken(server));
}

/** Runs `use` on the server's database, to set up data the API cannot, and closes it afterwards. */
export async function withDatabase<T>(
  server: ConsoleServer,
  use: (db: DatabaseHandle['db']) => Promise<T>,
): Promise<T> {
  const database = server.openDatabase();
  try {
    return await use(database.db);
  } finally {
    await database.close();
  }
}
