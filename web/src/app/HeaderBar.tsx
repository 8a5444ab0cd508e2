import { LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Flex, Layout, Tag, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { logout } from '../api/account';
import { useSessionUser } from '../auth/SessionUser';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ThemeToggle } from '../components/ThemeToggle';

export function HeaderBar({ collapsed, onToggle }: { collapsed: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const user = useSessionUser();
  const navigate = useNavigate();

  return (
    <Layout.Header
      style={{
        background: token.colorBgContainer,
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
        paddingInline: 16,
        position: 'sticky',
        top: 0,
        zIndex: 10,
      }}
    >
      <Flex align="center" justify="space-between" style={{ height: '100%' }}>
        <Button
          type="text"
          icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
          aria-label={collapsed ? t('header.expandMenu') : t('header.collapseMenu')}
          aria-expanded={!collapsed}
          onClick={onToggle}
        />
        <Flex align="center" gap={4}>
          <LanguageSwitch />
          <ThemeToggle />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'account', icon: <UserOutlined />, label: t('header.account') },
                { type: 'divider' },
                { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout') },
              ],
              onClick: ({ key }) => {
                if (key === 'account') navigate('/account');
                if (key === 'logout') void logout();
              },
            }}
          >
            <Button type="text" aria-label={t('header.userMenu')} style={{ height: 40 }}>
              <Flex align="center" gap={8}>
                <Avatar size="small" icon={<UserOutlined />} />
                <span>{user.display_name || user.name}</span>
                {user.is_admin && (
                  <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                    {t('header.administrator')}
                  </Tag>
                )}
              </Flex>
            </Button>
          </Dropdown>
        </Flex>
      </Flex>
    </Layout.Header>
  );
}
