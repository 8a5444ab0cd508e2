import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { QueryResult } from '../../components/QueryResult';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { isHostAndPort, MAX_RELAY_SERVERS, relayServersOf, type ServerSettings } from './server-settings';
import { useSettings, useUpdateSettings } from './settings-api';

interface RelayValues {
  relay_servers: string[];
}

function RelayServersForm({ settings }: { settings: ServerSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RelayValues>();
  const update = useUpdateSettings();
  const readOnly = settings.relay_servers_source === 'environment';

  const save = ({ relay_servers }: RelayValues) =>
    update.mutate(
      { relay_servers: relayServersOf(relay_servers ?? []) },
      {
        onSuccess: (saved) => {
          form.setFieldsValue({ relay_servers: saved.relay_servers });
          void message.success(t('settings.relaySaved'));
        },
      },
    );

  return (
    <Form<RelayValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ relay_servers: settings.relay_servers }}
      onFinish={save}
      disabled={readOnly}
    >
      {readOnly && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('settings.relayEnvironment')}
          description={t('settings.relayEnvironmentHelp')}
        />
      )}
      <ServerErrorAlert error={update.error} />
      <Form.List
        name="relay_servers"
        rules={[
          {
            validator: async (_, rows: (string | undefined)[] | undefined) => {
              if (relayServersOf(rows ?? []).length > MAX_RELAY_SERVERS)
                throw new Error(t('settings.relayTooMany', { max: MAX_RELAY_SERVERS }));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.length === 0 && (
              <Typography.Paragraph type="secondary">{t('settings.relayNone')}</Typography.Paragraph>
            )}
            {fields.map((field, index) => (
              <Flex key={field.key} gap={8} align="flex-start">
                <Form.Item
                  name={field.name}
                  style={{ flex: 1, maxWidth: 480 }}
                  validateTrigger={['onChange', 'onBlur']}
                  rules={[
                    { required: true, whitespace: true, message: t('settings.relayRequired') },
                    {
                      validator: async (_, value: string | undefined) => {
                        const server = (value ?? '').trim();
                        if (server !== '' && !isHostAndPort(server))
                          throw new Error(t('settings.relayInvalid'));
                      },
                    },
                    ({ getFieldValue }) => ({
                      validator: async (_, value: string | undefined) => {
                        const server = (value ?? '').trim();
                        const rows = relayServersOf(getFieldValue('relay_servers') ?? []);
                        if (server !== '' && rows.indexOf(server) < rows.lastIndexOf(server))
                          throw new Error(t('settings.relayDuplicate'));
                      },
                    }),
                  ]}
                >
                  <Input
                    placeholder={t('settings.relayPlaceholder')}
                    aria-label={t('settings.relayServerN', { n: index + 1 })}
                    maxLength={300}
                    autoComplete="off"
                    spellCheck={false}
                  />
                </Form.Item>
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={t('settings.relayRemove', { n: index + 1 })}
                  onClick={() => remove(field.name)}
                />
              </Flex>
            ))}
            <Form.ErrorList errors={errors} />
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add('')}
              disabled={readOnly || fields.length >= MAX_RELAY_SERVERS}
              style={{ marginBottom: 24 }}
            >
              {t('settings.relayAdd')}
            </Button>
          </>
        )}
      </Form.List>
      <div>
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          {t('common.save')}
        </Button>
      </div>
    </Form>
  );
}

/** Settings → Relay: the relay servers the server hands to clients. */
export function RelayServersTab() {
  const { t } = useTranslation();
  const settings = useSettings();
  return (
    <Card title={t('settings.relayTitle')}>
      <Typography.Paragraph type="secondary">{t('settings.relayHelp')}</Typography.Paragraph>
      <QueryResult query={settings}>{(data) => <RelayServersForm settings={data} />}</QueryResult>
    </Card>
  );
}
