import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  adminApi,
  type ConsoleServer,
  logIn,
  openPage,
  registerDevice,
  saveScreenshot,
  useConsole,
} from './harness.js';

/** What the registered devices report about themselves, besides their host names. */
const BOB_PC = { username: 'bob', os: 'windows / Windows 11', cpu: 'x', memory: '8GB' };

interface ListedStrategy {
  guid: string;
  name: string;
  enabled: boolean;
  device_count: number;
}

async function openStrategies(page: Page, server: ConsoleServer): Promise<void> {
  await logIn(page, server, 'admin', 'test1234');
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Strategies' })
    .click();
  await page.waitForURL(`${server.url}/strategies`);
  await page.getByRole('heading', { name: 'Strategies' }).waitFor();
}

describe('the Strategies page', { timeout: 90_000 }, () => {
  const app = useConsole(async (server) => {
    await registerDevice(server, '100000001', { ...BOB_PC, hostname: 'pc-1' });
    await registerDevice(server, '200000001', { ...BOB_PC, hostname: 'other-1' });
  });

  it('creates a strategy, sets a switch and a select, and assigns it to a device', async () => {
    const page = await openPage(app.browser, 'strategies-create-assign');
    await openStrategies(page, app.server);
    await page.getByText('No strategies yet.', { exact: false }).waitFor();

    await page.getByRole('button', { name: 'New strategy' }).click();
    const create = page.getByRole('dialog', { name: 'New strategy' });
    await create.getByRole('textbox', { name: 'Name' }).fill('Office');
    await create.getByRole('textbox', { name: 'Name' }).press('Enter');
    await create.waitFor({ state: 'hidden' });

    // The new strategy's options open at once, in sections, the security section first.
    const editor = page.getByRole('dialog', { name: 'Options of Office' });
    await editor.getByRole('tab', { name: 'Security' }).waitFor();
    await editor.getByRole('combobox', { name: 'approve-mode' }).click();
    await page.getByTitle('click', { exact: true }).click();
    await editor.getByText('Unsaved changes: 1').waitFor();

    // The search finds an option of another section; its switch shows the client default (on).
    await editor.getByLabel('Search options').fill('enable-clipboard');
    const clipboard = editor.getByRole('switch', { name: 'enable-clipboard' });
    expect(await clipboard.getAttribute('aria-checked')).toBe('true');
    expect(await editor.getByRole('switch').count()).toBe(1);
    await clipboard.click();
    expect(await clipboard.getAttribute('aria-checked')).toBe('false');
    await editor.getByText('Unsaved changes: 2').waitFor();
    await editor.getByLabel('Search options').fill('');
    await saveScreenshot(page, 'strategies-editor');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'hidden' });
    await page.getByText('Options saved.', { exact: false }).waitFor();

    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'Office' });
    await expect.poll(() => page.getByTestId('options-Office').textContent()).toBe('2');
    expect(await page.getByTestId('devices-Office').textContent()).toBe('0');

    // Assign through the dialog, finding the device with the device list's ID filter and a wildcard.
    await row.getByRole('button', { name: 'Assign' }).click();
    await page.getByRole('menuitem', { name: 'Devices…' }).click();
    const assign = page.getByRole('dialog', { name: 'Assign Office' });
    await assign.getByText('1–2 of 2').waitFor();
    await assign.getByRole('textbox', { name: 'ID', exact: true }).fill('1000%');
    await assign.getByRole('button', { name: 'Search' }).click();
    await assign.getByText('1–1 of 1').waitFor();
    const deviceRow = assign.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '100000001' });
    await deviceRow.getByRole('checkbox').check();
    await assign.getByText('1 selected').waitFor();
    await assign.getByRole('button', { name: 'Assign to selected' }).click();
    await page.getByText('Strategy given to 1 target').waitFor();
    await assign.getByText('Given directly to 1 devices, 0 users and 0 device groups.').waitFor();
    await deviceRow.getByText('(set on the device)').waitFor();
    await saveScreenshot(page, 'strategies-assign-dialog');
    await page.keyboard.press('Escape');
    await assign.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('devices-Office').textContent()).toBe('1');

    // The server agrees: both options are stored and the device carries the strategy.
    const admin = await adminApi(app.server);
    const listed = await admin.get<ListedStrategy[]>('/api/strategies');
    const office = listed.find((strategy) => strategy.name === 'Office');
    expect(office?.device_count).toBe(1);
    const detail = await admin.get<{ options: Record<string, string>; devices: { id: string }[] }>(
      `/api/strategies/${office?.guid}`,
    );
    expect(detail.options).toEqual({ 'approve-mode': 'click', 'enable-clipboard': 'N' });
    expect(detail.devices.map((device) => device.id)).toEqual(['100000001']);
    const devices = await admin.get<{
      data: { id: string; strategy_name: string | null; strategy_source: string }[];
    }>('/api/devices?id=100000001');
    expect(devices.data).toHaveLength(1);
    expect(devices.data[0]?.strategy_name).toBe('Office');
    expect(devices.data[0]?.strategy_source).toBe('device');
  });

  it('shows the server’s refusal of a taken name, duplicates, disables and deletes with a confirmation', async () => {
    const admin = await adminApi(app.server);
    await admin.post('/api/strategies', { name: 'Lab', options: { 'enable-keyboard': 'N' } });

    const page = await openPage(app.browser, 'strategies-manage');
    await openStrategies(page, app.server);
    await page.getByRole('button', { name: 'Lab', exact: true }).waitFor();

    // A taken name: the server's refusal shows inside the dialog.
    await page.getByRole('button', { name: 'New strategy' }).click();
    const create = page.getByRole('dialog', { name: 'New strategy' });
    await create.getByRole('textbox', { name: 'Name' }).fill('Lab');
    await create.getByRole('button', { name: 'New strategy' }).click();
    await create.getByRole('alert').getByText("Strategy 'Lab' already exists").waitFor();
    await create.getByRole('button', { name: 'Cancel' }).click();
    await create.waitFor({ state: 'hidden' });

    // Duplicate: the copy keeps the options, and its editor opens; a reset asks before it is dropped.
    await page.getByRole('button', { name: 'More actions for Lab', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Duplicate' }).click();
    const duplicate = page.getByRole('dialog', { name: 'Duplicate Lab' });
    await duplicate.getByRole('button', { name: 'Duplicate' }).click();
    const editor = page.getByRole('dialog', { name: 'Options of Lab (copy)' });
    await editor.getByRole('checkbox', { name: 'Only options that are set' }).check();
    const keyboard = editor.getByRole('switch', { name: 'enable-keyboard' });
    expect(await keyboard.getAttribute('aria-checked')).toBe('false');
    await editor.getByRole('button', { name: 'Reset enable-keyboard to not set' }).click();
    await editor.getByText('Unsaved changes: 1').waitFor();
    await editor.getByText('Not set. Client default: Y').waitFor();
    await editor.getByRole('button', { name: 'Cancel' }).click();
    const discard = page.getByRole('dialog', { name: 'Discard your changes?' });
    await discard.getByRole('button', { name: 'Discard' }).click();
    await editor.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Lab (copy)', exact: true }).waitFor();

    // Disabling asks first.
    await page.getByRole('switch', { name: 'Enable Lab', exact: true }).click();
    const disable = page.getByRole('dialog', { name: 'Disable Lab?' });
    await disable.getByRole('button', { name: 'Disable' }).click();
    await page.getByText('Lab disabled').waitFor();

    // Deleting asks first.
    await page.getByRole('button', { name: 'More actions for Lab (copy)' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Lab (copy)?' });
    await confirm.getByText('fall back to the next strategy', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Strategy Lab (copy) deleted').waitFor();
    await page.getByRole('button', { name: 'Lab (copy)', exact: true }).waitFor({ state: 'detached' });

    const listed = await admin.get<ListedStrategy[]>('/api/strategies');
    const byName = new Map(listed.map((strategy) => [strategy.name, strategy]));
    expect(byName.get('Lab')?.enabled).toBe(false);
    expect(byName.has('Lab (copy)')).toBe(false);
  });
});
