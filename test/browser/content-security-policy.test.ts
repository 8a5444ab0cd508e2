import { describe, expect, it } from 'vitest';
import { ADMIN_PAGES, logIn, openPage, useConsole, watchContentSecurityPolicy } from './harness.js';

/**
 * The console and the API reference under the server's Content-Security-Policy (no inline script).
 * openPage fails a test on any violation, so walking the pages is the check; each page must also have
 * drawn, since a blocked script would leave it blank.
 */
describe('the Content-Security-Policy', { timeout: 120_000 }, () => {
  const app = useConsole();

  it('the console works under it: login and every page of the menu', async () => {
    const page = await openPage(app.browser, 'csp-console');
    const response = await page.goto(`${app.server.url}/login`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await logIn(page, app.server, 'admin', 'test1234');
    for (const path of ADMIN_PAGES) {
      await page.goto(`${app.server.url}${path}`);
      await page.getByRole('button', { name: 'User menu' }).waitFor();
      await page.waitForLoadState('networkidle');
    }
  });

  it('the API reference (Swagger UI at /api/docs) works under it', async () => {
    const page = await openPage(app.browser, 'csp-api-docs');
    await page.goto(`${app.server.url}/api/docs`);
    await page.locator('.opblock').first().waitFor();
    await page.waitForLoadState('networkidle');
  });

  it('an inline script is refused, and the watch that fails the other tests sees it', async () => {
    const context = await app.browser.newContext();
    try {
      const page = await context.newPage();
      const violations = await watchContentSecurityPolicy(page);
      await page.goto(`${app.server.url}/login`);
      await page.evaluate(
        "const script = document.createElement('script'); script.textContent = 'document.body.dataset.inlineRan = 1'; document.body.append(script)",
      );
      await expect.poll(() => violations.length).toBeGreaterThan(0);
      expect(await page.evaluate<string | undefined>('document.body.dataset.inlineRan')).toBeUndefined();
    } finally {
      await context.close();
    }
  });
});
