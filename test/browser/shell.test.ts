import { describe, expect, it } from 'vitest';
import { logIn, openPage, saveScreenshot, useConsole } from './harness.js';

describe('the console shell: theme, language, narrow screens', { timeout: 90_000 }, () => {
  const app = useConsole();

  it('the theme toggle switches to dark, and the choice survives a reload', async () => {
    const page = await openPage(app.browser, 'theme-dark-login');
    await logIn(page, app.server, 'admin', 'test1234');
    // Code run in the page is given as text: these files are type-checked without the DOM library.
    const theme = () => page.evaluate<string>('document.documentElement.dataset.theme');
    const background = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    expect(await theme()).toBe('light');
    const lightBackground = await background();

    await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
    expect(await theme()).toBe('dark');
    expect(await background()).not.toBe(lightBackground);

    await page.reload();
    await page.getByRole('button', { name: 'Switch to the light theme' }).waitFor();
    expect(await theme()).toBe('dark');
    await page.getByTestId('figure-users').waitFor();
    await saveScreenshot(page, 'welcome-dark');

    // The login page after logging out keeps the last choice.
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(`${app.server.url}/login`);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    expect(await theme()).toBe('dark');
  });

  it('the language switch shows the console in Chinese, remembered for the user', async () => {
    const page = await openPage(app.browser, 'language-chinese-account');
    await logIn(page, app.server, 'admin', 'test1234');
    await page.getByRole('button', { name: 'Language' }).click();
    await page.getByRole('menuitem', { name: '简体中文' }).click();

    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '欢迎' }).waitFor();
    await page.getByRole('heading', { name: /^欢迎使用 rdconsole/ }).waitFor();
    await page.getByText('此账户仍在使用初始密码').waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('zh-CN');

    await page.reload();
    await page.getByRole('heading', { name: /^欢迎使用 rdconsole/ }).waitFor();
    await saveScreenshot(page, 'welcome-chinese');

    await page.getByRole('button', { name: '用户菜单' }).click();
    await page.getByRole('menuitem', { name: '账户' }).click();
    await page.getByRole('heading', { name: '账户' }).waitFor();
    await page.getByText('偏好设置').waitFor();
  });

  it('on a tablet the menu starts folded to icons and unfolds on demand', async () => {
    const page = await openPage(app.browser, 'tablet-menu-unfolded', { width: 820, height: 1180 });
    await logIn(page, app.server, 'admin', 'test1234');
    const sider = page.locator('.ant-layout-sider');
    await page.getByTestId('figure-users').waitFor();
    expect((await sider.boundingBox())?.width).toBe(64);
    await saveScreenshot(page, 'welcome-tablet');

    // Folded, a menu group opens as a pop-up on demand, and no pop-up covers the page it leads to.
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    const popups = page.locator('.ant-menu-submenu-popup:not(.ant-menu-submenu-hidden)');
    await nav.getByRole('menuitem', { name: 'Logs' }).click();
    await expect.poll(() => popups.count()).toBe(1);
    await page.getByRole('link', { name: 'Console' }).click();
    await page.getByRole('heading', { name: 'Console log' }).waitFor();
    await expect.poll(() => popups.count()).toBe(0);
    await page.reload();
    await page.getByRole('heading', { name: 'Console log' }).waitFor();
    await expect
      .poll(() => page.locator('.ant-menu-submenu-popup:not(.ant-menu-submenu-hidden)').count())
      .toBe(0);

    await page.getByRole('button', { name: 'Expand the menu' }).click();
    await expect.poll(async () => (await sider.boundingBox())?.width).toBe(224);
    await page.getByRole('button', { name: 'Collapse the menu' }).waitFor();
  });
});
