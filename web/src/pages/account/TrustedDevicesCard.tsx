import { DesktopOutlined, GlobalOutlined } from '@ant-design/icons';
import { App, Button, Card, List, Popconfirm, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/error-text';
import { QueryResult } from '../../components/QueryResult';
import { localTimeOfSeconds } from '../../components/time';
import { type TrustedDevice, useForgetTrustedDevice, useTrustedDevices } from './tfa-api';

/**
 * Account → Trusted devices ("Manage signed devices"): the browsers and RustDesk clients that skip the
 * login code for 30 days after a right one, each with its last login; forget one or all.
 */
export function TrustedDevicesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const devices = useTrustedDevices();
  const forget = useForgetTrustedDevice();
  const forgetting = (guid?: string) =>
    forget
      .mutateAsync(guid)
      .then(() => message.success(t('trusted.forgotten')))
      .catch((error: unknown) => message.error(errorText(error, t)));
  const title = (device: TrustedDevice) =>
    device.kind === 'client'
      ? t('trusted.client', { name: device.name || device.client_id, id: device.client_id })
      : t('trusted.browser', { name: device.name, os: device.os });

  return (
    <Card
      title={t('trusted.title')}
      data-testid="trusted-devices"
      extra={
        devices.data?.length ? (
          <Popconfirm
            title={t('trusted.confirmForgetAll')}
            okText={t('trusted.forgetAll')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => forgetting()}
          >
            <Button size="small" danger>
              {t('trusted.forgetAll')}
            </Button>
          </Popconfirm>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('trusted.help')}</Typography.Paragraph>
      <QueryResult query={devices} rows={2}>
        {(list) => (
          <List
            dataSource={list}
            rowKey="guid"
            locale={{ emptyText: t('trusted.none') }}
            renderItem={(device) => (
              <List.Item
                actions={[
                  <Popconfirm
                    key="forget"
                    title={t('trusted.confirmForget')}
                    okText={t('trusted.forget')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('common.cancel')}
                    onConfirm={() => forgetting(device.guid)}
                  >
                    <Button
                      type="link"
                      size="small"
                      danger
                      aria-label={`${t('trusted.forget')}: ${title(device)}`}
                    >
                      {t('trusted.forget')}
                    </Button>
                  </Popconfirm>,
                ]}
              >
                <List.Item.Meta
                  avatar={device.kind === 'client' ? <DesktopOutlined /> : <GlobalOutlined />}
                  title={title(device)}
                  description={t('trusted.detail', {
                    used: localTimeOfSeconds(device.last_used_at),
                    ip: device.ip || '-',
                    expires: localTimeOfSeconds(device.expires_at),
                  })}
                />
              </List.Item>
            )}
          />
        )}
      </QueryResult>
    </Card>
  );
}
