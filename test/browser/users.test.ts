import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminApi, type ConsoleServer, logIn, openPage, registerDevice, useConsole } from './harness.js';

/** What the registered devices report about themselves, besides their host names. */
const KIM_PC = { username: 'kim', os: 'Linux' };

async function openUsers(page: Page, server: ConsoleServer, search = ''): Promise<void> {
  await logIn(page, server, 'admin', 'test1234');
  if (search === '') {
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Users' })
      .click();
    await page.waitForURL(`${server.url}/users`);
  } else {
    await page.goto(`${server.url}/users?${search}`);
  }
  await page.getByRole('heading', { name: 'Users' }).waitFor();
}

describe('the Users page', { timeout: 120_000 }, () => {
  const app = useConsole(async (server) => {
    const admin = await adminApi(server);
    await admin.post('/api/user-groups', { name: 'Support', note: 'help desk' });
    await admin.post('/api/users', {
      name: 'dana',
      password: 'dana-pass',
      group_name: 'Default',
    });
    await registerDevice(server, '500000001', { ...KIM_PC, hostname: 'kiosk-1' });
    await registerDevice(server, '500000002', { ...KIM_PC, hostname: 'kiosk-2' });
    await registerDevice(server, '600000001', { ...KIM_PC, hostname: 'office-1' });
  });

  it('creates a user in a group, edits, disables and deletes them, showing the server’s refusals', async () => {
    const page = await openPage(app.browser, 'users-lifecycle');
    await openUsers(page, app.server);
    await page.getByText('1–2 of 2').waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');

    // Create: the form checks the passwords itself; the server refuses a name already taken.
    await page.getByRole('button', { name: 'Create user' }).click();
    const create = page.getByRole('dialog', { name: 'Create a user' });
    await create.getByLabel('User name').fill('admin');
    await create.getByLabel('Password', { exact: true }).fill('erin-pass');
    await create.getByLabel('Repeat the password').fill('erin-typo');
    await create.getByLabel('Display name').fill('Erin');
    await create.getByLabel('E-mail').fill('erin@example.com');
    // Typing in the group select asks the server for matching groups.
    await create.getByRole('combobox', { name: 'Group' }).fill('supp');
    await page.locator('.ant-select-dropdown').getByTitle('Support').click();
    await create.getByRole('button', { name: 'Create user' }).click();
    await create.getByText('The two passwords differ').waitFor();
    await create.getByLabel('Repeat the password').fill('erin-pass');
    await create.getByRole('button', { name: 'Create user' }).click();
    await create.getByRole('alert').getByText("User 'admin' already exists").waitFor();
    await create.getByLabel('User name').fill('erin');
    await create.getByLabel('User name').press('Enter');
    await create.waitFor({ state: 'hidden' });
    await page.getByText('User erin created').waitFor();
    await page.getByText('1–3 of 3').waitFor();
    const erin = rows.filter({ hasText: 'erin@example.com' });
    await erin.getByRole('cell', { name: 'Support', exact: true }).waitFor();

    // The group filter finds exactly the new user.
    await page.getByRole('combobox', { name: 'Group' }).fill('Support');
    await page.locator('.ant-select-dropdown').getByTitle('Support').click();
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/group_name=Support/);
    await page.getByText('1–1 of 1').waitFor();
    expect(await rows.count()).toBe(1);
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByText('1–3 of 3').waitFor();

    // Edit the display name.
    await erin.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit user erin' });
    await edit.getByLabel('Display name').fill('Erin Example');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'hidden' });
    await erin.getByText('Erin Example').waitFor();

    // The last administrator keeps their right: the server's refusal shows in the drawer.
    const admin = rows.filter({ has: page.getByText('Me', { exact: true }) });
    await admin.getByRole('button', { name: 'Edit' }).click();
    const editAdmin = page.getByRole('dialog', { name: 'Edit user admin' });
    await editAdmin.getByRole('checkbox', { name: 'Administrator' }).uncheck();
    await editAdmin.getByRole('button', { name: 'Save' }).click();
    await editAdmin
      .getByRole('alert')
      .getByText('admin is the last enabled administrator; make another user an administrator first')
      .waitFor();
    await editAdmin.getByRole('button', { name: 'Cancel' }).click();
    await editAdmin.waitFor({ state: 'hidden' });

    // An enabled user cannot be deleted: the dialog says why and refuses.
    await page.getByRole('button', { name: 'More actions for erin' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const refuse = page.getByRole('dialog', { name: 'Delete erin?' });
    await refuse.getByText('Still enabled: erin').waitFor();
    await refuse.getByText('Only disabled users can be deleted.', { exact: false }).waitFor();
    expect(await refuse.getByRole('button', { name: 'Delete' }).isDisabled()).toBe(true);
    await refuse.getByRole('button', { name: 'Disable erin first' }).waitFor();
    await refuse.getByRole('button', { name: 'Cancel' }).click();
    await refuse.waitFor({ state: 'hidden' });

    // Disable, confirmed.
    await page.getByRole('button', { name: 'More actions for erin' }).click();
    await page.getByRole('menuitem', { name: 'Disable' }).click();
    const disable = page.getByRole('dialog', { name: 'Disable erin?' });
    await disable.getByRole('button', { name: 'Disable' }).click();
    await page.getByText('erin disabled').waitFor();
    await expect.poll(() => page.getByTestId('status-erin').textContent()).toBe('Disabled');

    // Delete, confirmed.
    await page.getByRole('button', { name: 'More actions for erin' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const remove = page.getByRole('dialog', { name: 'Delete erin?' });
    await remove.getByText('This cannot be undone.', { exact: false }).waitFor();
    await remove.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('erin deleted').waitFor();
    await page.getByText('1–2 of 2').waitFor();
    expect(await page.getByText('erin@example.com').count()).toBe(0);

    const left = await (await adminApi(app.server)).get<{ data: { name: string }[] }>('/api/users?name=erin');
    expect(left.data).toEqual([]);
  });

  it('disables and deletes two chosen users in one request each; a refusal changes neither and names the user', async () => {
    const admin = await adminApi(app.server);
    for (const name of ['gil', 'hal']) {
      await admin.post('/api/users', { name, password: `${name}-pass`, group_name: 'Default' });
    }
    const page = await openPage(app.browser, 'users-bulk');
    await openUsers(page, app.server);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    const rowOf = (name: string) => rows.filter({ has: page.getByTestId(`status-${name}`) });
    const bulkRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/users/') && request.method() !== 'GET') {
        bulkRequests.push(`${request.method()} ${new URL(request.url()).pathname}`);
      }
    });

    for (const name of ['gil', 'hal']) await rowOf(name).getByRole('checkbox').check();
    await page.getByText('2 selected').waitFor();
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Disable 2 users?' })
      .getByRole('button', { name: 'Disable' })
      .click();
    await page.getByText('2 users disabled').waitFor();
    for (const name of ['gil', 'hal']) {
      await expect.poll(() => page.getByTestId(`status-${name}`).textContent()).toBe('Disabled');
    }

    // Both are still chosen: delete them.
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const remove = page.getByRole('dialog', { name: 'Delete 2 users?' });
    await remove.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('2 users deleted').waitFor();
    await rowOf('gil').waitFor({ state: 'detached' });
    expect(await rowOf('hal').count()).toBe(0);
    expect(bulkRequests).toEqual(['POST /api/users/bulk', 'POST /api/users/bulk']);

    // The last administrator with another user: the server refuses, and neither is disabled.
    for (const name of ['admin', 'dana']) await rowOf(name).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Disable 2 users?' })
      .getByRole('button', { name: 'Disable' })
      .click();
    const refused = page.getByRole('dialog', { name: 'The server refused this for 2 users' });
    await refused
      .getByText('admin is the last enabled administrator; make another user an administrator first')
      .waitFor();
    await refused.getByRole('button', { name: 'Close' }).click();
    expect(await page.getByTestId('status-dana').textContent()).toBe('Enabled');

    const left = await (await adminApi(app.server)).get<{ data: { name: string; status: number }[] }>(
      '/api/users',
    );
    expect(left.data.map((user) => [user.name, user.status])).toEqual([
      ['admin', 1],
      ['dana', 1],
    ]);
  });

  it('assigns devices found with a wildcard to a user in one batch', async () => {
    const page = await openPage(app.browser, 'users-assign-devices');
    await openUsers(page, app.server, 'name=dana');
    await page.getByText('1–1 of 1').waitFor();

    await page.getByRole('button', { name: 'More actions for dana' }).click();
    await page.getByRole('menuitem', { name: 'Assign devices' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign devices to dana' });
    await dialog.getByText('1–3 of 3').waitFor();
    expect(await dialog.getByRole('button', { name: 'Assign (0)' }).isDisabled()).toBe(true);

    await dialog.getByRole('textbox', { name: 'ID', exact: true }).fill('5000%');
    await dialog.getByRole('textbox', { name: 'ID', exact: true }).press('Enter');
    await dialog.getByText('1–2 of 2').waitFor();
    const rows = dialog.locator('.ant-table-tbody tr.ant-table-row');
    expect(await rows.count()).toBe(2);
    for (const id of ['500000001', '500000002'])
      await rows.filter({ hasText: id }).getByRole('checkbox').check();
    await dialog.getByText('2 selected').waitFor();
    await dialog.getByRole('button', { name: 'Assign (2)' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Devices assigned to dana: 2').waitFor();

    const admin = await adminApi(app.server);
    const assigned = await admin.get<{ data: { id: string; user_name: string | null }[] }>(
      '/api/devices?user_name=dana',
    );
    expect(assigned.data.map((device) => device.id).sort()).toEqual(['500000001', '500000002']);
    const other = await admin.get<{ data: { user_name: string | null }[] }>('/api/devices?id=600000001');
    expect(other.data[0]?.user_name).toBeNull();
  });
});
