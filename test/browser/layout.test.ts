import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createDevice } from '../helpers/factories.js';
import {
  ADMIN_PAGES,
  adminApi,
  api,
  type ConsoleServer,
  logIn,
  openPage,
  saveScreenshot,
  useConsole,
  withDatabase,
} from './harness.js';

/** Text of exactly `length` characters (code points), cycling through `words`. */
function text(words: string, length: number): string {
  const points = Array.from(words);
  return Array.from({ length }, (_, index) => points[index % points.length]).join('');
}

/** What real inventories hold: Chinese, emoji, right-to-left script, long unbroken runs. */
const MIXED = '财务部门电脑🚀-שרת-ראשי-مكتب-build-server-';
const LONG_HOST = text(MIXED, 125);
const LONG_NOTE = text(`${MIXED} 备注 note 📝 ملاحظة طويلة جدا `, 420);
// Names are limited to 100 UTF-16 units; the emoji takes two.
const LONG_NAME = text(MIXED, 96);
const LONG_DEVICE = '100000000';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

/**
 * How wide the page is against the window (wider means a horizontal scroll of the whole page), and
 * the innermost elements that stick out, to say where it comes from.
 */
const pageOverflow = (page: Page) =>
  page.evaluate<{ scrollWidth: number; innerWidth: number; culprits: string[] }>(`({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    culprits: [...document.querySelectorAll('main *')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((element, _, all) => !all.some((other) => other !== element && element.contains(other)))
      .slice(0, 5)
      .map((element) => element.tagName + '.' + element.className + ' ' + Math.round(element.getBoundingClientRect().right)),
  })`);

/** How far the Devices table scrolls sideways (0 when every column fits). */
const tableSideways = (page: Page) =>
  page.evaluate<number>(
    "(() => { const table = document.querySelector('.ant-table-content'); return table.scrollWidth - table.clientWidth; })()",
  );

async function seed(server: ConsoleServer): Promise<void> {
  const admin = await adminApi(server);
  await withDatabase(server, async (db) => {
    await createDevice(db, {
      peerId: LONG_DEVICE,
      hostname: LONG_HOST,
      note: LONG_NOTE,
      username: LONG_NAME,
    });
    // Enough devices for the list to scroll: the last row of the page lies below the window.
    for (let index = 1; index <= 24; index++)
      await createDevice(db, { peerId: String(100000000 + index), hostname: `pc-${index}` });
  });
  await admin.post('/api/user-groups', { name: LONG_NAME, note: LONG_NOTE });
  await admin.post('/api/device-groups', { name: LONG_NAME, note: LONG_NOTE });
  await admin.post('/api/users', {
    name: LONG_NAME,
    password: 'long-pass-1',
    group_name: LONG_NAME,
    display_name: LONG_NAME,
    email: `${'x'.repeat(90)}@example.com`,
    note: LONG_NOTE,
  });
  await admin.post('/api/strategies', { name: LONG_NAME, options: {} });
  await admin.post('/api/tokens', { name: LONG_NAME });
  const { guid } = await admin.post<{ guid: string }>('/api/ab/shared/add', {
    name: LONG_NAME,
    note: LONG_NOTE,
  });
  await admin.post(`/api/ab/peer/add/${guid}`, {
    id: '123456789',
    alias: LONG_NAME,
    hostname: LONG_HOST,
    username: LONG_NAME,
    note: LONG_NOTE,
    tags: [LONG_NAME],
  });
  await admin.post('/api/ab/rule', { guid, user: LONG_NAME, rule: 1 });

  const device = { id: LONG_DEVICE, uuid: `uuid-${LONG_DEVICE}`, conn_id: 1 };
  await api(server).post('/api/audit/conn', {
    ...device,
    session_id: 0,
    nonce: randomUUID(),
    ip: '2001:db8:85a3::8a2e:370:7334',
    action: 'new',
  });
  await api(server).post('/api/audit/conn', {
    ...device,
    session_id: '9000001',
    nonce: randomUUID(),
    peer: ['555000111', LONG_NAME],
    type: 0,
  });
  await api(server).post('/api/audit/file', {
    ...device,
    peer_id: '555000111',
    type: 0,
    path: `C:\\Users\\${LONG_HOST}\\${LONG_NAME}`,
    is_file: true,
    info: JSON.stringify({ ip: '192.0.2.7', name: LONG_NAME, num: 1, files: [[LONG_HOST, 1000]] }),
    nonce: randomUUID(),
  });
  await api(server).post('/api/audit/alarm', {
    ...device,
    typ: 1,
    info: JSON.stringify({ ip: '198.51.100.4', id: '666000444', name: LONG_NAME }),
    nonce: randomUUID(),
  });
}

/** Every page of the menu, and the lists behind it: a book's peers and each Settings tab. */
async function everyPage(server: ConsoleServer): Promise<string[]> {
  const admin = await adminApi(server);
  const books = await admin.get<{ data: { guid: string }[] }>('/api/ab/shared/profiles?current=1&pageSize=1');
  const book = books.data[0]?.guid ?? '';
  return [
    ...ADMIN_PAGES,
    `/address-books?ab=${book}`,
    ...['smtp', 'key', 'tokens', 'others'].map((tab) => `/settings?tab=${tab}`),
  ];
}

