import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { heartbeatBody } from '../helpers/client.js';
import { createDevice, createUser } from '../helpers/factories.js';
import {
  adminApi,
  api,
  type ConsoleServer,
  logIn,
  openPage,
  registerDevice,
  saveScreenshot,
  useConsole,
  withDatabase,
} from './harness.js';

const OFFICE_PC = '100000001';
const LIVE_PC = '100000002';
const CAROL_PC = '300000001';
const HELPDESK = '555000111';
const LIVE_CONN = 7;

/**
 * One connection as the controlled device reports it (client-api.md §4.4): "new", then "authorised"
 * with the controller and the kind of session, then (unless it stays open) "close".
 */
async function connection(
  server: ConsoleServer,
  device: string,
  connId: number,
  session: {
    remote: [string, string];
    type: number;
    primaryAuth?: number;
    twoFactor?: number;
    close: boolean;
  },
): Promise<void> {
  const base = { id: device, uuid: `uuid-${device}`, conn_id: connId };
  const sessionId = String(9_000_000 + connId);
  await api(server).post('/api/audit/conn', {
    ...base,
    session_id: 0,
    nonce: randomUUID(),
    ip: '192.0.2.7',
    action: 'new',
  });
  await api(server).post('/api/audit/conn', {
    ...base,
    session_id: sessionId,
    nonce: randomUUID(),
    peer: session.remote,
    type: session.type,
    ...(session.primaryAuth ? { primary_auth: session.primaryAuth } : {}),
    ...(session.twoFactor ? { two_factor: session.twoFactor } : {}),
  });
  if (session.close)
    await api(server).post('/api/audit/conn', {
      ...base,
      session_id: sessionId,
      nonce: randomUUID(),
      action: 'close',
    });
}

function heartbeat(server: ConsoleServer, device: string, conns: number[]) {
  return api(server).post<{ disconnect?: number[] }>('/api/heartbeat', heartbeatBody(device, { conns }));
}

async function openLog(page: Page, menuGroup: string, entry: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByText(menuGroup, { exact: true }).click();
  await nav.getByRole('link', { name: entry, exact: true }).click();
}

