import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../src/lib/clock.js';
import { uuidv7 } from '../../src/lib/ids.js';
import { heartbeatBody } from '../helpers/client.js';
import { createDevice, createUser } from '../helpers/factories.js';
import { api, logIn, openPage, registerDevice, useConsole, withDatabase } from './harness.js';

const VERSION = (
  JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** Reads a config string the way the RustDesk client does: reverse, base64url without padding, JSON. */
function readConfig(configString: string): Record<string, string> {
  const reversed = [...configString].reverse().join('');
  expect(reversed).toMatch(/^[A-Za-z0-9_-]+$/);
  return JSON.parse(Buffer.from(reversed, 'base64url').toString('utf8'));
}

const figure = async (page: Page, id: string) =>
  (await page.getByTestId(`figure-${id}`).locator('.ant-statistic-content').textContent())?.trim();

describe('the Welcome page', { timeout: 90_000 }, () => {
  const app = useConsole(async (server) => {
    // Two devices register through the client API; one of them belongs to alice, and one more too.
    for (const id of ['200000001', '200000002']) await registerDevice(server, id);
    await api(server).post('/api/heartbeat', heartbeatBody('200000001'));
    await withDatabase(server, async (db) => {
      const alice = await createUser(db, { name: 'alice', password: 'alice-pass' });
      const now = Date.now();
      await createDevice(db, { peerId: '200000003', userId: alice });
      await createDevice(db, { peerId: '200000004', userId: alice, lastOnline: now - 10 * DAY_MS });
      // One connection to alice's device an hour ago, one two days ago; an alarm of another device.
      const record = (peerId: string, at: number) => ({
        guid: uuidv7(),
        device_peer_id: peerId,
        conn_id: 1,
        created_at: at,
      });
      await db
        .insertInto('conn_audits')
        .values([record('200000003', now - HOUR_MS), record('200000003', now - 2 * DAY_MS)])
        .execute();
      await db
        .insertInto('alarm_audits')
        .values({ ...record('200000001', now - HOUR_MS), typ: 2 })
        .execute();
    });
  });

  it('shows an administrator the version, the server’s counts and a working client config', async () => {
    const page = await openPage(app.browser, 'welcome-administrator');
    await logIn(page, app.server, 'admin', 'test1234');
    await page.getByRole('heading', { name: `Welcome to rdconsole ${VERSION}` }).waitFor();
    expect(await figure(page, 'version')).toBe(VERSION);
    expect(await figure(page, 'users')).toBe('2');
    expect(await figure(page, 'devices')).toBe('4');
    expect(await figure(page, 'online')).toBe('1');
    // 200000002 registered but never sent a heartbeat: not seen online.
    expect(await figure(page, 'seen-7-days')).toBe('1');
    expect(await figure(page, 'seen-30-days')).toBe('2');
    expect(await figure(page, 'connections')).toBe('1');
    expect(await figure(page, 'alarms')).toBe('1');
    await page.getByText('Connections, last 24 hours').waitFor();

    const port = new URL(app.server.url).port;
    const configText = page.getByTestId('config-string').locator('code');
    const config = readConfig((await configText.textContent()) ?? '');
    expect(config).toEqual({ host: '127.0.0.1', relay: '', api: `http://127.0.0.1:${port}`, key: '' });
    const exeName = await page.getByTestId('config-exe').locator('code').textContent();
    expect(exeName).toBe(`rustdesk-licensed-${await configText.textContent()}.exe`);
    await page.getByTestId('qr-code').waitFor();

    // Another host: the API follows it, and the config string with it.
    await page.getByTestId('config-host').fill('rustdesk.example.net');
    await expect
      .poll(async () => readConfig((await configText.textContent()) ?? ''))
      .toEqual({
        host: 'rustdesk.example.net',
        relay: '',
        api: 'http://rustdesk.example.net:21114',
        key: '',
      });
    // An address with a scheme is not a host: the form says so and offers no config.
    await page.getByTestId('config-host').fill('http://rustdesk.example.net');
    await page.getByText('A host name or address, without spaces or "http://"').waitFor();
    await page.getByText('Fill in the fields above to get a configuration.').waitFor();
    await page.getByTestId('config-host').fill('rustdesk.example.net');
    await configText.waitFor();
  });

  it('shows anyone else their own devices and only the pages that are theirs', async () => {
    const page = await openPage(app.browser, 'welcome-member-account');
    await logIn(page, app.server, 'alice', 'alice-pass');
    await page.getByTestId('figure-devices').waitFor();
    expect(await figure(page, 'devices')).toBe('2');
    expect(await figure(page, 'online')).toBe('0');
    expect(await figure(page, 'seen-7-days')).toBe('0');
    expect(await figure(page, 'seen-30-days')).toBe('1');
    expect(await figure(page, 'connections')).toBe('1');
    expect(await figure(page, 'alarms')).toBe('0');
    expect(await page.getByTestId('figure-users').count()).toBe(0);

    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    const entries = (await nav.getByRole('menuitem').allTextContents()).map((text) => text.trim());
    expect(entries).toEqual(['Welcome', 'My devices', 'Address books', 'My logs', 'Account']);
    await nav.getByRole('link', { name: 'Account' }).click();
    await page.waitForURL(`${app.server.url}/account`);
    await page.getByRole('heading', { name: 'Account' }).waitFor();

    // An administrator's page reached by its address says it is for administrators, and shows nothing of it.
    for (const address of ['/users', '/groups/users', '/strategies', '/settings', '/logs/console']) {
      await page.goto(`${app.server.url}${address}`);
      await page.getByText('Administrators only').waitFor();
      expect(await page.locator('.ant-table').count(), address).toBe(0);
    }
  });
});
