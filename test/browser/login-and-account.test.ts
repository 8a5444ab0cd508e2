import { describe, expect, it } from 'vitest';
import { createUser } from '../helpers/factories.js';
import {
  adminApi,
  api,
  logIn,
  loginToken,
  openPage,
  saveScreenshot,
  useConsole,
  withDatabase,
} from './harness.js';

describe('logging in, the default-password banner and the Account page', { timeout: 90_000 }, () => {
  const app = useConsole(async (server) => {
    await withDatabase(server, async (db) => {
      await createUser(db, { name: 'alice', password: 'alice-pass' });
      await createUser(db, { name: 'bert', password: 'bert-pass' });
      await createUser(db, { name: 'sam', password: 'sam-pass' });
    });
  });

  it('sends a visitor to the login page, and shows the server’s refusal of a wrong password in place', async () => {
    const page = await openPage(app.browser, 'login-then-requested-page');
    await page.goto(`${app.server.url}/account`);
    await page.waitForURL(`${app.server.url}/login?next=%2Faccount`);

    // The form checks before it sends: nothing typed, nothing sent.
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByText('Enter your user name').isVisible()).toBe(true);

    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByLabel('Password', { exact: true }).press('Enter');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Incorrect username or password');
    expect(page.url()).toBe(`${app.server.url}/login?next=%2Faccount`);
    await saveScreenshot(page, 'login-wrong-password');

    // The right password goes on to the page first asked for.
    await page.getByLabel('Password', { exact: true }).fill('test1234');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${app.server.url}/account`);
    await page.getByRole('heading', { name: 'Account' }).waitFor();
  });

  it('a session the server no longer accepts leads back to the login page, and from there back', async () => {
    const page = await openPage(app.browser, 'session-expired-back-to-account');
    await logIn(page, app.server, 'admin', 'test1234');
    // Code run in the page is given as text: these files are type-checked without the DOM library.
    await page.evaluate("localStorage.setItem('rdconsole.accessToken', 'rdcs_revoked')");
    await page.goto(`${app.server.url}/account`);
    await page.waitForURL(/\/login\?next=%2Faccount&reason=expired$/);
    await page.getByText('Your session has ended. Log in again.').waitFor();
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('test1234');
    await page.getByLabel('Password', { exact: true }).press('Enter');
    await page.waitForURL(`${app.server.url}/account`);
    await page.getByRole('heading', { name: 'Account' }).waitFor();
  });

  it('a user changing their password must give the current one; a wrong one is refused in the dialog', async () => {
    const page = await openPage(app.browser, 'member-password-changed');
    await logIn(page, app.server, 'alice', 'alice-pass');
    expect(await page.getByTestId('default-password-banner').count()).toBe(0);
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.locator('.ant-dropdown').getByRole('menuitem', { name: 'Account' }).click();
    await page.getByRole('button', { name: 'Change password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change password' });
    await dialog.getByLabel('Current password', { exact: true }).fill('not-my-password');
    await dialog.getByLabel('New password', { exact: true }).fill('alice-new');
    await dialog.getByLabel('Repeat the new password').fill('alice-new');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe('current password is wrong');
    await saveScreenshot(page, 'account-wrong-current-password');

    await dialog.getByLabel('Current password', { exact: true }).fill('alice-pass');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Password changed').first().waitFor();
  });

  it('a single sign-on user without a password sets the first one without a current one, where allowed', async () => {
    const page = await openPage(app.browser, 'sso-user-sets-first-password');
    await logIn(page, app.server, 'sam', 'sam-pass');
    // Sam's account becomes what a first OIDC login creates: no password of its own.
    await withDatabase(app.server, (db) =>
      db
        .updateTable('users')
        .set({ auth_source: 'oidc/keycloak', auth_subject: 'sub-sam', password_hash: '' })
        .where('name', '=', 'sam')
        .execute(),
    );
    await (await adminApi(app.server)).patch('/api/settings', { allow_sso_local_password: true });
    await page.goto(`${app.server.url}/account`);
    await page.getByText('Managed by keycloak: you sign in through it').waitFor();
    await page.getByRole('button', { name: 'Set a password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set a password' });
    await dialog.getByLabel('New password', { exact: true }).waitFor();
    expect(await dialog.getByLabel('Current password', { exact: true }).count()).toBe(0);
    await dialog.getByLabel('New password', { exact: true }).fill('sam-first-1');
    await dialog.getByLabel('Repeat the new password').fill('sam-first-1');
    await dialog.getByRole('button', { name: 'Set a password' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Password set').first().waitFor();
    await page.getByText('Set; you also sign in through keycloak').waitFor();
    await saveScreenshot(page, 'account-sso-password-set');
    expect(await loginToken(app.server, 'sam', 'sam-first-1')).toMatch(/^rdcs_/);
    // The next change needs the current one, as for everyone.
    await page.getByRole('button', { name: 'Change password' }).click();
    await page
      .getByRole('dialog', { name: 'Change password' })
      .getByLabel('Current password', { exact: true })
      .waitFor();
  });

  it('shows the banner while the password is the initial one, until it is changed on the Account page', async () => {
    const page = await openPage(app.browser, 'admin-password-changed-new-login');
    await logIn(page, app.server, 'admin', 'test1234');
    const banner = page.getByTestId('default-password-banner');
    await banner.waitFor();
    await saveScreenshot(page, 'welcome-default-password-banner');

    await banner.getByRole('link', { name: 'Change the password' }).click();
    await page.waitForURL(`${app.server.url}/account?change=password`);
    const dialog = page.getByRole('dialog', { name: 'Change password' });
    await dialog.waitFor();
    // The first field takes the focus, so that typing can start at once.
    const focused = () =>
      dialog
        .getByLabel('Current password', { exact: true })
        .evaluate((field) => field === field.ownerDocument.activeElement);
    await expect.poll(focused).toBe(true);

    // Esc closes the dialog; the button opens it again.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Change password' }).click();
    await dialog.waitFor();
    await expect.poll(focused).toBe(true);

    // Checked before sending: the two new passwords must match.
    await dialog.getByLabel('Current password', { exact: true }).fill('test1234');
    await dialog.getByLabel('New password', { exact: true }).fill('n3w-secret');
    await dialog.getByLabel('Repeat the new password').fill('something-else');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByText('The two passwords differ').waitFor();

    // Enter submits; the server takes it and the dialog closes.
    await dialog.getByLabel('Repeat the new password').fill('n3w-secret');
    await dialog.getByLabel('Repeat the new password').press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await banner.waitFor({ state: 'detached' });
    await page.getByText('Password changed').first().waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Account' }).waitFor();
    expect(await page.getByTestId('default-password-banner').count()).toBe(0);
    await saveScreenshot(page, 'account-password-changed');

    // Log out; the new password is the one that works now.
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(`${app.server.url}/login`);
    await logIn(page, app.server, 'admin', 'n3w-secret');
    expect(await page.getByTestId('default-password-banner').count()).toBe(0);
  });

  it('checks a new password against the minimum length the server sets, not one of its own', async () => {
    // The test before changed the administrator's password.
    const admin = api(app.server, await loginToken(app.server, 'admin', 'n3w-secret'));
    await admin.patch('/api/settings', { min_password_length: 12 });
    const page = await openPage(app.browser, 'password-minimum');
    await logIn(page, app.server, 'bert', 'bert-pass');
    const changePassword = async (password: string) => {
      await page.goto(`${app.server.url}/account`);
      await page.getByRole('button', { name: 'Change password' }).click();
      const dialog = page.getByRole('dialog', { name: 'Change password' });
      await dialog.getByLabel('Current password', { exact: true }).fill('bert-pass');
      await dialog.getByLabel('New password', { exact: true }).fill(password);
      await dialog.getByLabel('Repeat the new password').fill(password);
      await dialog.getByRole('button', { name: 'Change password' }).click();
      return dialog;
    };
    const refused = await changePassword('eleven-char');
    await refused.getByText('Between 12 and 128 characters').waitFor();
    // The administrator's Create user form checks the same minimum.
    const adminPage = await openPage(app.browser, 'password-minimum-users');
    await logIn(adminPage, app.server, 'admin', 'n3w-secret');
    await adminPage.goto(`${app.server.url}/users`);
    await adminPage.getByRole('button', { name: 'Create user' }).click();
    const create = adminPage.getByRole('dialog', { name: 'Create a user' });
    await create.getByLabel('Password', { exact: true }).fill('eleven-char');
    await create.getByText('Between 12 and 128 characters').waitFor();

    // Below the default of 8, and above the lowest the setting allows (4).
    await admin.patch('/api/settings', { min_password_length: 5 });
    const taken = await changePassword('bert5');
    await taken.waitFor({ state: 'hidden' });
    await page.getByText('Password changed').first().waitFor();
    await admin.patch('/api/settings', { min_password_length: 8 });
  });
});
