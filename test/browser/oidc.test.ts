import { afterAll, describe, expect, it } from 'vitest';
import { createUserGroup } from '../helpers/factories.js';
import { startIdentityProvider, type TestIdentityProvider } from '../helpers/identity-provider.js';
import { adminApi, logIn, openPage, saveScreenshot, useConsole, withDatabase } from './harness.js';

describe('OIDC login in the console', { timeout: 120_000 }, () => {
  let idp: TestIdentityProvider | undefined;
  const app = useConsole(async (server) => {
    idp = await startIdentityProvider([`${server.url}/api/oidc/callback`]);
    idp.accounts.set('alice', {
      email: 'alice@example.com',
      email_verified: true,
      name: 'Alice Liddell',
      preferred_username: 'alice',
      groups: ['Engineering'],
    });
    await withDatabase(server, (db) => createUserGroup(db, 'Engineering'));
  });
  afterAll(() => idp?.close());
  const provider = () => {
    if (!idp) throw new Error('the identity provider is not started');
    return idp;
  };

  it('an administrator adds a provider in Settings → OIDC, with the callback URL to register', async () => {
    const page = await openPage(app.browser, 'oidc-settings');
    await logIn(page, app.server, 'admin', 'test1234');
    await page.goto(`${app.server.url}/settings?tab=oidc`);
    await page.getByLabel('Callback URL').getByText(`${app.server.url}/api/oidc/callback`).waitFor();
    await page.getByRole('button', { name: 'New auth provider' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Acme');
    await dialog.getByLabel('Issuer', { exact: true }).fill(provider().issuer);
    await dialog.getByLabel('Client ID').fill(provider().clientId);
    await dialog.getByLabel('Client secret').fill(provider().clientSecret);
    await dialog.getByText('By group name').click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Provider Acme saved').waitFor();
    await page.getByRole('cell', { name: 'Acme', exact: true }).waitFor();
    await saveScreenshot(page, 'oidc-settings-list');

    const admin = await adminApi(app.server);
    const listed = await admin.get<{ data: Array<Record<string, unknown>> }>('/api/oidc/providers');
    expect(listed.data).toMatchObject([
      { name: 'Acme', kind: 'generic', client_secret_set: true, group_mapping: 'name', enabled: true },
    ]);
  });

  it('a person logs in with "Continue with Acme" through the provider’s pages and lands in the console', async () => {
    const page = await openPage(app.browser, 'oidc-login');
    await page.goto(`${app.server.url}/login`);
    await page.getByRole('button', { name: 'Continue with Acme' }).click();
    await page.waitForURL(`${provider().issuer}/**`);
    await page.locator('input[name="login"]').fill('alice');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${app.server.url}/welcome`);
    await page.getByRole('button', { name: 'User menu' }).waitFor();
    expect(await page.getByRole('button', { name: 'User menu' }).textContent()).toContain('Alice Liddell');

    const admin = await adminApi(app.server);
    const users = await admin.get<{ data: Array<{ name: string; group_name: string }> }>(
      '/api/users?name=alice',
    );
    expect(users.data).toMatchObject([{ name: 'alice', group_name: 'Engineering' }]);
  });

  it('a RustDesk client’s browser confirms the device it signs in, then is told to go back to RustDesk', async () => {
    const started = await fetch(`${app.server.url}/api/oidc/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        op: 'Acme',
        id: '123456789',
        uuid: 'dXVpZA==',
        deviceInfo: { os: 'linux', type: 'client', name: 'pc' },
      }),
    });
    const { code, url } = (await started.json()) as { code: string; url: string };
    const page = await openPage(app.browser, 'oidc-client-done');
    await page.goto(url);
    await page.locator('input[name="login"]').fill('alice');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${app.server.url}/oidc-done?login=*`);
    await page.getByText('RustDesk on the device below asks to sign in as you').waitFor();
    await page.getByText('pc (linux)').waitFor();
    await page.getByText('Alice Liddell · alice@example.com').waitFor();
    const query = new URLSearchParams({ code, id: '123456789', uuid: 'dXVpZA==' });
    const poll = async () =>
      (await (await fetch(`${app.server.url}/api/oidc/auth-query?${query}`)).json()) as Record<
        string,
        unknown
      >;
    expect(await poll()).toMatchObject({ code: 'oidc_not_authed' });
    await saveScreenshot(page, 'oidc-client-confirm');
    await page.getByRole('button', { name: 'Sign in on that device' }).click();
    await page.getByText('You are logged in. Go back to RustDesk').waitFor();
    expect(await poll()).toMatchObject({ type: 'access_token', user: { name: 'alice' } });
  });

  it('pointing a provider at another issuer asks for the client secret again in the dialog, which keeps what was typed', async () => {
    const page = await openPage(app.browser, 'oidc-secret-again');
    await logIn(page, app.server, 'admin', 'test1234');
    await page.goto(`${app.server.url}/settings?tab=oidc`);
    await page.getByRole('row', { name: /Acme/ }).getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Acme' });
    const issuer = dialog.getByLabel('Issuer', { exact: true });
    await issuer.fill('http://127.0.0.1:9');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('The issuer or tenant changed: type the client secret again').waitFor();
    expect(await issuer.inputValue()).toBe('http://127.0.0.1:9');
    const admin = await adminApi(app.server);
    const issuerNow = async () =>
      (await admin.get<{ data: Array<{ issuer: string }> }>('/api/oidc/providers')).data[0]?.issuer;
    expect(await issuerNow()).toBe(provider().issuer);

    // Back to its own issuer: the stored secret goes nowhere new, so none is asked for.
    await issuer.fill(provider().issuer);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Provider Acme saved').waitFor();
    expect(await issuerNow()).toBe(provider().issuer);
  });
});
