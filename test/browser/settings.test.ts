import { describe, expect, it } from 'vitest';
import { adminApi, type ConsoleServer, logIn, openPage, useConsole } from './harness.js';

async function serverSettings(server: ConsoleServer): Promise<Record<string, unknown>> {
  return (await adminApi(server)).get('/api/settings');
}

async function listDevicesWith(server: ConsoleServer, token: string): Promise<number> {
  const response = await fetch(`${server.url}/api/devices`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.status;
}

describe('the Settings page', { timeout: 90_000 }, () => {
  const app = useConsole();

  it('creates an API token, shows its secret once, and revokes it', async () => {
    const page = await openPage(app.browser, 'settings-tokens');
    await logIn(page, app.server, 'admin', 'test1234');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByRole('tab', { name: 'Tokens' }).click();
    await page.waitForURL(/tab=tokens/);
    await page.getByText('No API tokens yet').waitFor();

    await page.getByRole('button', { name: 'Create token' }).click();
    const create = page.getByRole('dialog', { name: 'Create token' });
    // Nothing filled in: the form says what is missing before anything is sent.
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    await create.getByText('Give the token a name').waitFor();
    await create.getByText('Give the token at least one permission').waitFor();

    await create.getByLabel('Name').fill('ci-script');
    for (const area of [
      'Devices',
      'Audit logs',
      'Users',
      'User groups',
      'Device groups',
      'Strategies',
      'Address books',
    ])
      await create.getByRole('radiogroup', { name: area }).waitFor();
    await create.getByRole('radiogroup', { name: 'Devices' }).getByText('Read and write').click();
    await create.getByRole('radiogroup', { name: 'Audit logs' }).getByText('Read', { exact: true }).click();
    await create.getByRole('button', { name: 'Create', exact: true }).click();

    const shown = page.getByRole('dialog', { name: 'Token "ci-script" created' });
    await shown.waitFor();
    await shown.getByText('Copy the token now').waitFor();
    await shown.getByText(/It will not be shown again/).waitFor();
    expect(await shown.getByRole('button', { name: 'Copy' }).count()).toBe(1);
    const secret = (
      (await shown.getByLabel('Token', { exact: true }).locator('code').textContent()) ?? ''
    ).trim();
    expect(secret).toMatch(/^rdct_\S{20,}$/);
    // Esc asks before the secret is gone; keeping it open keeps it.
    await page.keyboard.press('Escape');
    const ask = page.getByRole('dialog', { name: 'Close without the token?' });
    await ask.getByRole('button', { name: 'Keep it open' }).click();
    await ask.waitFor({ state: 'hidden' });
    await shown.getByText('Copy the token now').waitFor();
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await shown.waitFor({ state: 'hidden' });

    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'ci-script' });
    await row.getByText('Devices: Read and write').waitFor();
    await row.getByText('Audit logs: Read', { exact: true }).waitFor();
    await row.getByText('Not used yet').waitFor();
    // Once the dialog is closed the secret is nowhere on the page, not even in hidden markup.
    expect(await page.content()).not.toContain(secret);

    expect(await listDevicesWith(app.server, secret)).toBe(200);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(async () => (await row.textContent()) ?? '').not.toContain('Not used yet');

    await row.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke the token "ci-script"?' });
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('Token "ci-script" revoked').waitFor();
    await page.getByText('No API tokens yet').waitFor();
    expect(await listDevicesWith(app.server, secret)).toBe(401);
  });

  it('changes a switch and the log retention, refusing a retention out of range', async () => {
    const page = await openPage(app.browser, 'settings-others');
    await logIn(page, app.server, 'admin', 'test1234');
    await page.goto(`${app.server.url}/settings?tab=others`);
    const disableNew = page.getByRole('switch', { name: 'Disable new devices' });
    await disableNew.waitFor();
    await page.getByText('Devices this server does not know yet are refused').waitFor();
    expect(await disableNew.getAttribute('aria-checked')).toBe('false');

    await disableNew.click();
    const retention = page.getByLabel('Log retention (days)');
    await retention.fill('5000');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('A whole number of days from 0 to 3650').waitFor();
    expect((await serverSettings(app.server)).disable_new_devices).toBe(false);

    await retention.fill('30');
    await page.getByRole('button', { name: 'Save' }).click();
    // Shortening the retention deletes records: it asks first.
    const confirm = page.getByRole('dialog', { name: 'Keep logs for 30 days only?' });
    await confirm.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved').waitFor();

    const settings = await serverSettings(app.server);
    expect(settings.disable_new_devices).toBe(true);
    expect(settings.log_retention_days).toBe(30);
    expect(settings.require_deployment).toBe(false);
  });

  it('turns on the deletion of long-offline devices, asking first, and both deletions in one question', async () => {
    const page = await openPage(app.browser, 'settings-offline-devices');
    await logIn(page, app.server, 'admin', 'test1234');
    await page.goto(`${app.server.url}/settings?tab=others`);
    const offlineDays = page.getByLabel('Delete devices offline for more than (days)');
    await offlineDays.waitFor();
    expect(await offlineDays.inputValue()).toBe('0');
    await page.getByText('a device never online counts from when it registered').waitFor();

    await offlineDays.fill('3651');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('A whole number of days from 0 to 3650').waitFor();
    expect((await serverSettings(app.server)).delete_devices_offline_days).toBe(0);

    await offlineDays.fill('90');
    await page.getByRole('button', { name: 'Save' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete devices offline for more than 90 days?' });
    await confirm.getByText('One that comes back registers as a new device.').waitFor();
    await confirm.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved').waitFor();
    expect((await serverSettings(app.server)).delete_devices_offline_days).toBe(90);

    // Shortening both at once: one question naming both; cancelling sends nothing.
    await offlineDays.fill('60');
    await page.getByLabel('Log retention (days)').fill('20');
    await page.getByRole('button', { name: 'Save' }).click();
    const both = page.getByRole('dialog', { name: 'Delete these records?' });
    await both.getByText('Logs older than 20 days will be deleted within the hour.').waitFor();
    await both.getByText('Devices offline for more than 60 days will be deleted within the hour').waitFor();
    await both.getByRole('button', { name: 'Cancel' }).click();
    await both.waitFor({ state: 'hidden' });
    const settings = await serverSettings(app.server);
    expect(settings.delete_devices_offline_days).toBe(90);
    expect(settings.log_retention_days).toBe(30);

    // The change is in the console log like any other setting.
    const logs = await (await adminApi(app.server)).get('/api/audits/console?current=1&pageSize=5');
    expect(JSON.stringify(logs)).toContain('delete_devices_offline_days = 90');
  });

  it('edits the relay servers and the server key', async () => {
    const page = await openPage(app.browser, 'settings-relay-key');
    await logIn(page, app.server, 'admin', 'test1234');
    await page.goto(`${app.server.url}/settings`);
    await page.getByText('No relay servers: clients use the relay of the ID server.').waitFor();

    await page.getByRole('button', { name: 'Add a relay server' }).click();
    await page.getByLabel('Relay server 1', { exact: true }).fill('http://relay.example.com');
    await page.getByRole('button', { name: 'Add a relay server' }).click();
    await page.getByLabel('Relay server 2', { exact: true }).fill('203.0.113.5:21117');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('A DNS name or IP address with an optional port').waitFor();
    await page.getByLabel('Relay server 1', { exact: true }).fill('relay.example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Relay servers saved').waitFor();
    expect((await serverSettings(app.server)).relay_servers).toEqual([
      'relay.example.com',
      '203.0.113.5:21117',
    ]);

    await page.getByRole('tab', { name: 'Key' }).click();
    await page.getByText('No key is set').waitFor();
    const keyField = page.getByLabel('Public key', { exact: true });
    await keyField.fill('not-a-key');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Not a public key').waitFor();
    const key = Buffer.alloc(32, 9).toString('base64');
    await keyField.fill(key);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Server key saved').waitFor();
    await page.getByLabel('Current public key').getByText(key).waitFor();
    expect((await serverSettings(app.server)).server_public_key).toBe(key);
  });

  it('shows the server’s refusal when a token was revoked elsewhere meanwhile', async () => {
    const admin = await adminApi(app.server);
    const { guid } = await admin.post<{ guid: string }>('/api/tokens', {
      name: 'old-job',
      permissions: { strategy: 'r' },
    });

    const page = await openPage(app.browser, 'settings-revoked-elsewhere');
    await logIn(page, app.server, 'admin', 'test1234');
    await page.goto(`${app.server.url}/settings?tab=tokens`);
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'old-job' });
    await row.getByText('Strategies: Read').waitFor();
    await row.getByText('Never', { exact: true }).waitFor();

    await admin.delete(`/api/tokens/${guid}`);
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page
      .getByRole('dialog', { name: 'Revoke the token "old-job"?' })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await page.getByText('API token not found').waitFor();
    await page.getByText('No API tokens yet').waitFor();
  });
});