const rows = (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row');

describe('the Logs pages', { timeout: 90_000 }, () => {
  const app = useConsole(async (server) => {
    for (const id of [OFFICE_PC, LIVE_PC])
      await registerDevice(server, id, { hostname: `office-${id.slice(-1)}` });
    await withDatabase(server, async (db) => {
      const carol = await createUser(db, { name: 'carol', password: 'carol-pass' });
      await createDevice(db, { peerId: CAROL_PC, userId: carol, hostname: 'carol-laptop' });
    });

    await connection(server, OFFICE_PC, 1, {
      remote: [HELPDESK, 'helpdesk'],
      type: 1,
      primaryAuth: 2,
      twoFactor: 1,
      close: true,
    });
    await connection(server, CAROL_PC, 2, { remote: ['777000222', 'home-pc'], type: 4, close: true });
    await connection(server, LIVE_PC, LIVE_CONN, { remote: ['888000333', 'support'], type: 0, close: false });
    await heartbeat(server, LIVE_PC, [LIVE_CONN]);

    await api(server).post('/api/audit/file', {
      id: OFFICE_PC,
      uuid: `uuid-${OFFICE_PC}`,
      peer_id: HELPDESK,
      conn_id: 1,
      type: 0,
      path: 'C:\\Users\\alice\\Reports',
      is_file: false,
      info: JSON.stringify({
        ip: '192.0.2.7',
        name: 'helpdesk',
        num: 3,
        files: [
          ['q3-figures.xlsx', 2_500_000],
          ['summary.docx', 40_000],
          ['notes.txt', 120],
        ],
      }),
      nonce: randomUUID(),
    });
    await api(server).post('/api/audit/alarm', {
      id: OFFICE_PC,
      uuid: `uuid-${OFFICE_PC}`,
      typ: 1,
      info: JSON.stringify({ ip: '198.51.100.4', id: '666000444', name: 'guesser' }),
      conn_id: 3,
      nonce: randomUUID(),
    });
    await api(server).post('/api/audit/alarm', {
      id: LIVE_PC,
      uuid: `uuid-${LIVE_PC}`,
      typ: 9,
      info: JSON.stringify({ ip: '198.51.100.9', id: '666000555', name: 'intruder', conn_type: 'terminal' }),
      conn_id: 4,
      nonce: randomUUID(),
    });
  });

  it('connection log: names, filters, export, note and disconnect for an administrator', async () => {
    const page = await openPage(app.browser, 'logs-connections');
    await logIn(page, app.server, 'admin', 'test1234');
    await openLog(page, 'Logs', 'Connection');
    await page.waitForURL(`${app.server.url}/logs/connections`);
    await page.getByRole('heading', { name: 'Connection log' }).waitFor();
    await page.getByText('1–3 of 3').waitFor();

    const office = rows(page).filter({ hasText: OFFICE_PC });
    await office.getByText('File Transfer').waitFor();
    await office.getByText('One-time Password').waitFor();
    await office.getByText('2FA Code').waitFor();
    // The controlled device's copy button (the row's first) puts its ID on the clipboard and says so.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.url });
    await office.getByRole('button', { name: 'Copy', exact: true }).first().click();
    await office.getByRole('button', { name: 'Copied', exact: true }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(OFFICE_PC);
    await rows(page).filter({ hasText: CAROL_PC }).getByText('Terminal').waitFor();
    await rows(page).filter({ hasText: LIVE_PC }).getByText('Live').waitFor();
    await saveScreenshot(page, 'logs-connections-list');

    // Each column and filter says which side it is (in RustDesk the "remote ID" is the controlled one).
    await page.getByRole('columnheader', { name: 'Controlled device' }).waitFor();
    await page.getByRole('columnheader', { name: 'Controlling side', exact: true }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Remote ID' }).count()).toBe(0);

    // The controlled device by its ID.
    await page.getByRole('textbox', { name: 'Controlled device ID' }).fill(CAROL_PC);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(new RegExp(`device=${CAROL_PC}`));
    await page.getByText('1–1 of 1').waitFor();
    await rows(page).filter({ hasText: CAROL_PC }).getByText('Terminal').waitFor();
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByText('1–3 of 3').waitFor();

    // The controlling side by its ID with a wildcard: only the helpdesk session.
    await page.getByRole('textbox', { name: 'Controlling side', exact: true }).fill('555%');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/peer=555%25/);
    await page.getByText('1–1 of 1').waitFor();
    expect(await rows(page).count()).toBe(1);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = fs.readFileSync((await download.path()) ?? '', 'utf8');
    expect(csv).toContain(HELPDESK);
    expect(csv).toContain('File Transfer');
    expect(csv).not.toContain(CAROL_PC);

    await office.getByRole('button', { name: 'Edit note' }).click();
    const dialog = page.getByRole('dialog', { name: `Note on the connection to ${OFFICE_PC}` });
    await dialog.getByLabel('Note').fill('Quarterly report handed over');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await office.getByText('Quarterly report handed over').waitFor();

    // The type filter, then back to every record for the live one.
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByText('1–3 of 3').waitFor();
    await page.getByRole('combobox', { name: 'Type' }).fill('Terminal');
    await page.getByRole('combobox', { name: 'Type' }).press('Enter');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/conn_type=4/);
    await page.getByText('1–1 of 1').waitFor();
    await rows(page).filter({ hasText: CAROL_PC }).waitFor();
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByText('1–3 of 3').waitFor();

    const live = rows(page).filter({ hasText: LIVE_PC });
    await live.getByRole('button', { name: 'Disconnect' }).click();
    const confirm = page.getByRole('dialog', { name: 'Disconnect this connection?' });
    await confirm.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByText('The device closes the connection at its next report.').waitFor();
    // The device learns it on its next heartbeat.
    expect((await heartbeat(app.server, LIVE_PC, [LIVE_CONN])).disconnect).toEqual([LIVE_CONN]);
  });

  it('file transfer, alarm and console logs name their codes', async () => {
    const page = await openPage(app.browser, 'logs-files-alarms-console');
    await logIn(page, app.server, 'admin', 'test1234');

    await openLog(page, 'Logs', 'File transfer');
    await page.getByRole('heading', { name: 'File transfer log' }).waitFor();
    await page.getByText('1–1 of 1').waitFor();
    const transfer = rows(page).filter({ hasText: OFFICE_PC });
    await transfer.getByText('Controlled device → controlling side').waitFor();
    await transfer.getByText('C:\\Users\\alice\\Reports').waitFor();
    await saveScreenshot(page, 'logs-files-list');
    await transfer.getByRole('button', { name: '3 files' }).click();
    const files = page.getByRole('dialog', { name: 'Files of this transfer' });
    await files.getByText('q3-figures.xlsx').waitFor();
    await files.getByText('2.4 MB').waitFor();
    await files.getByRole('button', { name: 'Close' }).first().click();
    await files.waitFor({ state: 'hidden' });

    // The controlling side by its name; the controlled device by its ID.
    await page.getByRole('textbox', { name: 'Controlling side', exact: true }).fill('home%');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/peer=home%25/);
    await page.getByText('Nothing matches these filters').waitFor();
    await page.getByRole('textbox', { name: 'Controlling side', exact: true }).fill('helpdesk');
    await page.getByRole('textbox', { name: 'Controlled device ID' }).fill(OFFICE_PC);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/peer=helpdesk/);
    await page.getByText('1–1 of 1').waitFor();
    await page.getByRole('textbox', { name: 'Controlled device ID' }).fill(CAROL_PC);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(new RegExp(`device=${CAROL_PC}`));
    await page.getByText('Nothing matches these filters').waitFor();

    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Alarm', exact: true })
      .click();
    await page.getByRole('heading', { name: 'Alarm log' }).waitFor();
    await page.getByText('1–2 of 2').waitFor();
    const alarm = rows(page).filter({ hasText: OFFICE_PC });
    await alarm.getByText('Over 30 consecutive access attempts').waitFor();
    await alarm.getByText('666000444').waitFor();
    await rows(page).filter({ hasText: LIVE_PC }).getByText('Session scope violation').waitFor();
    await saveScreenshot(page, 'logs-alarms-list');

    // The alarm type filter: only the scope violation.
    await page.getByRole('combobox', { name: 'Type' }).fill('Session scope violation');
    await page.getByRole('combobox', { name: 'Type' }).press('Enter');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/typ=9/);
    await page.getByText('1–1 of 1').waitFor();
    await rows(page).filter({ hasText: LIVE_PC }).waitFor();
    expect(await rows(page).filter({ hasText: OFFICE_PC }).count()).toBe(0);

    // A range entirely in the future finds nothing, and the picker shows it.
    const tomorrow = Math.floor(Date.now() / 1000) + 86_400;
    await page.goto(`${app.server.url}/logs/alarms?from=${tomorrow}`);
    await page.getByText('Nothing matches these filters').waitFor();
    expect(await page.getByPlaceholder('From').inputValue()).not.toBe('');

    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Console', exact: true })
      .click();
    await page.getByRole('heading', { name: 'Console log' }).waitFor();
    // Logins are recorded, and so are the note edit and the disconnect of the test before.
    const login = rows(page).filter({ hasText: 'User Login' }).first();
    await login.getByText('User Management').waitFor();
    await login.getByText('admin').waitFor();
    await page.getByRole('combobox', { name: 'Operation' }).fill('Disconnect Device');
    await page.getByRole('combobox', { name: 'Operation' }).press('Enter');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/iop=5/);
    await page.getByText('1–1 of 1').waitFor();
    await rows(page).getByText(`connection: ${LIVE_PC}`, { exact: false }).waitFor();
  });

  it('a non-administrator sees the connection and file logs of their own devices only', async () => {
    const page = await openPage(app.browser, 'logs-member');
    await logIn(page, app.server, 'carol', 'carol-pass');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByText('My logs', { exact: true }).click();
    await nav.getByRole('link', { name: 'Connection', exact: true }).waitFor();
    await nav.getByRole('link', { name: 'File transfer', exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: 'Alarm', exact: true }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Console', exact: true }).count()).toBe(0);

    await nav.getByRole('link', { name: 'Connection', exact: true }).click();
    await page.getByRole('heading', { name: 'Connection log' }).waitFor();
    await page.getByText('1–1 of 1').waitFor();
    await rows(page).filter({ hasText: CAROL_PC }).getByText('Terminal').waitFor();
    expect(await page.getByText(OFFICE_PC).count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Device user' }).count()).toBe(0);
  });

  it('tells a non-administrator when the server keeps the logs for administrators', async () => {
    await (await adminApi(app.server)).patch('/api/settings', { only_admin_can_access_logs: true });

    const page = await openPage(app.browser, 'logs-member-refused');
    await logIn(page, app.server, 'carol', 'carol-pass');
    await page.goto(`${app.server.url}/logs/files`);
    await page.getByText('The logs are for administrators').waitFor();
    await page.getByText('visible to administrators only', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Export CSV' }).count()).toBe(0);
  });
});