describe('the console layout with long text, on a phone and on a desktop', { timeout: 240_000 }, () => {
  const app = useConsole(seed);

  for (const [name, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`no page is wider than a ${viewport.width}-pixel window (${name})`, async () => {
      const page = await openPage(app.browser, `layout-${name}`, viewport);
      await logIn(page, app.server, 'admin', 'test1234');
      for (const path of await everyPage(app.server)) {
        await page.goto(`${app.server.url}${path}`);
        await page.getByRole('button', { name: 'User menu' }).waitFor();
        await page.waitForLoadState('networkidle');
        await page.locator('.ant-skeleton, .ant-spin-spinning').first().waitFor({ state: 'detached' });
        const { scrollWidth, innerWidth, culprits } = await pageOverflow(page);
        expect
          .soft(scrollWidth, `${path} at ${viewport.width} px: ${culprits.join(', ')}`)
          .toBeLessThanOrEqual(innerWidth);
        // One main landmark a page, for screen readers' "skip to main content".
        expect.soft(await page.locator('main').count(), `${path}: <main> elements`).toBe(1);
      }
      await page.goto(`${app.server.url}/devices`);
      await page.getByText('1–20 of 25').waitFor();
      await saveScreenshot(page, `layout-devices-${name}`);
    });
  }

  it('at 1440 pixels the Devices table shows its important columns without scrolling sideways', async () => {
    const page = await openPage(app.browser, 'layout-devices-columns', DESKTOP);
    await logIn(page, app.server, 'admin', 'test1234');
    await page.goto(`${app.server.url}/devices`);
    await page.getByText('1–20 of 25').waitFor();
    expect(await tableSideways(page)).toBeLessThanOrEqual(0);
    for (const header of ['ID', 'Device name', 'User', 'Status', 'IP', 'Last online', 'Note', 'Action']) {
      const box = await page.getByRole('columnheader', { name: header, exact: true }).boundingBox();
      expect(box, header).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0), header).toBeLessThanOrEqual(DESKTOP.width);
    }
    // The long texts are cut, whole on hover and in the details drawer.
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: LONG_DEVICE });
    expect(await row.locator(`[title="${LONG_NOTE}"]`).count()).toBe(1);
    await row.getByRole('button', { name: 'Details' }).click();
    const details = page.getByRole('dialog', { name: `Device ${LONG_DEVICE}` });
    await details.getByText(LONG_NOTE).waitFor();
    await details.getByText(LONG_HOST, { exact: true }).first().waitFor();
  });

  it('the column picker hides a column, remembered for the user across a reload, and resets', async () => {
    const page = await openPage(app.browser, 'layout-column-picker', DESKTOP);
    await logIn(page, app.server, 'admin', 'test1234');
    await page.goto(`${app.server.url}/devices`);
    await page.getByText('1–20 of 25').waitFor();
    const note = page.getByRole('columnheader', { name: 'Note', exact: true });
    await note.waitFor();
    expect(await page.getByRole('columnheader', { name: 'Version', exact: true }).count()).toBe(0);

    await page.getByRole('button', { name: 'Columns' }).click();
    const picker = page.getByTestId('column-picker');
    await picker.getByRole('checkbox', { name: 'Note' }).uncheck();
    await picker.getByRole('checkbox', { name: 'Version' }).check();
    await note.waitFor({ state: 'detached' });
    await page.getByRole('columnheader', { name: 'Version', exact: true }).waitFor();

    await page.reload();
    await page.getByText('1–20 of 25').waitFor();
    await page.getByRole('columnheader', { name: 'Version', exact: true }).waitFor();
    expect(await note.count()).toBe(0);

    await page.getByRole('button', { name: 'Columns' }).click();
    await picker.getByRole('button', { name: 'Back to the default columns' }).click();
    await note.waitFor();
    expect(await page.getByRole('columnheader', { name: 'Version', exact: true }).count()).toBe(0);
  });

  it('the selection bar and the side menu stay in view after ticking the last row of the page', async () => {
    const page = await openPage(app.browser, 'layout-selection-bar', DESKTOP);
    await logIn(page, app.server, 'admin', 'test1234');
    await page.goto(`${app.server.url}/devices`);
    await page.getByText('1–20 of 25').waitFor();
    const last = page.locator('.ant-table-tbody tr.ant-table-row').last();
    await last.getByRole('checkbox').check();
    const selected = page.getByText('1 selected', { exact: true });
    await selected.waitFor();
    const box = await selected.boundingBox();
    expect(box).not.toBeNull();
    expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(DESKTOP.height);
    // The page has scrolled down to that row; the side menu has stayed in view.
    expect(await page.evaluate<number>('window.scrollY')).toBeGreaterThan(0);
    const menu = await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Devices' })
      .boundingBox();
    expect(menu?.y ?? -1).toBeGreaterThanOrEqual(0);
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await page.getByRole('dialog', { name: 'Disable 1 device?' }).waitFor();
  });

  it('on a phone the menu opens as a drawer over the page and closes', async () => {
    const page = await openPage(app.browser, 'layout-phone-menu', PHONE);
    await logIn(page, app.server, 'admin', 'test1234');
    const main = page.locator('.ant-layout-content');
    const before = (await main.boundingBox())?.width ?? 0;
    await page.getByRole('button', { name: 'Expand the menu' }).click();
    const drawer = page.locator('.menu-drawer .ant-drawer-content');
    await drawer.waitFor();
    await saveScreenshot(page, 'layout-phone-menu-open');
    // Over the page, not beside it: the page keeps its width.
    expect((await main.boundingBox())?.width).toBe(before);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Devices' }).click();
    await page.waitForURL(`${app.server.url}/devices`);
    await drawer.waitFor({ state: 'hidden' });

    // Opened again, a tap beside it closes it.
    await page.getByRole('button', { name: 'Expand the menu' }).click();
    await drawer.waitFor();
    await page.mouse.click(PHONE.width - 20, PHONE.height / 2);
    await drawer.waitFor({ state: 'hidden' });
    // The banner's text wraps beside its icon with the link after it, not one letter per line.
    const banner = await page.getByTestId('default-password-banner').boundingBox();
    expect(banner?.height ?? 1000).toBeLessThan(200);
  });
});
