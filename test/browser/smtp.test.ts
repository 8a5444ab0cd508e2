import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { adminApi, logIn, openPage, useConsole } from './harness.js';

const ACCOUNT = { user: 'mailer@example.com', pass: 'app-password-S3cret' };

describe('Settings → SMTP', { timeout: 90_000 }, () => {
  const app = useConsole();
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer({ account: ACCOUNT });
  });
  afterAll(() => smtp.close());

  it('saves the mail server without ever showing the password back, and sends a test e-mail', async () => {
    const page = await openPage(app.browser, 'settings-smtp');
    await logIn(page, app.server, 'admin', 'test1234');
    await page.goto(`${app.server.url}/settings?tab=smtp`);
    await page.getByRole('tab', { name: 'SMTP' }).waitFor();
    await page.getByText('No mail yet').waitFor();

    await page.getByLabel('SMTP host').fill('127.0.0.1');
    await page.getByLabel('SMTP port').fill(String(smtp.port));
    await page.getByText('None (plain)').click();
    await page.getByLabel('From').fill('RustDesk <admin@example.com>');
    await page.getByLabel('Mail account').fill(ACCOUNT.user);
    await page.getByLabel('Mail password').fill(ACCOUNT.pass);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('SMTP settings saved').waitFor();
    expect(await page.getByLabel('Mail password').inputValue()).toBe('');
    await page.getByPlaceholder('Stored: leave empty to keep it').waitFor();
    expect(await page.content()).not.toContain(ACCOUNT.pass);
    const settings = await (await adminApi(app.server)).get<{ smtp: Record<string, unknown> }>(
      '/api/settings',
    );
    expect(settings.smtp).toMatchObject({ host: '127.0.0.1', port: smtp.port, password_set: true });

    await page.getByLabel('Send a test e-mail to').fill('ops@example.com');
    await page.getByRole('button', { name: 'Submit and test e-mail' }).click();
    await page.getByText(/^Sent\. The server answered: 250 /).waitFor();
    expect(smtp.received.map((mail) => mail.to)).toEqual([['ops@example.com']]);

    // An unsaved wrong password is tried as typed, and the server's refusal is shown.
    await page.getByLabel('Mail password').fill('wrong-password');
    await page.getByRole('button', { name: 'Submit and test e-mail' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /sending failed: Invalid login: 535/ })
      .waitFor();
    expect(smtp.received).toHaveLength(1);
  });
});
