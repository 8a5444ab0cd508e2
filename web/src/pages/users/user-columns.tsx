import { CrownOutlined, DownOutlined, UserOutlined } from '@ant-design/icons';
import { Badge, Button, Dropdown, Flex, Space, type TableColumnsType, Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import { CellText } from '../../components/list/CellText';
import type { ColumnChoice } from '../../components/list/useListColumns';
import { localTimeOfSeconds } from '../../components/time';
import type { ManagedUser, UserAction, UserStatus } from './users-api';

/** What a row's Action column can start. */
export type RowAction = UserAction | 'edit' | 'assign-devices' | 'resend-invitation';

export function StatusBadge({ status, t }: { status: UserStatus; t: TFunction }) {
  if (status === 1) return <Badge status="success" text={t('users.statusEnabled')} />;
  if (status === 0) return <Badge status="error" text={t('users.statusDisabled')} />;
  return <Badge status="warning" text={t('users.statusUnverified')} />;
}

/** 2FA as the server reports it: set up or not, and whether an administrator requires it. */
export function TfaState({ user, t }: { user: ManagedUser; t: TFunction }) {
  return (
    <Space size={4}>
      <Tag color={user.tfa_enabled ? 'success' : undefined}>
        {user.tfa_enabled ? t('users.tfaOn') : t('users.tfaOff')}
      </Tag>
      {user.tfa_enforced && <Tag color="processing">{t('users.tfaEnforced')}</Tag>}
    </Space>
  );
}

/** How people read users.auth_source: 'LDAP', or the OIDC provider's name. */
export function ssoSourceName(source: string): string {
  if (source === 'ldap') return 'LDAP';
  return source.startsWith('oidc/') ? source.slice('oidc/'.length) : source;
}

/** The "SSO" tag of a user who signs in through LDAP or OIDC; nothing for a local account. */
export function SsoTag({ source, t }: { source: string; t: TFunction }) {
  if (source === '') return null;
  const name = ssoSourceName(source);
  return (
    <Tooltip title={t('users.ssoHelp', { source: name })}>
      <Tag color="purple" data-testid="sso-tag">
        {t('users.ssoTag', { source: name })}
      </Tag>
    </Tooltip>
  );
}

export function EmailVerificationState({ user, t }: { user: ManagedUser; t: TFunction }) {
  return (
    <Tag color={user.email_verification ? 'success' : undefined}>
      {user.email_verification ? t('users.on') : t('users.off')}
    </Tag>
  );
}

/** What the Users list shows until its user picks: what fits a 1440-pixel screen. */
export const USER_COLUMN_CHOICE: ColumnChoice = {
  page: 'users',
  hidden: ['strategy_name', 'email_verification', 'created_at'],
};

export function userColumns({
  t,
  meGuid,
  onAction,
}: {
  t: TFunction;
  /** The logged-in administrator, marked "Me". */
  meGuid: string;
  onAction: (action: RowAction, user: ManagedUser) => void;
}): TableColumnsType<ManagedUser> {
  return [
    {
      title: t('users.name'),
      dataIndex: 'name',
      fixed: 'left',
      render: (name: string, user) => (
        <Flex gap={6} align="center">
          <strong>
            <CellText text={name} width={160} />
          </strong>
          {user.guid === meGuid && <Tag color="blue">{t('users.me')}</Tag>}
          <SsoTag source={user.auth_source} t={t} />
          {user.default_password && (
            <Tooltip title={t('users.initialPasswordHelp')}>
              <Tag color="warning">{t('users.initialPassword')}</Tag>
            </Tooltip>
          )}
        </Flex>
      ),
    },
    {
      title: t('users.displayName'),
      dataIndex: 'display_name',
      render: (name: string) => <CellText text={name} width={140} />,
    },
    {
      title: t('users.email'),
      dataIndex: 'email',
      render: (email: string) => <CellText text={email} width={180} />,
    },
    {
      title: t('users.group'),
      dataIndex: 'group_name',
      render: (group: string) => <CellText text={group} width={140} />,
    },
    {
      title: t('users.role'),
      dataIndex: 'is_admin',
      render: (isAdmin: boolean) =>
        isAdmin ? (
          <Space size={4} style={{ whiteSpace: 'nowrap' }}>
            <CrownOutlined /> {t('users.administrator')}
          </Space>
        ) : (
          <Space size={4} style={{ whiteSpace: 'nowrap' }}>
            <UserOutlined /> {t('users.user')}
          </Space>
        ),
    },
    {
      title: t('users.status'),
      dataIndex: 'status',
      render: (status: UserStatus, user) => (
        <span data-testid={`status-${user.name}`}>
          <StatusBadge status={status} t={t} />
        </span>
      ),
    },
    {
      title: t('users.strategy'),
      dataIndex: 'strategy_name',
      render: (name: string) => <CellText text={name} width={140} />,
    },
    { title: t('users.tfa'), key: 'tfa', render: (_, user) => <TfaState user={user} t={t} /> },
    {
      title: t('users.emailVerification'),
      key: 'email_verification',
      render: (_, user) => <EmailVerificationState user={user} t={t} />,
    },
    {
      title: t('users.note'),
      dataIndex: 'note',
      render: (note: string) => <CellText text={note} width={200} />,
    },
    {
      title: t('users.createdAt'),
      dataIndex: 'created_at',
      render: (seconds: number) => (
        <span style={{ whiteSpace: 'nowrap' }}>{localTimeOfSeconds(seconds)}</span>
      ),
    },
    {
      title: t('users.action'),
      key: 'action',
      fixed: 'right',
      render: (_, user) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => onAction('edit', user)}>
            {t('users.edit')}
          </Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                ...(user.status === -1
                  ? [{ key: 'resend-invitation', label: t('users.resendInvitation') }]
                  : []),
                user.status === 1
                  ? { key: 'disable', label: t('users.disable') }
                  : { key: 'enable', label: t('users.enable') },
                { key: 'assign-devices', label: t('users.assignDevices') },
                { key: 'force-logout', label: t('users.forceLogout') },
                { type: 'divider' },
                { key: 'delete', label: t('users.delete'), danger: true },
              ],
              onClick: ({ key }) => onAction(key as RowAction, user),
            }}
          >
            <Button type="link" size="small" aria-label={t('users.moreFor', { name: user.name })}>
              {t('users.more')} <DownOutlined />
            </Button>
          </Dropdown>
        </Space>
      ),
    },
  ];
}
