import { describe, expect, it } from 'vitest';
import { CONSOLE_PAGES, routedPages, visiblePages } from './pages';

const keys = (pages: { key: string; children?: { key: string }[] }[]) =>
  pages.map((page) =>
    page.children ? `${page.key}(${page.children.map((c) => c.key).join(',')})` : page.key,
  );

describe('the console menu', () => {
  it('shows an administrator every area of Server Pro, in its order', () => {
    expect(keys(visiblePages(CONSOLE_PAGES, true))).toEqual([
      'welcome',
      'devices',
      'users',
      'groups(user-groups,device-groups)',
      'address-books',
      'strategies',
      'custom-clients',
      'logs(connection-logs,file-logs,alarm-logs,console-logs)',
      'settings',
    ]);
  });

  it('shows anyone else only Welcome, their devices, address books, their logs and their account', () => {
    expect(keys(visiblePages(CONSOLE_PAGES, false))).toEqual([
      'welcome',
      'devices',
      'address-books',
      'logs(connection-logs,file-logs)',
      'account',
    ]);
  });

  it('routes every page of the menu, sub-pages included', () => {
    expect(routedPages(CONSOLE_PAGES).map((page) => page.path)).toEqual([
      '/welcome',
      '/devices',
      '/users',
      '/groups/users',
      '/groups/devices',
      '/address-books',
      '/strategies',
      '/custom-clients',
      '/logs/connections',
      '/logs/files',
      '/logs/alarms',
      '/logs/console',
      '/settings',
      '/account',
    ]);
  });
});
