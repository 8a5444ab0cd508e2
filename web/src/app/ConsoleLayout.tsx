import { Drawer, Flex, Layout, Skeleton, Typography, theme } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { useSessionUser } from '../auth/SessionUser';
import { useMediaQuery, WIDER_THAN_PHONE } from '../components/useMediaQuery';
import { DefaultPasswordBanner } from './DefaultPasswordBanner';
import { HeaderBar } from './HeaderBar';
import { SideNav } from './SideNav';

const MENU_WIDTH = 224;

/**
 * The frame of every page after login: the menu on the left, the header on top, the page below. The
 * menu stays in view while the page scrolls. Below the md breakpoint (phones) it is a drawer over the
 * page, closed until asked for and closed again once a page is chosen.
 */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const user = useSessionUser();
  // Below the lg breakpoint (tablets) the menu starts as icons only; on phones it is a closed drawer.
  const [collapsed, setCollapsed] = useState(() => !window.matchMedia('(min-width: 992px)').matches);
  const phone = !useMediaQuery(WIDER_THAN_PHONE);

  const logo = (folded: boolean) => (
    <Link to="/welcome" aria-label={t('nav.welcome')}>
      <Flex align="center" gap={10} style={{ height: 64, paddingInline: folded ? 20 : 24 }}>
        <img src="/favicon.svg" alt="" width={24} height={24} />
        {!folded && (
          <Typography.Text strong style={{ fontSize: 17 }}>
            {t('app.name')}
          </Typography.Text>
        )}
      </Flex>
    </Link>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {phone ? (
        <Drawer
          placement="left"
          width={MENU_WIDTH}
          open={!collapsed}
          onClose={() => setCollapsed(true)}
          closable={false}
          styles={{ body: { padding: 0 } }}
          rootClassName="menu-drawer"
        >
          {logo(false)}
          <SideNav isAdmin={user.is_admin} collapsed={false} onNavigate={() => setCollapsed(true)} />
        </Drawer>
      ) : (
        <Layout.Sider
          theme="light"
          width={MENU_WIDTH}
          collapsible
          collapsed={collapsed}
          collapsedWidth={64}
          breakpoint="lg"
          onBreakpoint={(broken) => setCollapsed(broken)}
          trigger={null}
          style={{
            borderInlineEnd: `1px solid ${token.colorBorderSecondary}`,
            position: 'sticky',
            top: 0,
            height: '100vh',
            overflowY: 'auto',
          }}
        >
          {logo(collapsed)}
          <SideNav isAdmin={user.is_admin} collapsed={collapsed} />
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <HeaderBar collapsed={collapsed} onToggle={() => setCollapsed((c) => !c)} />
        {/* antd's Content is the page's one <main>. */}
        <Layout.Content style={{ padding: phone ? 12 : 24 }}>
          {user.default_password && <DefaultPasswordBanner />}
          <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
