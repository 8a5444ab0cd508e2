import { afterAll, describe, expect, it } from 'vitest';
import { mailLink, startSmtpServer, type TestSmtpServer, waitForMail } from '../helpers/smtp.js';
import { adminApi, logIn, openPage, useConsole } from './harness.js';

/** Mailed links end to end: the server's worker sends the mail, the browser opens its link. */
describe('invitation and password reset links', { timeout: 120_000 }, () => {
  let smtp: TestSmtpServer;
  const app = useConsole(async (server) => {
    smtp = await startSmtpServer();
    await (await adminApi(server)).patch('/api/settings', {
      smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', auth: false, from: 'admin@example.com' },
    });
  });
  afterAll(() => smtp.close());

  it('Users → Invite mails a link; the invitee sets a password on its page and logs in', async () => {
    const admin = await openPage(app.browser, 'invite-user');
    await logIn(admin, app.server, 'admin', 'test1234');
    await admin.goto(`${app.server.url}/users`);
    await admin.getByRole('button', { name: 'Invite' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Invite a user by e-mail' });
    await dialog.getByLabel('E-mail').fill('nina@example.com');
    await dialog.getByLabel('User name').fill('nina');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await admin.getByText('Invitation sent to nina@example.com').waitFor();
    await admin.getByRole('row', { name: /nina/ }).getByText('Unverified').waitFor();

    const link = mailLink(await waitForMail(smtp, 'nina@example.com'));
    expect(link.url.startsWith(`${app.server.url}/invitation#token=`)).toBe(true);

    const invitee = await openPage(app.browser, 'set-your-password');
    await invitee.goto(link.url);
    await invitee.getByText('Welcome, nina. Choose a password to finish setting up your account.').waitFor();
    await invitee.getByLabel('New password').fill('ninas-password');
    await invitee.getByLabel('Repeat the password').fill('ninas-password');
    await invitee.getByRole('button', { name: 'Set password' }).click();
    await invitee.getByText('Your password is set. Log in as nina.').waitFor();
    await invitee.getByRole('button', { name: 'Go to the login page' }).click();
    await invitee.waitForURL(`${app.server.url}/login`);
    await logIn(invitee, app.server, 'nina', 'ninas-password');

    // The link works once.
    const again = await openPage(app.browser, 'used-invitation');
    await again.goto(link.url);
    await again.getByText('This link was already used: log in, or ask for a new one').waitFor();
  });

  it('Forgot password? mails a reset link that sets a new password; the Account page switches alarm mail on', async () => {
    await (await adminApi(app.server)).patch('/api/settings', { console_url: app.server.url });
    const page = await openPage(app.browser, 'forgot-password');
    await page.goto(`${app.server.url}/login`);
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset your password' });
    await dialog.getByLabel('User name or e-mail').fill('nina@example.com');
    await dialog.getByRole('button', { name: 'Send the link' }).click();
    await dialog
      .getByText('If this account exists and has an e-mail address, the link is on its way.')
      .waitFor();

    const link = mailLink(await waitForMail(smtp, 'nina@example.com'));
    expect(link.url.startsWith(`${app.server.url}/reset-password#token=`)).toBe(true);
    await page.goto(link.url);
    await page.getByText('Choose a new password for nina. Every session of this account will end.').waitFor();
    await page.getByLabel('New password').fill('ninas-new-password');
    await page.getByLabel('Repeat the password').fill('ninas-new-password');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('Your password is set. Log in as nina.').waitFor();
    await logIn(page, app.server, 'nina', 'ninas-new-password');

    // Account → Notifications: the alarm e-mail switch, stored on the user.
    await page.goto(`${app.server.url}/account`);
    await page.getByRole('switch', { name: 'Enable alarm event email notification' }).click();
    await page.getByText('Alarm e-mails are on').waitFor();
    const users = await (await adminApi(app.server)).get<{ data: { email_alarm_notification: boolean }[] }>(
      '/api/users?name=nina',
    );
    expect(users.data[0]?.email_alarm_notification).toBe(true);
  });
});
