import fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createDevice, createUser } from '../helpers/factories.js';
import { adminApi, logIn, openPage, registerDevice, useConsole, withDatabase } from './harness.js';

/** What the registered devices report about themselves, besides their host names. */
const BOB_PC = { username: 'bob', os: 'windows / Windows 11', cpu: 'x', memory: '8GB' };

/** Chooses `name` in the searchable picker labelled `label` inside `scope` (a dialog or drawer). */
async function pick(page: Page, scope: Locator, label: string, name: string) {
  await scope.getByRole('combobox', { name: label, exact: true }).fill(name);
  await page
    .locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${name}"]`)
    .click();
}

describe('the Devices page', { timeout: 90_000 }, () => {
  const app = useConsole(async (server) => {
    await registerDevice(server, '100000001', { ...BOB_PC, hostname: 'pc-1' });
    await registerDevice(server, '100000002', { ...BOB_PC, hostname: 'pc-2' });
    await registerDevice(server, '100000003', { ...BOB_PC, hostname: 'pc-3' });
    await registerDevice(server, '200000001', { ...BOB_PC, hostname: 'other-1' });
    await withDatabase(server, async (db) => {
      const carol = await createUser(db, { name: 'carol', password: 'carol-pass' });
      await createDevice(db, { peerId: '300000001', userId: carol });
    });
  });

  it('lets an administrator filter with a wildcard and disable two devices at once', async () => {
    const page = await openPage(app.browser, 'devices-administrator');
    await logIn(page, app.server, 'admin', 'test1234');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Devices' }).click();
    await page.waitForURL(`${app.server.url}/devices`);
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
    await page.getByText('1–5 of 5').waitFor();

    await page.getByRole('textbox', { name: 'ID', exact: true }).fill('1000%');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/id=1000%25/);
    await page.getByText('1–3 of 3').waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    expect(await rows.count()).toBe(3);
    expect(await page.getByText('200000001').count()).toBe(0);
    for (const id of ['100000001', '100000002', '100000003'])
      expect(await page.getByTestId(`status-${id}`).textContent()).toContain('Enabled');

    // Sorting is the server's: a click on the header puts it in the address and reverses the rows.
    // Each click waits for the rows of the one before: the table is covered while it loads.
    const loaded = () => page.locator('.ant-table .ant-spin-spinning').waitFor({ state: 'detached' });
    await page.getByRole('columnheader', { name: 'ID' }).click();
    await page.waitForURL(/sort=id&order=asc/);
    await loaded();
    await expect.poll(async () => (await rows.first().textContent()) ?? '').toContain('100000001');
    await page.getByRole('columnheader', { name: 'ID' }).click();
    await page.waitForURL(/sort=id&order=desc/);
    await expect.poll(async () => (await rows.first().textContent()) ?? '').toContain('100000003');

    // The export carries the filter: only the three matching devices.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = fs.readFileSync((await download.path()) ?? '', 'utf8');
    expect(csv).toContain('100000002');
    expect(csv).not.toContain('200000001');

    for (const id of ['100000001', '100000002'])
      await rows.filter({ hasText: id }).getByRole('checkbox').check();
    await page.getByText('2 selected').waitFor();
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Disable 2 devices?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Disable', exact: true }).click();
    await page.getByText('2 devices changed').waitFor();

    await expect.poll(() => page.getByTestId('status-100000001').textContent()).toContain('Disabled');
    expect(await page.getByTestId('status-100000002').textContent()).toContain('Disabled');
    expect(await page.getByTestId('status-100000003').textContent()).toContain('Enabled');
    // Bulk Assign with pickers that search the server: a typo finds nothing, a name is picked.
    await rows.filter({ hasText: '100000003' }).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    const assign = page.getByRole('dialog', { name: 'Assign 1 device' });
    await assign.getByRole('combobox', { name: 'User' }).fill('nobody');
    await page.getByText('Nothing matches', { exact: true }).waitFor();
    await pick(page, assign, 'User', 'admin');
    await assign.getByRole('button', { name: 'Assign', exact: true }).click();
    await assign.waitFor({ state: 'hidden' });
    await rows.filter({ hasText: '100000003' }).getByText('admin').waitFor();

    // More filters: the version and "offline for N days" (never seen counts) reach the server.
    await page.getByRole('button', { name: 'More filters' }).click();
    await page.getByRole('textbox', { name: 'Version', exact: true }).fill('1.4%');
    await page.getByRole('spinbutton', { name: 'Offline for (days)' }).fill('0');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/version=1.4%25.*offline_days=0|offline_days=0.*version=1.4%25/);
    await loaded();
    await page.getByText('1–3 of 3').waitFor();

    // The details drawer shows what the client reported.
    await rows.filter({ hasText: '100000002' }).getByRole('button', { name: 'Details' }).click();
    const details = page.getByRole('dialog', { name: 'Device 100000002' });
    await details.getByText('windows / Windows 11').waitFor();
    await details.getByText('8GB').waitFor();
    await details.getByRole('button', { name: 'Close' }).click();
    await details.waitFor({ state: 'hidden' });

    // The server agrees: the filter for disabled devices finds exactly these two.
    const body = await (await adminApi(app.server)).get<{ data: { id: string }[] }>('/api/devices?status=0');
    expect(body.data.map((device) => device.id).sort()).toEqual(['100000001', '100000002']);
  });

  it('edits a device, showing the server’s refusal, and deletes an enabled device only when forced', async () => {
    const page = await openPage(app.browser, 'devices-edit-delete');
    await logIn(page, app.server, 'admin', 'test1234');
    await page.goto(`${app.server.url}/devices?id=200000001`);
    await page.getByText('1–1 of 1').waitFor();
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '200000001' });

    // The ID's copy button puts the ID on the clipboard and says so.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.url });
    await row.getByRole('button', { name: 'Copy', exact: true }).click();
    await row.getByRole('button', { name: 'Copied', exact: true }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe('200000001');

    await row.getByRole('button', { name: 'Edit' }).click();
    const drawer = page.getByRole('dialog', { name: 'Edit device 200000001' });
    // A user picked, then deleted before Save: the server's refusal shows in the drawer.
    const admin = await adminApi(app.server);
    await admin.post('/api/users', { name: 'gone', password: 'gone-pass-1', group_name: 'Default' });
    await pick(page, drawer, 'User', 'gone');
    const [gone] = (await admin.get<{ data: { guid: string }[] }>('/api/users?name=gone')).data;
    await admin.post('/api/users/bulk', { action: 'disable', guids: [gone?.guid] });
    await admin.post('/api/users/bulk', { action: 'delete', guids: [gone?.guid] });
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.getByRole('alert').getByText("User 'gone' not found").waitFor();
    await pick(page, drawer, 'User', 'carol');
    await admin.post('/api/strategies', { name: 'Reception', options: {} });
    await pick(page, drawer, 'Strategy', 'Reception');
    await drawer.getByLabel('Note').fill('front desk');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await row.getByText('front desk').waitFor();
    await row.getByText('carol').waitFor();
    // The strategy column is not among the default ones: the details drawer shows it.
    await row.getByRole('button', { name: 'Details' }).click();
    const details = page.getByRole('dialog', { name: 'Device 200000001' });
    await details.getByText('Reception').waitFor();
    await details.getByRole('button', { name: 'Close' }).click();
    await details.waitFor({ state: 'hidden' });

    await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete 1 device?' });
    await confirm.getByText('1 of them is still enabled.', { exact: false }).waitFor();
    const deleteButton = confirm.getByRole('button', { name: 'Delete', exact: true });
    expect(await deleteButton.isDisabled()).toBe(true);
    await confirm.getByRole('checkbox', { name: 'Disable them first, then delete' }).check();
    // Still refused until the ID is typed.
    expect(await deleteButton.isDisabled()).toBe(true);
    await confirm.getByRole('textbox', { name: 'Type the ID 200000001 to confirm' }).fill('200000001');
    await deleteButton.click();
    await page.getByText('1 device changed').waitFor();
    await page.getByText('Nothing matches these filters').waitFor();
  });

  it('shows anyone else only their own devices, without bulk controls', async () => {
    const page = await openPage(app.browser, 'devices-member');
    await logIn(page, app.server, 'carol', 'carol-pass');
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'My devices' })
      .click();
    await page.getByRole('heading', { name: 'My devices' }).waitFor();
    await page.getByText('1–1 of 1').waitFor();
    expect(await page.getByText('300000001').count()).toBeGreaterThan(0);
    expect(await page.locator('.ant-table-tbody .ant-checkbox').count()).toBe(0);
  });
});
