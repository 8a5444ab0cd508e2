import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { decodeClientConfig } from '../../src/domain/custom-clients/config-string.js';
import { adminApi, type ConsoleServer, logIn, openPage, useConsole } from './harness.js';

async function openCustomClients(page: Page, server: ConsoleServer): Promise<void> {
  await logIn(page, server, 'admin', 'test1234');
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Custom clients' })
    .click();
  await page.waitForURL(`${server.url}/custom-clients`);
  await page.getByRole('heading', { name: 'Custom clients' }).waitFor();
}

describe('the Custom clients page', { timeout: 120_000 }, () => {
  const app = useConsole(async (server) => {
    const admin = await adminApi(server);
    await admin.post('/api/strategies', { name: 'Office', options: {} });
  });

  it('says stock clients cannot be branded, creates a package and downloads its script', async () => {
    const page = await openPage(app.browser, 'custom-clients-create-download');
    await openCustomClients(page, app.server);
    await page.getByText('rdconsole cannot brand them', { exact: false }).waitFor();

    await page.getByRole('button', { name: 'New package' }).click();
    const dialog = page.getByRole('dialog', { name: 'New package' });
    // The server part starts from this server.
    await expect
      .poll(() => dialog.getByRole('textbox', { name: 'ID server' }).inputValue())
      .toBe('127.0.0.1');
    await dialog.getByRole('textbox', { name: 'Name' }).fill(`Sales "laptops" $(id)`);
    await dialog.getByRole('combobox', { name: 'Default options: Add an option' }).fill('approve-mode');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title^="approve-mode"]').click();
    await dialog.getByRole('combobox', { name: 'Strategy' }).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('Office').click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.getByRole('row', { name: /Sales "laptops"/ });
    await row.getByText('Office').waitFor();
    await row.getByText(/^Expires /).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'Linux' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('rustdesk-Sales-laptops-id-linux.sh');
    const script = fs.readFileSync((await download.path()) ?? '', 'utf8');
    expect(script.startsWith('#!/bin/sh')).toBe(true);
    expect(script).toContain(`PACKAGE_NAME='Sales "laptops" $(id)'`);
    expect(script).toMatch(/"\$RUSTDESK" '--option' 'approve-mode' '[a-z-]*'/);
    expect(script).toMatch(/"\$RUSTDESK" '--assign' '--token' 'rdct_[^']+' '--strategy_name' 'Office'/);

    // The drawer shows the config string and the command lines to copy.
    await row.getByRole('button', { name: /Sales "laptops"/ }).click();
    const drawer = page.getByRole('dialog', { name: /Sales "laptops"/ });
    const windows = drawer.getByTestId('commands-windows');
    await windows
      .getByText(/Start-Process -Wait -NoNewWindow/)
      .first()
      .waitFor();
    const [listed] = await (await adminApi(app.server)).get<Array<{ config_string: string }>>(
      '/api/custom-clients',
    );
    expect(decodeClientConfig(listed?.config_string ?? '').host).toBe('127.0.0.1');
    await drawer.getByText(`rustdesk-licensed-${listed?.config_string}.exe`).waitFor();
  });
});
