import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Switch, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyableValue } from '../../components/CopyableValue';
import { errorText } from '../../components/error-text';
import { QueryResult } from '../../components/QueryResult';
import { OidcProviderDialog } from './OidcProviderDialog';
import {
  type OidcProvider,
  useDeleteOidcProvider,
  useOidcProviders,
  useToggleOidcProvider,
} from './oidc-api';

/** Settings → OIDC: the identity providers people log in with, and the callback URL to register with them. */
export function OidcTab() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const providers = useOidcProviders();
  const toggle = useToggleOidcProvider();
  const remove = useDeleteOidcProvider();
  const [editing, setEditing] = useState<OidcProvider | 'new' | null>(null);

  const confirmDelete = (provider: OidcProvider) =>
    modal.confirm({
      title: t('oidc.deleteConfirm', { name: provider.name }),
      content: t('oidc.deleteConfirmText'),
      okText: t('oidc.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await remove.mutateAsync(provider.id);
          void message.success(t('oidc.deleted', { name: provider.name }));
        } catch (error) {
          void message.error(errorText(error, t));
        }
      },
    });

  const columns: TableColumnsType<OidcProvider> = [
    { key: 'name', title: t('oidc.name'), dataIndex: 'name' },
    { key: 'kind', title: t('oidc.kind'), render: (_, provider) => t(`oidc.kinds.${provider.kind}`) },
    {
      key: 'issuer',
      title: t('oidc.issuer'),
      render: (_, provider) => (
        <Typography.Text style={{ wordBreak: 'break-all' }}>{provider.issuer}</Typography.Text>
      ),
    },
    { key: 'client', title: t('oidc.clientId'), dataIndex: 'client_id' },
    {
      key: 'users',
      title: t('oidc.maxUsers'),
      render: (_, provider) => (provider.max_users === 0 ? t('oidc.usersUnlimited') : provider.max_users),
    },
    {
      key: 'groups',
      title: t('oidc.groupMapping'),
      render: (_, provider) =>
        provider.group_mapping === 'off' ? (
          t('oidc.mappingOff')
        ) : (
          <Tag>{provider.group_mapping === 'name' ? t('oidc.mappingName') : t('oidc.mappingTable')}</Tag>
        ),
    },
    {
      key: 'enabled',
      title: t('oidc.enabled'),
      render: (_, provider) => (
        <Switch
          checked={provider.enabled}
          aria-label={`${t('oidc.enabled')}: ${provider.name}`}
          loading={toggle.isPending && toggle.variables?.id === provider.id}
          onChange={(enabled) =>
            toggle.mutate(
              { id: provider.id, enabled },
              { onError: (error) => void message.error(errorText(error, t)) },
            )
          }
        />
      ),
    },
    {
      key: 'actions',
      title: t('oidc.actions'),
      render: (_, provider) => (
        <Flex gap={8}>
          <Button size="small" onClick={() => setEditing(provider)}>
            {t('oidc.edit')}
          </Button>
          <Button size="small" danger onClick={() => confirmDelete(provider)}>
            {t('oidc.delete')}
          </Button>
        </Flex>
      ),
    },
  ];

  return (
    <Card
      title={t('oidc.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('oidc.add')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('oidc.help')}</Typography.Paragraph>
      <QueryResult query={providers}>
        {(data) => (
          <>
            <Typography.Text strong>{t('oidc.callbackUrl')}</Typography.Text>
            <CopyableValue value={data.callback_url} label={t('oidc.callbackUrl')} />
            <Typography.Paragraph type="secondary">{t('oidc.callbackHelp')}</Typography.Paragraph>
            <Table<OidcProvider>
              rowKey="id"
              columns={columns}
              dataSource={data.data}
              pagination={false}
              size="middle"
              scroll={{ x: true }}
              locale={{ emptyText: <Empty description={t('oidc.none')} /> }}
            />
          </>
        )}
      </QueryResult>
      <OidcProviderDialog
        key={editing === null || editing === 'new' ? 'new' : editing.id}
        open={editing !== null}
        existing={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
      />
    </Card>
  );
}
