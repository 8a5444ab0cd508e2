/**
 * `npm run screenshots`: the README's pictures of the console. Starts a real rdconsole on a fresh
 * database, fills it through the API as clients and an administrator would, and saves the main
 * pages as docs/screenshots/<page>.png (1280 × 800, light theme).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  type ConsoleServer,
  ensureConsoleBuilt,
  launchBrowser,
  logIn,
  startConsoleServer,
} from '../test/browser/harness.js';
import { heartbeatBody, sysinfoBody } from '../test/helpers/client.js';

const OUT = path.resolve(import.meta.dirname, '../docs/screenshots');

/** The console's pages to show, in the README's order, with what marks each as loaded. */
const PAGES: { file: string; path: string; ready: string; click?: string }[] = [
  { file: 'welcome', path: '/welcome', ready: 'Client configuration' },
  { file: 'devices', path: '/devices', ready: '1–20 of 24' },
  { file: 'users', path: '/users', ready: 'alice' },
  { file: 'user-groups', path: '/groups/users', ready: 'Engineering' },
  { file: 'address-books', path: '/address-books', ready: 'Sales' },
  { file: 'strategies', path: '/strategies', ready: 'Locked down' },
  { file: 'strategy-options', path: '/strategies', ready: 'Locked down', click: 'Options' },
  { file: 'connection-logs', path: '/logs/connections', ready: '100000004' },
  { file: 'settings', path: '/settings', ready: 'API tokens' },
];

const MACHINES = [
  ['windows / Windows 11 Pro - 11 (22631)', 'reception', 'frontdesk'],
  ['linux / Ubuntu 24.04', 'build-server', 'ci'],
  ['Mac OS / 14.5', 'design-mac', 'emma'],
  ['android / Android 14', 'field-tablet', 'field'],
] as const;

async function call<T>(server: ConsoleServer, token: string, method: string, url: string, body?: unknown) {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  // The client API answers some calls with plain text (sysinfo: "SYSINFO_UPDATED").
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : undefined) as T;
}

const ADMIN_PASSWORD = 'screenshots-only';

/** A small, plausible organisation: groups, users, 24 devices (some online), a strategy, a shared book, logs. */
async function seed(server: ConsoleServer): Promise<void> {
  const anonymous = (url: string, body: unknown) => call(server, '', 'POST', url, body);
  const { access_token: admin } = await call<{ access_token: string }>(server, '', 'POST', '/api/login', {
    username: 'admin',
    password: 'test1234',
  });
  const as = <T>(method: string, url: string, body?: unknown) => call<T>(server, admin, method, url, body);

  // The public key of an hbbs, and a relay, as an administrator enters them under Settings.
  await as('PATCH', '/api/settings', {
    server_public_key: Buffer.from('rdconsole README screenshots: 32').toString('base64'),
    relay_servers: ['relay.example.com'],
  });
  await as('POST', '/api/device-groups', { name: 'Servers', note: 'Data centre' });
  await as('POST', '/api/device-groups', { name: 'Front desk' });
  await as('POST', '/api/user-groups', {
    name: 'Engineering',
    note: 'Developers and operations',
    allowed_outgoings: [{ type: 1, name: 'Servers' }],
  });
  await as('POST', '/api/user-groups', {
    name: 'Support',
    allowed_outgoings: [{ type: 1, name: 'Front desk' }],
  });
  const people: [string, string, string][] = [
    ['alice', 'Alice Martin', 'Engineering'],
    ['bob', 'Bob Chen', 'Support'],
    ['carol', 'Carol Díaz', 'Support'],
    ['dave', 'Dave Okafor', 'Engineering'],
  ];
  for (const [name, displayName, group] of people)
    await as('POST', '/api/users', {
      name,
      display_name: displayName,
      password: `${name}-password`,
      group_name: group,
      email: `${name}@example.com`,
    });

  for (let n = 1; n <= 24; n += 1) {
    const id = String(100000000 + n);
    const [os, host, user] = MACHINES[n % MACHINES.length] ?? MACHINES[0];
    await anonymous('/api/sysinfo', sysinfoBody(id, { os, hostname: `${host}-${n}`, username: user }));
    if (n % 3 !== 0) await anonymous('/api/heartbeat', heartbeatBody(id));
  }
  const assignments: [string, Record<string, string>][] = [
    ['100000001', { user_name: 'alice', device_group_name: 'Servers' }],
    ['100000002', { user_name: 'bob', device_group_name: 'Front desk' }],
    ['100000003', { user_name: 'carol' }],
    ['100000005', { device_group_name: 'Servers' }],
  ];
  const { data: devices } = await as<{ data: { guid: string; id: string }[] }>(
    'GET',
    '/api/devices?pageSize=100',
  );
  const guidOf = (id: string) => devices.find((device) => device.id === id)?.guid ?? '';
  for (const [id, assign] of assignments)
    await as('POST', '/api/devices/bulk', { action: 'assign', guids: [guidOf(id)], assign });

  const strategy = await as<{ guid: string }>('POST', '/api/strategies', {
    name: 'Locked down',
    options: { 'enable-file-transfer': 'N', 'approve-mode': 'password' },
  });
  await as('POST', '/api/strategies/assign', {
    strategy: strategy.guid,
    peers: [guidOf('100000002')],
    users: [],
    groups: [],
  });
  await as('POST', '/api/strategies', { name: 'Default', options: {} });

  await as('POST', '/api/ab/shared/add', { name: 'Sales', note: 'Customer machines', info: {} });

  // A new password, so that the pages show without the initial-password banner.
  const { data: admins } = await as<{ data: { guid: string }[] }>('GET', '/api/users?name=admin');
  await as('PATCH', `/api/users/${admins[0]?.guid}`, {
    password: ADMIN_PASSWORD,
    current_password: 'test1234',
  });

  // Connections as controlled devices report them: opened, authorised, closed.
  for (let n = 0; n < 6; n += 1) {
    const id = String(100000004 + n);
    const base = { id, uuid: `uuid-${id}`, conn_id: n + 1 };
    await anonymous('/api/audit/conn', {
      ...base,
      session_id: 0,
      nonce: randomUUID(),
      ip: '192.0.2.7',
      action: 'new',
    });
    await anonymous('/api/audit/conn', {
      ...base,
      session_id: 9000 + n,
      nonce: randomUUID(),
      peer: ['100000001', 'alice@build-server'],
      type: n % 3,
    });
    if (n % 2 === 0)
      await anonymous('/api/audit/conn', {
        ...base,
        session_id: 9000 + n,
        nonce: randomUUID(),
        action: 'close',
      });
  }
}

async function capture(page: Page, server: ConsoleServer, target: (typeof PAGES)[number]) {
  await page.goto(`${server.url}${target.path}`);
  await page.getByText(target.ready, { exact: false }).first().waitFor({ timeout: 15_000 });
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
  if (target.click) {
    await page.getByRole('button', { name: target.click }).first().click();
    await page.getByRole('dialog').waitFor();
    await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
  }
  await page.screenshot({ path: path.join(OUT, `${target.file}.png`) });
  console.log(`docs/screenshots/${target.file}.png`);
}

async function main(): Promise<void> {
  await ensureConsoleBuilt();
  const [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
  try {
    await seed(server);
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
      colorScheme: 'light',
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    await logIn(page, server, 'admin', ADMIN_PASSWORD);
    fs.mkdirSync(OUT, { recursive: true });
    for (const target of PAGES) await capture(page, server, target);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
