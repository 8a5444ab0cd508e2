import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  type Api,
  adminApi,
  type ConsoleServer,
  logIn,
  openPage,
  registerDevice,
  useConsole,
} from './harness.js';

interface Rule {
  type: number;
  name: string;
}

/** A device as a RustDesk client registers itself. */
const register = (server: ConsoleServer, id: string) =>
  registerDevice(server, id, { username: 'bob', os: 'linux / Ubuntu 24.04', cpu: 'x', memory: '8GB' });

/** Opens a page of the Groups menu through the navigation, as an administrator would. */
async function openGroupsPage(page: Page, server: ConsoleServer, label: string, path: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('menuitem', { name: 'Groups' }).click();
  await nav.getByRole('link', { name: label }).click();
  await page.waitForURL(`${server.url}${path}`);
  await page.getByRole('heading', { name: label }).waitFor();
}

describe('the Groups pages', { timeout: 90_000 }, () => {
  let admin: Api;
  const app = useConsole(async (server) => {
    for (const id of ['100000001', '100000002', '100000003']) await register(server, id);
    admin = await adminApi(server);
    await admin.post('/api/device-groups', { name: 'Servers', note: 'racks' });
    await admin.post('/api/users', {
      name: 'carol',
      password: 'carol-pass-1',
      group_name: 'Default',
      display_name: 'Carol C',
    });
  });

  it('creates a user group, lets it access a device group, and shows the server’s refusals', async () => {
    const page = await openPage(app.browser, 'groups-user-groups');
    await logIn(page, app.server, 'admin', 'test1234');
    await openGroupsPage(page, app.server, 'User groups', '/groups/users');
    await page.getByText('1–1 of 1').waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');

    // A blank name is refused before anything is sent; Enter submits.
    await page.getByRole('button', { name: 'New user group' }).click();
    const create = page.getByRole('dialog', { name: 'New user group' });
    await create.getByRole('button', { name: 'Create' }).click();
    await create.getByText('Enter a name').waitFor();
    await create.getByLabel('Name').fill('Engineering');
    await create.getByLabel('Note').fill('R&D');
    await create.getByLabel('Name').press('Enter');
    await create.waitFor({ state: 'hidden' });
    await page.getByText('1–2 of 2').waitFor();
    const engineering = rows.filter({ hasText: 'Engineering' });
    await engineering.getByText('R&D').waitFor();

    // Creating the same name again: the server's conflict shows inside the dialog.
    await page.getByRole('button', { name: 'New user group' }).click();
    await create.getByLabel('Name').fill('Engineering');
    await create.getByRole('button', { name: 'Create' }).click();
    await create.getByRole('alert').getByText("User group 'Engineering' already exists").waitFor();
    await create.getByRole('button', { name: 'Cancel' }).click();
    await create.waitFor({ state: 'hidden' });

    // Can access: the device group, chosen by searching the server.
    await engineering.getByRole('button', { name: 'Access', exact: true }).click();
    const access = page.getByRole('dialog', { name: 'Access rules of Engineering' });
    const deviceGroups = access.getByRole('combobox', { name: 'Device groups' });
    await deviceGroups.click();
    await deviceGroups.fill('serv');
    // antd's accessible listbox is hidden; the visible options carry their name as a title.
    await page.locator('.ant-select-item-option[title="Servers"]').click();
    await access.getByRole('button', { name: 'Save' }).click();
    await access.waitFor({ state: 'hidden' });
    await engineering.getByText('Servers').waitFor();

    // The rule is stored, and shows at its other end too.
    const groups = await admin.get<{ data: { name: string; allowed_outgoings: Rule[] }[] }>(
      '/api/user-groups?name=Engineering',
    );
    expect(groups.data.map((group) => group.allowed_outgoings)).toEqual([[{ type: 1, name: 'Servers' }]]);
    const deviceGroupList = await admin.get<{ data: { allowed_incomings: Rule[] }[] }>(
      '/api/device-groups?name=Servers',
    );
    expect(deviceGroupList.data[0]?.allowed_incomings).toEqual([{ type: 0, name: 'Engineering' }]);

    // Members: carol moves in from Default, found by searching.
    await engineering.getByRole('button', { name: 'Members' }).click();
    const members = page.getByRole('dialog', { name: 'Users of Engineering' });
    await members.getByText('No members').waitFor();
    const users = members.getByRole('combobox', { name: 'Add users' });
    await users.click();
    await users.fill('car');
    await page.locator('.ant-select-item-option[title="carol (Carol C)"]').click();
    await members.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('Moved 1 user to Engineering').waitFor();
    await members.getByText('1–1 of 1').waitFor();
    await members.getByRole('cell', { name: 'Carol C' }).waitFor();
    await members.getByRole('button', { name: 'Close' }).click();
    await members.waitFor({ state: 'hidden' });
    await engineering.getByRole('button', { name: 'Users of Engineering' }).getByText('1').waitFor();

    // Neither a group with users nor the built-in Default group can be deleted, as the server says.
    for (const [name, refusal] of [
      ['Engineering', "User group 'Engineering' still has 1 user; move them to another group first"],
      ['Default', 'The built-in Default group cannot be deleted'],
    ] as const) {
      await rows.filter({ hasText: name }).getByRole('button', { name: 'Delete' }).click();
      const confirm = page.getByRole('dialog', { name: `Delete ${name}?` });
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await confirm.getByRole('alert').getByText(refusal).waitFor();
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await confirm.waitFor({ state: 'hidden' });
    }
    await page.getByText('1–2 of 2').waitFor();
  });

  it('adds two devices to a device group by ID and removes one', async () => {
    const page = await openPage(app.browser, 'groups-device-groups');
    await logIn(page, app.server, 'admin', 'test1234');
    await openGroupsPage(page, app.server, 'Device groups', '/groups/devices');
    await page.getByRole('cell', { name: 'Servers', exact: true }).waitFor();

    await page.getByRole('button', { name: 'New device group' }).click();
    const create = page.getByRole('dialog', { name: 'New device group' });
    await create.getByLabel('Name').fill('Lab');
    await create.getByRole('button', { name: 'Create' }).click();
    await create.waitFor({ state: 'hidden' });
    const lab = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'Lab' });
    await lab.getByRole('button', { name: 'Devices', exact: true }).click();

    const drawer = page.getByRole('dialog', { name: 'Devices of Lab' });
    await drawer.getByText('No members').waitFor();
    await drawer.getByRole('button', { name: 'Add devices' }).click();
    const add = page.getByRole('dialog', { name: 'Add devices to Lab' });
    const ids = add.getByLabel('Device IDs');
    // An unknown ID: nothing changes and the server names it.
    await ids.fill('100000001 999999999');
    await add.getByRole('button', { name: 'Add', exact: true }).click();
    await add.getByRole('alert').getByText('Devices not found: 999999999').waitFor();
    await ids.fill('100000001,\n100000002');
    await add.getByRole('button', { name: 'Add', exact: true }).click();
    await add.waitFor({ state: 'hidden' });
    await page.getByText('2 devices added').waitFor();
    await drawer.getByText('1–2 of 2').waitFor();

    const members = drawer.locator('.ant-table-tbody tr.ant-table-row');
    await members.filter({ hasText: '100000001' }).getByRole('checkbox').check();
    await drawer.getByText('1 selected').waitFor();
    await drawer.getByRole('button', { name: 'Remove' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove 1 device from Lab?' });
    await confirm.getByText('100000001').waitFor();
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByText('1 device removed').waitFor();
    await drawer.getByText('1–1 of 1').waitFor();
    expect(await members.count()).toBe(1);
    expect(await members.first().textContent()).toContain('100000002');
    await drawer.getByRole('button', { name: 'Close' }).click();
    await lab.getByRole('button', { name: 'Devices of Lab' }).getByText('1').waitFor();

    const devices = await admin.get<{ data: { id: string }[] }>('/api/devices?device_group_name=Lab');
    expect(devices.data.map((device) => device.id)).toEqual(['100000002']);
  });

  it('lists the members of a group named with a % by the group, not by a pattern', async () => {
    await register(app.server, '100000004');
    const groups = new Map<string, string>();
    for (const name of ['50%', '500']) {
      await admin.post('/api/user-groups', { name });
      const created = await admin.post<{ guid: string }>('/api/device-groups', { name });
      groups.set(name, created.guid);
    }
    for (const [user, group] of [
      ['pat', '50%'],
      ['quinn', '500'],
    ] as const) {
      await admin.post('/api/users', {
        name: user,
        password: `${user}-pass-1`,
        group_name: group,
      });
    }
    await admin.post(`/api/device-groups/${groups.get('50%')}`, ['100000003']);
    await admin.post(`/api/device-groups/${groups.get('500')}`, ['100000004']);

    const page = await openPage(app.browser, 'groups-percent');
    await logIn(page, app.server, 'admin', 'test1234');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    const rowOf = (name: string) => rows.filter({ has: page.getByRole('cell', { name, exact: true }) });

    await openGroupsPage(page, app.server, 'User groups', '/groups/users');
    await rowOf('50%').getByRole('button', { name: 'Members' }).click();
    const users = page.getByRole('dialog', { name: 'Users of 50%' });
    await users.getByText('1–1 of 1').waitFor();
    await users.getByRole('cell', { name: 'pat', exact: true }).waitFor();
    expect(await users.getByRole('cell', { name: 'quinn', exact: true }).count()).toBe(0);
    await users.getByRole('button', { name: 'Close' }).click();
    await users.waitFor({ state: 'hidden' });

    // The Groups submenu is open already.
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Device groups' })
      .click();
    await page.getByRole('heading', { name: 'Device groups' }).waitFor();
    await rowOf('50%').getByRole('button', { name: 'Devices', exact: true }).click();
    const devices = page.getByRole('dialog', { name: 'Devices of 50%' });
    await devices.getByText('1–1 of 1').waitFor();
    const members = devices.locator('.ant-table-tbody tr.ant-table-row');
    expect(await members.count()).toBe(1);
    expect(await members.first().textContent()).toContain('100000003');
  });
});
