import { Flex, Grid, Layout, Skeleton, Typography, theme } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { useSessionUser } from '../auth/SessionUser';
import { DefaultPasswordBanner } from './DefaultPasswordBanner';
import { HeaderBar } from './HeaderBar';
import { SideNav } from './SideNav';

/** The frame of every page after login: the menu on the left, the header on top, the page below. */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const user = useSessionUser();
  const screens = Grid.useBreakpoint();
  // Below the lg breakpoint (tablets) the menu starts as icons only; on phones it folds away.
  const [collapsed, setCollapsed] = useState(() => !window.matchMedia('(min-width: 992px)').matches);
  const narrow = screens.sm === false;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        theme="light"
        width={224}
        collapsible
        collapsed={collapsed}
        collapsedWidth={narrow ? 0 : 64}
        breakpoint="lg"
        onBreakpoint={(broken) => setCollapsed(broken)}
        trigger={null}
        style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}
      >
        <Link to="/welcome" aria-label={t('nav.welcome')}>
          <Flex align="center" gap={10} style={{ height: 64, paddingInline: collapsed ? 20 : 24 }}>
            <img src="/favicon.svg" alt="" width={24} height={24} />
            {!collapsed && (
              <Typography.Text strong style={{ fontSize: 17 }}>
                {t('app.name')}
              </Typography.Text>
            )}
          </Flex>
        </Link>
        <SideNav isAdmin={user.is_admin} collapsed={collapsed} />
      </Layout.Sider>
      <Layout>
        <HeaderBar collapsed={collapsed} onToggle={() => setCollapsed((c) => !c)} />
        <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
          <main>
            {user.default_password && <DefaultPasswordBanner />}
            <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
              <Outlet />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
