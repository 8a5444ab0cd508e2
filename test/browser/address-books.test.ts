import { describe, expect, it } from 'vitest';
import { createSharedBook, createUser } from '../helpers/factories.js';
import { adminApi, logIn, openPage, registerDevice, useConsole, withDatabase } from './harness.js';

/** A button's accessible name is its text, after its icon's name when it has one ("plus Add"). */
const buttonName = (text: string) => new RegExp(`(^| )${text}$`);

describe('the Address books page', { timeout: 120_000 }, () => {
  const app = useConsole(async (server) => {
    // A device registered on the server, for the import.
    await registerDevice(server, '555000111', {
      hostname: 'kiosk-1',
      username: 'clerk',
      os: 'windows / Windows 11',
      cpu: 'x',
      memory: '8GB',
    });
    await withDatabase(server, async (db) => {
      await createUser(db, { name: 'dora', password: 'dora-pass' });
      await createUser(db, { name: 'olga', password: 'olga-pass' });
    });
  });

  it('lets an administrator create a shared book, share it read-only and add a tagged peer', async () => {
    const page = await openPage(app.browser, 'address-books-administrator');
    await logIn(page, app.server, 'admin', 'test1234');
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Address books' })
      .click();
    await page.waitForURL(`${app.server.url}/address-books`);
    await page.getByRole('heading', { name: 'Address books' }).waitFor();
    await page.getByText('Nothing here yet').waitFor();

    // The form checks before sending: no name, no request.
    await page.getByRole('button', { name: 'Create shared address book' }).click();
    const create = page.getByRole('dialog', { name: 'Create a shared address book' });
    await create.getByRole('button', { name: 'Create' }).click();
    await create.getByText('Enter a name').waitFor();
    await create.getByLabel('Name').fill('Support desk');
    await create.getByLabel('Note').fill('first line');
    await create.getByLabel('Name').press('Enter');
    await create.waitFor({ state: 'hidden' });
    await page.getByText('Address book Support desk created').waitFor();
    await page.getByText('1–1 of 1').waitFor();
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'Support desk' });
    await row.getByText('Full control').waitFor();
    await row.getByText('first line').waitFor();

    // Share it read-only with dora; an unknown user is refused inside the dialog.
    await row.getByRole('button', { name: 'Share' }).click();
    const share = page.getByRole('dialog', { name: 'Share Support desk' });
    await share.getByRole('combobox', { name: 'User name' }).fill('nobody');
    await share.getByRole('button', { name: 'Share', exact: true }).click();
    await share.getByRole('alert').getByText('User "nobody" not found').waitFor();
    await share.getByRole('combobox', { name: 'User name' }).fill('dora');
    await share.getByRole('button', { name: 'Share', exact: true }).click();
    const rule = share.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'dora' });
    await rule.waitFor();
    expect(await rule.textContent()).toContain('Read-only');
    await share.getByRole('button', { name: 'Close', exact: true }).last().click();
    await share.waitFor({ state: 'hidden' });

    // Open the book and add a peer by ID with a new tag.
    await row.getByRole('link', { name: 'Support desk' }).click();
    await page.waitForURL(/\/address-books\?ab=/);
    const guid = new URL(page.url()).searchParams.get('ab') ?? '';
    await page.getByRole('heading', { name: 'Support desk' }).waitFor();
    await page.getByText('Nothing here yet').waitFor();
    await page.getByRole('button', { name: buttonName('Add') }).click();
    const add = page.getByRole('dialog', { name: 'Add a device' });
    await add.getByLabel('ID').fill('123456789');
    await add.getByLabel('Alias').fill('reception');
    await add.getByRole('combobox', { name: 'Tags' }).fill('office');
    await add.getByRole('combobox', { name: 'Tags' }).press('Enter');
    await add.getByLabel('Password', { exact: true }).fill('peer-secret');
    await add.getByRole('button', { name: 'Add', exact: true }).click();
    await add.waitFor({ state: 'hidden' });
    await page.getByText('1–1 of 1').waitFor();
    const peer = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '123456789' });
    await peer.getByText('office').waitFor();
    await peer.getByText('reception').waitFor();
    // The password is only indicated.
    await peer.getByText('Set', { exact: true }).waitFor();
    expect(await page.getByText('peer-secret').count()).toBe(0);
    // The tag filter, applied by the server: the new tag's chip finds the peer, "Untagged" does not.
    await page.getByRole('button', { name: 'Untagged' }).click();
    await page.waitForURL(/untagged=true/);
    await page.getByText('Nothing matches these filters').waitFor();
    await page.getByRole('button', { name: 'Filter by tag office' }).click();
    await page.waitForURL(/tags=%5B%22office%22%5D/);
    await page.getByText('1–1 of 1').waitFor();

    // The server agrees: one rule, for dora, read-only; the peer carries the tag, with a colour.
    const admin = await adminApi(app.server);
    const ruleBody = await admin.get<{ total: number; data: Array<{ user: string | null; rule: number }> }>(
      `/api/ab/rules?ab=${guid}`,
    );
    expect(ruleBody.total).toBe(1);
    expect(ruleBody.data[0]).toMatchObject({ user: 'dora', group: null, rule: 1 });
    const peerBody = await admin.get<{ data: Array<{ id: string; alias: string; tags: string[] }> }>(
      `/api/ab/peers?ab=${guid}`,
    );
    expect(peerBody.data).toEqual([
      expect.objectContaining({ id: '123456789', alias: 'reception', tags: ['office'] }),
    ]);
    const tags = await admin.get<Array<{ name: string; color: number }>>(`/api/ab/tags/${guid}`);
    expect(tags.map((tag) => tag.name)).toEqual(['office']);
  });

  it('shows the shared book to that user as read-only, with the peer and no edit actions', async () => {
    const page = await openPage(app.browser, 'address-books-read-only');
    await logIn(page, app.server, 'dora', 'dora-pass');
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Address books' })
      .click();
    await page.getByText('1–1 of 1').waitFor();
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'Support desk' });
    await row.getByText('Read-only').waitFor();
    expect(await row.getByRole('button').count()).toBe(0);

    await row.getByRole('link', { name: 'Support desk' }).click();
    await page.getByRole('heading', { name: 'Support desk' }).waitFor();
    await page.getByText('You have read-only access to this address book.').waitFor();
    await page.getByText('1–1 of 1').waitFor();
    const peer = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: '123456789' });
    await peer.getByText('office').waitFor();
    for (const name of ['Add', 'Import', 'Edit', 'Delete', 'Share', 'Recycle bin'])
      expect(await page.getByRole('button', { name: buttonName(name) }).count(), name).toBe(0);
    expect(await peer.getByRole('checkbox').count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: 'Action' }).count()).toBe(0);
  });

  it('imports a registered device, and restores and deletes peers through the recycle bin', async () => {
    const page = await openPage(app.browser, 'address-books-recycle-bin');
    await logIn(page, app.server, 'admin', 'test1234');
    await page.goto(`${app.server.url}/address-books`);
    await page
      .locator('.ant-table-tbody tr.ant-table-row')
      .getByRole('link', { name: 'Support desk' })
      .click();
    await page.getByText('1–1 of 1').waitFor();
    const guid = new URL(page.url()).searchParams.get('ab') ?? '';

    await page.getByRole('button', { name: buttonName('Import') }).click();
    const importing = page.getByRole('dialog', { name: 'Import devices into Support desk' });
    await importing.getByText('1–1 of 1').waitFor();
    await importing
      .locator('.ant-table-tbody tr.ant-table-row')
      .filter({ hasText: '555000111' })
      .getByRole('checkbox')
      .check();
    await importing.getByRole('button', { name: 'Add 1 device' }).click();
    await importing.waitFor({ state: 'hidden' });
    await page.getByText('1 device added, 0 already in the book').waitFor();
    await page.getByText('1–2 of 2').waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    // A registered device shows its own names.
    await rows.filter({ hasText: '555000111' }).getByText('clerk@kiosk-1').waitFor();

    // Delete both: they go to the recycle bin.
    for (const id of ['123456789', '555000111'])
      await rows.filter({ hasText: id }).getByRole('checkbox').check();
    await page.getByRole('button', { name: buttonName('Delete 2') }).click();
    const confirmDelete = page.getByRole('dialog', { name: 'Delete 2 devices from this address book?' });
    await confirmDelete.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('Nothing here yet').waitFor();

    await page.getByRole('button', { name: buttonName('Recycle bin') }).click();
    await page.getByRole('heading', { name: 'Recycle bin of Support desk' }).waitFor();
    await page.getByText('1–2 of 2').waitFor();
    await rows.filter({ hasText: '123456789' }).getByRole('button', { name: 'Restore' }).click();
    const confirmRestore = page.getByRole('dialog', { name: 'Restore 1 device to the address book?' });
    await confirmRestore.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.getByText('1–1 of 1').waitFor();

    await page.getByRole('button', { name: buttonName('Empty the recycle bin') }).click();
    const confirmEmpty = page.getByRole('dialog', { name: 'Empty the recycle bin of Support desk?' });
    await confirmEmpty.getByText('This cannot be undone.').waitFor();
    await confirmEmpty.getByRole('button', { name: 'Empty the recycle bin', exact: true }).click();
    await page.getByText('Nothing here yet').waitFor();

    await page.getByRole('button', { name: 'Back to the address book' }).click();
    await page.getByText('1–1 of 1').waitFor();
    await rows.filter({ hasText: '123456789' }).getByText('office').waitFor();

    // The server agrees: the restored peer is back with its tag, the bin is empty.
    const admin = await adminApi(app.server);
    const peers = await admin.get<{ data: Array<{ id: string; tags: string[] }> }>(
      `/api/ab/peers?ab=${guid}`,
    );
    expect(peers.data.map((peer) => [peer.id, peer.tags])).toEqual([['123456789', ['office']]]);
    const bin = await admin.get<{ total: number }>(`/api/ab/recycle-bin/${guid}`);
    expect(bin.total).toBe(0);
  });

  it('offers a non-administrator owner sharing only while the setting allows it', async () => {
    await withDatabase(app.server, async (db) => {
      const olga = await db
        .selectFrom('users')
        .select('id')
        .where('name', '=', 'olga')
        .executeTakeFirstOrThrow();
      await createSharedBook(db, { name: 'Olga team', ownerId: olga.id });
    });
    const admin = await adminApi(app.server);
    const page = await openPage(app.browser, 'address-books-sharing-setting');
    await logIn(page, app.server, 'olga', 'olga-pass');
    await page.goto(`${app.server.url}/address-books`);
    const row = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'Olga team' });
    await row.getByText('Full control').waitFor();
    await page.getByRole('button', { name: 'Open my address book' }).waitFor();
    expect(await page.getByRole('button', { name: 'Create shared address book' }).count()).toBe(0);

    // Sharing off (the default): the owner sees who the book is shared with and changes nothing.
    await row.getByRole('button', { name: 'Share' }).click();
    const share = page.getByRole('dialog', { name: 'Share Olga team' });
    await share.getByText('Only administrators may change who this address book is shared with.').waitFor();
    await share.getByText('Nothing here yet').waitFor();
    expect(await share.getByRole('combobox', { name: 'User name' }).count()).toBe(0);
    expect(await share.getByRole('button', { name: 'Share', exact: true }).count()).toBe(0);
    await share.getByRole('button', { name: 'Close', exact: true }).last().click();
    await share.waitFor({ state: 'hidden' });

    // Sharing on: the owner shares, and changes and removes rules.
    await admin.patch('/api/settings', { allow_non_admin_share_address_books: true });
    await page.reload();
    await page.getByRole('button', { name: 'Create shared address book' }).waitFor();
    await row.getByRole('button', { name: 'Share' }).click();
    await share.getByRole('combobox', { name: 'User name' }).fill('dora');
    await share.getByRole('button', { name: 'Share', exact: true }).click();
    const rule = share.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'dora' });
    await rule.getByRole('combobox', { name: 'Permission of dora' }).waitFor();
    await rule.getByRole('button', { name: 'Remove' }).waitFor();
    await admin.patch('/api/settings', { allow_non_admin_share_address_books: false });
  });
});
