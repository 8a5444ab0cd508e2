import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_DN, ADMIN_PASSWORD, addGroup, PEOPLE, type Slapd, startSlapd } from '../helpers/slapd.js';
import { adminApi, logIn, openPage, useConsole } from './harness.js';

const PEOPLE_LOADED = [
  { uid: 'alice', password: 'alice-directory', mail: 'alice@example.com', displayName: 'Alice Liddell' },
  { uid: 'bob', password: 'bob-directory' },
];

describe('Settings → LDAP', { timeout: 120_000 }, () => {
  const app = useConsole(async (server) => {
    await (await adminApi(server)).post('/api/user-groups', { name: 'Support' });
  });
  let slapd: Slapd;
  beforeAll(async () => {
    slapd = await startSlapd(PEOPLE_LOADED);
    await addGroup(slapd, 'Support', ['alice']);
  });
  afterAll(() => slapd.stop());

  it('saves the directory after testing it, shows a refused bind, and lets a directory user log in', async () => {
    const page = await openPage(app.browser, 'settings-ldap');
    await logIn(page, app.server, 'admin', 'test1234');
    await page.goto(`${app.server.url}/settings?tab=ldap`);
    await page.getByRole('tab', { name: 'LDAP', selected: true }).waitFor();

    await page.getByLabel('Enable LDAP login').click();
    await page.getByLabel('LDAP host').fill(slapd.url);
    await page.getByLabel('Base DN', { exact: true }).fill(PEOPLE);
    await page.getByText('One level (one)').click();
    await page.getByLabel('Bind DN').fill(ADMIN_DN);
    await page.getByLabel('Bind password').fill('wrong-password');
    await page.getByLabel('Filter', { exact: true }).fill('(objectClass=inetOrgPerson)');
    await page.getByText('memberOf attribute').click();

    // The server tests enabled settings before saving them, and says why it refused.
    await page.getByRole('button', { name: 'Submit' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'The LDAP server refused the bind DN and password' })
      .waitFor();
    const admin = await adminApi(app.server);
    expect(await admin.get('/api/settings/ldap')).toMatchObject({ enabled: false, bind_password_set: false });

    await page.getByLabel('Bind password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Test' }).click();
    await page.getByText('The bind and the search worked: 2 entries found under the base DN.').waitFor();
    expect(await admin.get('/api/settings/ldap')).toMatchObject({ enabled: false });

    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('LDAP settings saved: the search found 2 entries').waitFor();
    expect(await page.getByLabel('Bind password').inputValue()).toBe('');
    await page.getByPlaceholder('Stored: leave empty to keep it').waitFor();
    expect(await page.content()).not.toContain(ADMIN_PASSWORD);
    expect(await admin.get('/api/settings/ldap')).toMatchObject({
      enabled: true,
      host: slapd.url,
      base_dn: PEOPLE,
      scope: 'one',
      bind_dn: ADMIN_DN,
      filter: '(objectClass=inetOrgPerson)',
      group_source: 'member_of',
      bind_password_set: true,
    });

    // An empty bind password keeps the stored one: the test still binds.
    await page.getByRole('button', { name: 'Test' }).click();
    await page.getByText('The bind and the search worked: 2 entries found under the base DN.').waitFor();

    // The stored password goes to no other server unless it is typed again: the form says so first.
    await page.getByLabel('LDAP host').fill('ldap.example.org');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page
      .getByText('The server, bind DN or TLS settings changed: type the bind password again')
      .waitFor();

    // Reset brings back what is stored.
    await page.getByLabel('LDAP host').fill('ldap.example.org');
    await page.getByRole('button', { name: 'Reset' }).click();
    expect(await page.getByLabel('LDAP host').inputValue()).toBe(slapd.url);

    const user = await openPage(app.browser, 'settings-ldap-user-login');
    await logIn(user, app.server, 'alice', 'alice-directory');
    const users = await admin.get<{ data: { name: string; group_name: string; auth_source: string }[] }>(
      '/api/users?name=alice',
    );
    expect(users.data).toMatchObject([{ name: 'alice', group_name: 'Support', auth_source: 'ldap' }]);
  });
});
