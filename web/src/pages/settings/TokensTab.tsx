import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/error-text';
import { CellText } from '../../components/list/CellText';
import { useListColumns } from '../../components/list/useListColumns';
import { QueryResult } from '../../components/QueryResult';
import { localTimeOfSeconds } from '../../components/time';
import { CreateTokenDialog } from './CreateTokenDialog';
import { type ApiToken, type CreatedApiToken, useRevokeToken, useTokens } from './settings-api';
import { TokenSecretDialog } from './TokenSecretDialog';
import { grantedPermissions, isExpired } from './token-permissions';

function PermissionTags({ token }: { token: ApiToken }) {
  const { t } = useTranslation();
  const granted = grantedPermissions(token.permissions);
  if (granted.length === 0)
    return <Typography.Text type="secondary">{t('settings.noPermissions')}</Typography.Text>;
  return (
    <Flex gap={4} wrap>
      {granted.map(({ area, level }) => (
        <Tag key={area} color={level === 'rw' ? 'blue' : undefined}>
          {t(`settings.area.${area}`)}: {t(level === 'rw' ? 'settings.levelReadWrite' : 'settings.levelRead')}
        </Tag>
      ))}
    </Flex>
  );
}

function Expiry({ token }: { token: ApiToken }) {
  const { t } = useTranslation();
  if (token.expires_at === null)
    return <Typography.Text type="secondary">{t('settings.never')}</Typography.Text>;
  return (
    <Flex gap={4} wrap align="center">
      {localTimeOfSeconds(token.expires_at)}
      {isExpired(token.expires_at, Date.now()) && <Tag color="red">{t('settings.expired')}</Tag>}
    </Flex>
  );
}

/** Settings → Tokens: API tokens for scripts and `rustdesk --assign/--deploy`. */
export function TokensTab() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  const confirmRevoke = (token: ApiToken) =>
    modal.confirm({
      title: t('settings.revokeConfirm', { name: token.name }),
      content: t('settings.revokeConfirmText'),
      okText: t('settings.revoke'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await revoke.mutateAsync(token.guid);
          void message.success(t('settings.revoked', { name: token.name }));
        } catch (error) {
          void message.error(errorText(error, t));
        }
      },
    });

  const columns: TableColumnsType<ApiToken> = [
    {
      key: 'name',
      title: t('settings.tokenName'),
      dataIndex: 'name',
      render: (name: string) => <CellText text={name} width={200} />,
    },
    {
      key: 'permissions',
      title: t('settings.permissions'),
      render: (_, token) => (
        <div style={{ minWidth: 160, maxWidth: 320 }}>
          <PermissionTags token={token} />
        </div>
      ),
    },
    {
      key: 'created',
      title: t('settings.created'),
      render: (_, token) => (
        <span style={{ whiteSpace: 'nowrap' }}>{localTimeOfSeconds(token.created_at)}</span>
      ),
    },
    {
      key: 'expires',
      title: t('settings.expires'),
      render: (_, token) => <Expiry token={token} />,
    },
    {
      key: 'used',
      title: t('settings.lastUsed'),
      render: (_, token) =>
        token.last_used_at === null ? (
          <Typography.Text type="secondary">{t('settings.neverUsed')}</Typography.Text>
        ) : (
          localTimeOfSeconds(token.last_used_at)
        ),
    },
    {
      key: 'action',
      title: t('devices.action'),
      render: (_, token) => (
        <Button danger size="small" onClick={() => confirmRevoke(token)}>
          {t('settings.revoke')}
        </Button>
      ),
    },
  ];

  const shown = useListColumns(columns, { page: 'tokens' });

  return (
    <Card
      title={t('settings.tokensTitle')}
      extra={
        <Flex gap={8} wrap>
          {shown.picker}
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              aria-label={t('common.refresh')}
              loading={tokens.isFetching}
              onClick={() => void tokens.refetch()}
            />
          </Tooltip>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('settings.createToken')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('settings.tokensHelp')}</Typography.Paragraph>
      <QueryResult query={tokens}>
        {(data) => (
          <Table<ApiToken>
            rowKey="guid"
            columns={shown.columns}
            dataSource={data}
            pagination={false}
            scroll={{ x: 'max-content' }}
            size="middle"
            locale={{ emptyText: <Empty description={t('settings.noTokens')} /> }}
          />
        )}
      </QueryResult>
      <CreateTokenDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(token) => {
          setCreating(false);
          setCreated(token);
        }}
      />
      <TokenSecretDialog token={created} onClose={() => setCreated(null)} />
    </Card>
  );
}
