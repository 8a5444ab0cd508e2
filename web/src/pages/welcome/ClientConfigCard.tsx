import { Alert, Card, Col, Form, Input, Row, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../api/types';
import { CopyableValue } from '../../components/CopyableValue';
import { QrCode } from '../../components/QrCode';
import {
  encodeClientConfig,
  isValidApiUrl,
  isValidHost,
  qrCodeText,
  suggestedApi,
  windowsExeName,
} from './client-config';

interface ConfigFields {
  host: string;
  api: string;
  relay: string;
}

/**
 * Server Pro's "Windows EXE" generator: Host (the address this page was opened at), Key (the
 * server's), API → the config string, the installer name and the QR code, updated as you type.
 */
export function ClientConfigCard({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ConfigFields>();
  const initialHost = window.location.hostname;
  const initial = useMemo<ConfigFields>(
    () => ({ host: initialHost, api: suggestedApi(initialHost, dashboard.api_server_hint), relay: '' }),
    [initialHost, dashboard.api_server_hint],
  );
  const fields = Form.useWatch([], form) ?? initial;
  const host = fields.host ?? '';
  const api = fields.api ?? '';
  const relay = fields.relay ?? '';
  const complete = isValidHost(host) && isValidApiUrl(api) && (relay.trim() === '' || isValidHost(relay));
  const config = complete ? encodeClientConfig({ host, api, relay, key: dashboard.server_public_key }) : null;

  return (
    <Card title={t('clientConfig.title')}>
      <Typography.Paragraph type="secondary">{t('clientConfig.intro')}</Typography.Paragraph>
      <Row gutter={[32, 16]}>
        <Col xs={24} xl={11}>
          <Form<ConfigFields>
            form={form}
            layout="vertical"
            initialValues={initial}
            requiredMark={false}
            onValuesChange={(changed: Partial<ConfigFields>) => {
              // The API follows the host until someone edits it.
              if (changed.host !== undefined && !form.isFieldTouched('api')) {
                form.setFieldValue('api', suggestedApi(changed.host, dashboard.api_server_hint));
              }
            }}
          >
            <Form.Item
              name="host"
              label={t('clientConfig.host')}
              extra={t('clientConfig.hostHelp')}
              rules={[
                { required: true, whitespace: true, message: t('clientConfig.hostRequired') },
                {
                  validator: async (_, v: string) =>
                    assert(!v || isValidHost(v), t('clientConfig.hostInvalid')),
                },
              ]}
            >
              <Input spellCheck={false} autoComplete="off" data-testid="config-host" />
            </Form.Item>
            <Form.Item label={t('clientConfig.key')}>
              {dashboard.server_public_key ? (
                <CopyableValue value={dashboard.server_public_key} label={t('clientConfig.key')} />
              ) : (
                <Typography.Text type="secondary">{t('welcome.noKey')}</Typography.Text>
              )}
            </Form.Item>
            <Form.Item
              name="api"
              label={t('clientConfig.api')}
              extra={t('clientConfig.apiHelp')}
              rules={[
                {
                  validator: async (_, v: string) =>
                    assert(isValidApiUrl(v ?? ''), t('clientConfig.apiInvalid')),
                },
              ]}
            >
              <Input spellCheck={false} autoComplete="off" data-testid="config-api" />
            </Form.Item>
            <Form.Item
              name="relay"
              label={t('clientConfig.relay')}
              extra={t('clientConfig.relayHelp')}
              rules={[
                {
                  validator: async (_, v: string) =>
                    assert(!v || isValidHost(v), t('clientConfig.hostInvalid')),
                },
              ]}
            >
              <Input spellCheck={false} autoComplete="off" />
            </Form.Item>
          </Form>
        </Col>
        <Col xs={24} xl={13}>
          {config === null ? (
            <Alert type="info" showIcon message={t('clientConfig.incomplete')} />
          ) : (
            <>
              <Typography.Title level={5}>{t('clientConfig.config')}</Typography.Title>
              <div data-testid="config-string">
                <CopyableValue value={config} label={t('clientConfig.config')} />
              </div>
              <Typography.Title level={5} style={{ marginTop: 20 }}>
                {t('clientConfig.exeName')}
              </Typography.Title>
              <div data-testid="config-exe">
                <CopyableValue value={windowsExeName(config)} label={t('clientConfig.exeName')} />
              </div>
              <Typography.Text type="secondary">{t('clientConfig.exeHelp')}</Typography.Text>
              <Typography.Title level={5} style={{ marginTop: 20 }}>
                {t('clientConfig.qr')}
              </Typography.Title>
              <Typography.Paragraph type="secondary">{t('clientConfig.qrHelp')}</Typography.Paragraph>
              <QrCode
                text={qrCodeText(config)}
                alt={t('clientConfig.qrAlt')}
                fileName="rustdesk-config-qr.png"
              />
            </>
          )}
        </Col>
      </Row>
    </Card>
  );
}

function assert(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}
