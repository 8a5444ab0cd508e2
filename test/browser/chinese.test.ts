import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN_PAGES, adminApi, logIn, openPage, registerDevice, useConsole } from './harness.js';

/** The English names Ant Design gives its own controls, whatever its locale. */
const ANTD_WORDS = [
  'Select all',
  'Custom selection',
  'Increase Value',
  'Decrease Value',
  'to',
  'segmented control',
];

/**
 * The English a screen reader would read in the console: icons labelled with their own names ("plus",
 * "calendar"), and antd's built-in control names. Names from the data (option keys) may be English.
 */
function antdEnglish(page: Page): Promise<string[]> {
  // A script, as the other browser tests write them: the test code is compiled without the DOM's types.
  return page.evaluate<string[]>(`
    [...document.querySelectorAll('[aria-label]')]
      .filter((element) => !element.closest('[aria-hidden="true"]'))
      .map((element) => [element, element.getAttribute('aria-label') || ''])
      .filter(([element, label]) =>
        ${JSON.stringify(ANTD_WORDS)}.includes(label) ||
        (element.matches('.anticon') && element.classList.contains('anticon-' + label)))
      .map(([, label]) => label)
  `);
}

/** Buttons a screen reader can only call "button": hiding the icons must not leave one nameless. */
async function namelessButtons(page: Page): Promise<string[]> {
  const snapshot = await page.locator('body').ariaSnapshot();
  return snapshot.split('\n').filter((line) => /^\s*- button(\s*\[[^\]]*\])*:?$/.test(line));
}

async function expectNoAntdEnglish(page: Page, where: string): Promise<void> {
  expect(await namelessButtons(page), where).toEqual([]);
  expect(await antdEnglish(page), where).toEqual([]);
}

describe('the console in Chinese', { timeout: 120_000 }, () => {
  const app = useConsole(async (server) => {
    const admin = await adminApi(server);
    await admin.post('/api/strategies', { name: 'Locked', options: { 'approve-mode': 'password-click' } });
    await registerDevice(server, '300000001', { hostname: 'pc-1', username: 'kim', os: 'Linux' });
  });

  it("translates the server's refusals, antd's own words and the strategy options' values", async () => {
    const page = await openPage(app.browser, 'chinese-errors');
    await logIn(page, app.server, 'admin', 'test1234');
    await page.getByRole('button', { name: 'Language' }).click();
    await page.getByRole('menuitem', { name: '简体中文' }).click();
    const nav = page.getByRole('navigation', { name: '主导航' });

    // A name already taken: the server's code, in Chinese, with the name it sent.
    await nav.getByRole('link', { name: '用户' }).click();
    await page.getByRole('heading', { name: '用户' }).waitFor();
    await page.getByRole('button', { name: '创建用户' }).click();
    const create = page.getByRole('dialog', { name: '创建用户' });
    await create.getByLabel('用户名').fill('admin');
    await create.getByLabel('密码', { exact: true }).fill('erin-pass');
    await create.getByLabel('再次输入密码').fill('erin-pass');
    await create.getByRole('button', { name: '创建用户' }).click();
    await create.getByRole('alert').getByText("用户 'admin' 已存在").waitFor();
    expect(await create.getByText('already exists').count()).toBe(0);
    await create.getByRole('button', { name: /^取 ?消$/ }).click();
    await create.waitFor({ state: 'hidden' });

    // Ant Design's words: the page-size changer, and the "select the page" checkbox.
    await page.getByText('条/页').first().waitFor();
    await page.getByRole('checkbox', { name: '选择本页所有行' }).waitFor();
    await expectNoAntdEnglish(page, 'users');

    // The step buttons of a number input.
    await nav.getByRole('link', { name: '设置' }).click();
    await page.getByRole('tab', { name: '其他' }).click();
    await page
      .locator('.ant-input-number-handler-up[aria-label="增加"]')
      .first()
      .waitFor({ state: 'attached' });
    await expectNoAntdEnglish(page, 'settings');

    // A strategy's enumeration values by name.
    await nav.getByRole('link', { name: '策略' }).click();
    await page.getByRole('button', { name: '选项' }).first().click();
    const editor = page.getByRole('dialog', { name: /Locked/ });
    const approve = editor.getByTestId('option-approve-mode');
    // The value set, by its name; the list names the others.
    await approve.getByText('通过密码或点击').click();
    await page.locator('.ant-select-dropdown').getByText('通过点击', { exact: true }).waitFor();
    expect(await page.locator('.ant-select-dropdown').getByText('password-click').count()).toBe(0);
    await expectNoAntdEnglish(page, 'strategy options');
    await page.keyboard.press('Escape');
  });

  it("names no control with antd's English on any page", async () => {
    const page = await openPage(app.browser, 'chinese-labels');
    await logIn(page, app.server, 'admin', 'test1234');
    await page.getByRole('button', { name: 'Language' }).click();
    await page.getByRole('menuitem', { name: '简体中文' }).click();
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    for (const path of ADMIN_PAGES) {
      await page.goto(`${app.server.url}${path}`);
      await page.getByRole('navigation', { name: '主导航' }).waitFor();
      await page.waitForLoadState('networkidle');
      await expectNoAntdEnglish(page, path);
    }
  });
});
