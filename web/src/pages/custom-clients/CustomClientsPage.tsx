import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Drawer, Flex, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyableValue } from '../../components/CopyableValue';
import { PageHeader } from '../../components/PageHeader';
import { QueryResult } from '../../components/QueryResult';
import { localTimeOfSeconds } from '../../components/time';
import {
  ASSIGNMENT_FIELDS,
  type CustomClient,
  downloadScript,
  type Platform,
  useCommands,
  useCustomClients,
  useDeleteCustomClient,
  useNewToken,
} from './custom-clients-api';
import { PackageDialog } from './PackageDialog';

const PLATFORM_LABELS = {
  windows: 'customClients.platformWindows',
  linux: 'customClients.platformLinux',
  macos: 'customClients.platformMacos',
} as const satisfies Record<Platform, string>;

/**
 * Custom clients: deployment packages for stock RustDesk clients, their install scripts and command
 * lines, and the plain statement that stock binaries cannot be branded.
 */
export default function CustomClientsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const packages = useCustomClients();
  const remove = useDeleteCustomClient();
  const newToken = useNewToken();
  const [dialog, setDialog] = useState<{ editing: CustomClient | null } | null>(null);
  const [shown, setShown] = useState<CustomClient | null>(null);

  const tokenState = (row: CustomClient) => {
    if (!ASSIGNMENT_FIELDS.some((field) => row.assignments[field]))
      return <Tag>{t('customClients.tokenNone')}</Tag>;
    if (row.token === null) return <Tag color="error">{t('customClients.tokenMissing')}</Tag>;
    if (row.token.expired) return <Tag color="error">{t('customClients.tokenExpired')}</Tag>;
    return (
      <Tag color="success">
        {row.token.expires_at === null
          ? t('customClients.tokenNever')
          : t('customClients.tokenExpires', { time: localTimeOfSeconds(row.token.expires_at) })}
      </Tag>
    );
  };

  const download = (row: CustomClient, platform: Platform) => {
    downloadScript(row.guid, platform).catch((error: unknown) =>
      message.error(error instanceof Error ? error.message : String(error)),
    );
  };

  return (
    <>
      <PageHeader
        title={t('customClients.title')}
        subtitle={t('customClients.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ editing: null })}>
            {t('customClients.create')}
          </Button>
        }
      />
      <Alert type="info" showIcon message={t('customClients.noBranding')} style={{ marginBottom: 16 }} />
      <Card>
        <Typography.Paragraph type="secondary">{t('customClients.scriptsHelp')}</Typography.Paragraph>
        <QueryResult query={packages}>
          {(rows) => (
            <Table<CustomClient>
              rowKey="guid"
              dataSource={rows}
              pagination={false}
              columns={[
                {
                  title: t('customClients.name'),
                  dataIndex: 'name',
                  render: (name: string, row) => (
                    <Button type="link" style={{ padding: 0 }} onClick={() => setShown(row)}>
                      {name}
                    </Button>
                  ),
                },
                { title: t('customClients.note'), dataIndex: 'note', ellipsis: true },
                {
                  title: t('customClients.assignments'),
                  render: (_, row) =>
                    ASSIGNMENT_FIELDS.filter((field) => row.assignments[field]).map((field) => (
                      <Tag key={field}>{row.assignments[field]}</Tag>
                    )),
                },
                { title: t('customClients.token'), render: (_, row) => tokenState(row) },
                {
                  title: t('customClients.download'),
                  render: (_, row) => (
                    <Space wrap>
                      {row.platforms.map((platform) => (
                        <Button
                          key={platform}
                          size="small"
                          icon={<DownloadOutlined />}
                          onClick={() => download(row, platform)}
                        >
                          {t(PLATFORM_LABELS[platform])}
                        </Button>
                      ))}
                    </Space>
                  ),
                },
                {
                  title: t('customClients.action'),
                  render: (_, row) => (
                    <Space wrap>
                      <Button size="small" onClick={() => setDialog({ editing: row })}>
                        {t('customClients.edit')}
                      </Button>
                      {ASSIGNMENT_FIELDS.some((field) => row.assignments[field]) ? (
                        <Button
                          size="small"
                          loading={newToken.isPending && newToken.variables === row.guid}
                          onClick={() =>
                            newToken.mutate(row.guid, {
                              onSuccess: () => void message.success(t('customClients.newTokenDone')),
                            })
                          }
                        >
                          {t('customClients.newToken')}
                        </Button>
                      ) : null}
                      <Popconfirm
                        title={t('customClients.deleteConfirm', { name: row.name })}
                        onConfirm={() =>
                          remove
                            .mutateAsync(row.guid)
                            .then(() => void message.success(t('customClients.deleted')))
                        }
                      >
                        <Button size="small" danger>
                          {t('customClients.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </QueryResult>
      </Card>
      <PackageDialog
        open={dialog !== null}
        editing={dialog?.editing ?? null}
        onClose={() => setDialog(null)}
      />
      <PackageDrawer row={shown} onClose={() => setShown(null)} />
    </>
  );
}

/** One package's config string, installer name and command lines, each with a copy button. */
function PackageDrawer({ row, onClose }: { row: CustomClient | null; onClose: () => void }) {
  const { t } = useTranslation();
  const commands = useCommands(row?.guid ?? null);
  return (
    <Drawer open={row !== null} onClose={onClose} title={row?.name} width={720} destroyOnHidden>
      {row ? (
        <Flex vertical gap={8}>
          <Typography.Title level={5}>{t('customClients.configString')}</Typography.Title>
          <CopyableValue value={row.config_string} label={t('customClients.configString')} />
          <Typography.Title level={5}>{t('customClients.exeName')}</Typography.Title>
          <CopyableValue value={row.windows_exe_name} label={t('customClients.exeName')} />
          <Typography.Text type="secondary">{t('customClients.exeHelp')}</Typography.Text>
          <Typography.Title level={5}>{t('customClients.commands')}</Typography.Title>
          <Typography.Text type="secondary">{t('customClients.commandsIntro')}</Typography.Text>
          <QueryResult query={commands}>
            {(platforms) =>
              platforms.map(({ platform, lines }) => (
                <section
                  key={platform}
                  aria-label={t(PLATFORM_LABELS[platform])}
                  data-testid={`commands-${platform}`}
                >
                  <Typography.Title level={5}>{t(PLATFORM_LABELS[platform])}</Typography.Title>
                  {lines.map((line) => (
                    <CopyableValue key={line} value={line} label={t('customClients.commands')} />
                  ))}
                </section>
              ))
            }
          </QueryResult>
        </Flex>
      ) : null}
    </Drawer>
  );
}
