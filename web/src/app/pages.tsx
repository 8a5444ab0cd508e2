import {
  AppstoreAddOutlined,
  AuditOutlined,
  ContactsOutlined,
  ControlOutlined,
  DesktopOutlined,
  HomeOutlined,
  IdcardOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { QueryClient } from '@tanstack/react-query';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import { type ListSource, prefetchListAt } from '../components/list/usePagedList';
import type { en } from '../i18n/locales/en';
import { DEVICES_LIST } from '../pages/devices/devices-api';

export type NavLabel = keyof typeof en.nav;

/** Who sees a page in the menu. Pages for `admin` are refused to everyone else. */
export type Audience = 'everyone' | 'admin' | 'member';

/**
 * One area of the console: its address, its menu entry, who sees it, and the page itself (a menu
 * group has sub-pages instead). Adding a page is adding an entry here.
 */
export interface ConsolePage {
  key: string;
  path: string;
  label: NavLabel;
  /** The label non-administrators see where the page shows only their own data. */
  memberLabel?: NavLabel;
  icon?: ReactNode;
  audience: Audience;
  page?: PageComponent;
  /** The list the page opens with, fetched at once when the console starts on the page. */
  list?: ListSource;
  /** Sub-pages: the entry becomes a menu group and `path` the prefix of theirs. */
  children?: ConsolePage[];
}

/** A page's code, loaded when first shown, or earlier with `preload` (see preloadPageAt). */
export type PageComponent = LazyExoticComponent<ComponentType> & { preload(): Promise<unknown> };

function lazyPage(load: () => Promise<{ default: ComponentType }>): PageComponent {
  return Object.assign(lazy(load), { preload: load });
}

const WelcomePage = lazyPage(() => import('../pages/welcome/WelcomePage'));
const AccountPage = lazyPage(() => import('../pages/account/AccountPage'));
const DevicesPage = lazyPage(() => import('../pages/devices/DevicesPage'));
const UsersPage = lazyPage(() => import('../pages/users/UsersPage'));
const UserGroupsPage = lazyPage(() => import('../pages/groups/UserGroupsPage'));
const DeviceGroupsPage = lazyPage(() => import('../pages/groups/DeviceGroupsPage'));
const AddressBooksPage = lazyPage(() => import('../pages/address-books/AddressBooksPage'));
const StrategiesPage = lazyPage(() => import('../pages/strategies/StrategiesPage'));
const CustomClientsPage = lazyPage(() => import('../pages/custom-clients/CustomClientsPage'));
const ConnectionLogsPage = lazyPage(() => import('../pages/logs/ConnectionLogsPage'));
const FileLogsPage = lazyPage(() => import('../pages/logs/FileLogsPage'));
const AlarmLogsPage = lazyPage(() => import('../pages/logs/AlarmLogsPage'));
const ConsoleLogsPage = lazyPage(() => import('../pages/logs/ConsoleLogsPage'));
const SettingsPage = lazyPage(() => import('../pages/settings/SettingsPage'));

/** The menu, in Server Pro's order. */
export const CONSOLE_PAGES: ConsolePage[] = [
  {
    key: 'welcome',
    path: '/welcome',
    label: 'welcome',
    icon: <HomeOutlined />,
    audience: 'everyone',
    page: WelcomePage,
  },
  {
    key: 'devices',
    path: '/devices',
    label: 'devices',
    memberLabel: 'myDevices',
    icon: <DesktopOutlined />,
    audience: 'everyone',
    page: DevicesPage,
    list: DEVICES_LIST,
  },
  {
    key: 'users',
    path: '/users',
    label: 'users',
    icon: <UserOutlined />,
    audience: 'admin',
    page: UsersPage,
  },
  {
    key: 'groups',
    path: '/groups',
    label: 'groups',
    icon: <TeamOutlined />,
    audience: 'admin',
    children: [
      {
        key: 'user-groups',
        path: '/groups/users',
        label: 'userGroups',
        audience: 'admin',
        page: UserGroupsPage,
      },
      {
        key: 'device-groups',
        path: '/groups/devices',
        label: 'deviceGroups',
        audience: 'admin',
        page: DeviceGroupsPage,
      },
    ],
  },
  {
    key: 'address-books',
    path: '/address-books',
    label: 'addressBooks',
    icon: <ContactsOutlined />,
    audience: 'everyone',
    page: AddressBooksPage,
  },
  {
    key: 'strategies',
    path: '/strategies',
    label: 'strategies',
    icon: <ControlOutlined />,
    audience: 'admin',
    page: StrategiesPage,
  },
  {
    key: 'custom-clients',
    path: '/custom-clients',
    label: 'customClients',
    icon: <AppstoreAddOutlined />,
    audience: 'admin',
    page: CustomClientsPage,
  },
  {
    key: 'logs',
    path: '/logs',
    label: 'logs',
    memberLabel: 'myLogs',
    icon: <AuditOutlined />,
    audience: 'everyone',
    children: [
      {
        key: 'connection-logs',
        path: '/logs/connections',
        label: 'connectionLogs',
        audience: 'everyone',
        page: ConnectionLogsPage,
      },
      { key: 'file-logs', path: '/logs/files', label: 'fileLogs', audience: 'everyone', page: FileLogsPage },
      { key: 'alarm-logs', path: '/logs/alarms', label: 'alarmLogs', audience: 'admin', page: AlarmLogsPage },
      {
        key: 'console-logs',
        path: '/logs/console',
        label: 'consoleLogs',
        audience: 'admin',
        page: ConsoleLogsPage,
      },
    ],
  },
  {
    key: 'settings',
    path: '/settings',
    label: 'settings',
    icon: <SettingOutlined />,
    audience: 'admin',
    page: SettingsPage,
  },
  {
    key: 'account',
    path: '/account',
    label: 'account',
    icon: <IdcardOutlined />,
    audience: 'member',
    page: AccountPage,
  },
];

/** The pages whose menu entries this user sees. */
export function visiblePages(pages: ConsolePage[], isAdmin: boolean): ConsolePage[] {
  return pages
    .filter((page) => (isAdmin ? page.audience !== 'member' : page.audience !== 'admin'))
    .map((page) => (page.children ? { ...page, children: visiblePages(page.children, isAdmin) } : page))
    .filter((page) => !page.children || page.children.length > 0);
}

/** Every page, sub-pages included (menu groups are not pages): what the router serves. */
export function routedPages(pages: ConsolePage[]): ConsolePage[] {
  return pages.flatMap((page) => [...(page.page ? [page] : []), ...routedPages(page.children ?? [])]);
}

/**
 * Starts loading the code of the page at `location` now, and the rows of its list, so that a reload
 * waits for the current user, the code and the rows side by side rather than one after the other
 * (the page checks access when it renders; a refused list is an error it shows).
 */
export function preloadPageAt(
  client: QueryClient,
  { pathname, search }: { pathname: string; search: string },
): void {
  const page = routedPages(CONSOLE_PAGES).find((candidate) => candidate.path === pathname);
  if (!page) return;
  page.page?.preload().catch(() => {
    // Loading again when the page renders shows the error there.
  });
  if (page.list) prefetchListAt(client, page.list, new URLSearchParams(search));
}
