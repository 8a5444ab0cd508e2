import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser } from '../helpers/factories.js';
import { startSmtpServer } from '../helpers/smtp.js';
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

/** The code an authenticator app shows for `secret`, `offsetMs` from now. */
const codeOf = (secret: string, offsetMs = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + offsetMs });

describe('two-factor authentication in the console', { timeout: 120_000 }, () => {
  const app = useConsole(async (server) => {
    await withDatabase(server, async (db) => {
      await createUser(db, { name: 'carol', password: 'carol-pass' });
      await createUser(db, { name: 'dave', password: 'dave-pass' });
      await createUser(db, { name: 'erin', password: 'erin-pass' });
      await db.updateTable('users').set({ email: 'dave@example.com' }).where('name', '=', 'dave').execute();
    });
    const admin = await adminApi(server);
    const users = await admin.get<{ data: Array<{ guid: string }> }>('/api/users?name=carol');
    await admin.put('/api/users/tfa/totp/enforce', {
      user_guids: users.data.map((u) => u.guid),
      enforce: true,
      url: server.url,
    });
  });

  async function enterPassword(page: Page, name = 'carol') {
    await page.goto(`${app.server.url}/login`);
    await page.getByLabel('User name').fill(name);
    await page.getByLabel('Password', { exact: true }).fill(`${name}-pass`);
    await page.getByLabel('Password', { exact: true }).press('Enter');
  }

  async function logOut(page: Page) {
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(`${app.server.url}/login`);
  }

  async function enterCode(page: Page, code: string, label = 'Authentication code') {
    await page.getByLabel(label).fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${app.server.url}/welcome`);
    await page.getByRole('button', { name: 'User menu' }).waitFor();
  }

  it('an enforced user is sent to set 2FA up, enrols with the key as text, then logs in with a code and a backup code', async () => {
    const page = await openPage(app.browser, 'tfa-enrol-and-login');
    await enterPassword(page);
    // Every page leads to the Account page until 2FA is set up.
    await page.waitForURL(`${app.server.url}/account`);
    await page.getByTestId('tfa-required').waitFor();
    await page.goto(`${app.server.url}/devices`);
    await page.waitForURL(`${app.server.url}/account`);

    await page.getByRole('button', { name: 'Set up 2FA' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set up 2FA' });
    await dialog.getByTestId('qr-code').waitFor();
    const secret = ((await dialog.getByTestId('tfa-secret').locator('code').textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await saveScreenshot(page, 'tfa-enrol-dialog');
    await dialog.getByLabel('Code from the app').fill('000000');
    await dialog.getByRole('button', { name: 'Enable' }).click();
    expect(await dialog.getByRole('alert').textContent()).toBe('The 2FA code is wrong');
    await dialog.getByLabel('Code from the app').fill(codeOf(secret));
    await dialog.getByRole('button', { name: 'Enable' }).click();
    await dialog.getByTestId('tfa-backup-codes').waitFor();
    const codes = await dialog.getByTestId('tfa-backup-codes').locator('code').allTextContents();
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(codes).toHaveLength(6);
    await saveScreenshot(page, 'tfa-backup-codes');
    await dialog.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByTestId('tfa-state').textContent()).toBe('Enabled');

    // The code of the next 30 s step: the current one was used to confirm.
    await logOut(page);
    await enterPassword(page);
    await page.getByLabel('Authentication code').waitFor();
    await saveScreenshot(page, 'tfa-login-code');
    await enterCode(page, codeOf(secret, 30_000));

    await logOut(page);
    await enterPassword(page);
    await enterCode(page, codes[0] ?? '');
    await page.goto(`${app.server.url}/account`);
    await page.getByText('Backup codes left').waitFor();
    expect(await page.getByTestId('tfa-card').textContent()).toContain('Backup codes left5');

    // Trusting this browser: the next login needs the password only, until it is forgotten.
    await logOut(page);
    await enterPassword(page);
    await page.getByLabel('Trust this browser for 30 days').check();
    await enterCode(page, codes[1] ?? '');
    await logOut(page);
    await enterPassword(page);
    await page.waitForURL(`${app.server.url}/welcome`);
    await page.goto(`${app.server.url}/account`);
    const trusted = page.getByTestId('trusted-devices');
    await trusted.getByText('Chrome on Linux').waitFor();
    await saveScreenshot(page, 'trusted-devices');
    await trusted.getByRole('button', { name: 'Forget: Chrome on Linux' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Forget' }).click();
    await trusted.getByText('No trusted devices').waitFor();
    await logOut(page);
    await enterPassword(page);
    await page.getByLabel('Authentication code').waitFor();
  });

  it("an administrator requires, resets and lifts another user's 2FA and switches their e-mail verification", async () => {
    const erin = api(app.server, await loginToken(app.server, 'erin', 'erin-pass'));
    const { secret } = await erin.post<{ secret: string }>('/api/tfa/totp/enrol', {});
    await erin.post('/api/tfa/totp/confirm', { code: codeOf(secret) });

    const page = await openPage(app.browser, 'admin-login-security');
    await logIn(page, app.server, 'admin', 'test1234');
    await page.goto(`${app.server.url}/users?name=erin`);
    await page.getByRole('row', { name: /erin/ }).getByRole('button', { name: 'Edit' }).click();
    const drawer = page.getByRole('dialog', { name: /erin/ });
    const security = drawer.getByTestId('login-security');
    await security.getByText('Set up').waitFor();

    await security.getByRole('button', { name: 'Require 2FA' }).click();
    await security.getByText('Required').waitFor();
    await security.getByRole('button', { name: 'Reset 2FA' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Reset 2FA' }).click();
    await security.getByText('Not set up').waitFor();
    await security.getByRole('button', { name: 'Stop requiring 2FA' }).click();
    await security.getByRole('button', { name: 'Require 2FA' }).waitFor();
    // Without an e-mail address the server refuses e-mail verification, and says why.
    await security.getByRole('switch', { name: 'E-mail verification' }).click();
    await page
      .getByText(/E-mail login verification needs/)
      .first()
      .waitFor();
    expect(await security.getByRole('switch', { name: 'E-mail verification' }).isChecked()).toBe(false);

    // erin logs in with the password alone now.
    const erinPage = await openPage(app.browser, 'after-tfa-reset');
    await logIn(erinPage, app.server, 'erin', 'erin-pass');
  });

  it('a user turns e-mail login verification on, then logs in with the code the server mails', async () => {
    const smtp = await startSmtpServer();
    try {
      const admin = await adminApi(app.server);
      await admin.patch('/api/settings', {
        smtp: {
          host: '127.0.0.1',
          port: smtp.port,
          security: 'none',
          auth: false,
          from: 'admin@example.com',
        },
      });
      const page = await openPage(app.browser, 'email-verification-login');
      await enterPassword(page, 'dave');
      await page.waitForURL(`${app.server.url}/welcome`);
      await page.goto(`${app.server.url}/account`);
      await page.getByRole('switch', { name: 'E-mail login verification' }).click();
      await page.getByText('Saved').first().waitFor();
      await logOut(page);

      await enterPassword(page, 'dave');
      await page.getByText('We sent a six-digit code to dave@example.com').waitFor();
      // The outbox sends within its 10 s round.
      await expect.poll(() => smtp.received.length, { timeout: 30_000 }).toBe(1);
      const code = /Your login code: (\d{6})/.exec(smtp.received[0]?.raw ?? '')?.[1] ?? '';
      await saveScreenshot(page, 'email-verification-code');
      await enterCode(page, code, 'Code sent by e-mail');
    } finally {
      await smtp.close();
    }
  });
});
