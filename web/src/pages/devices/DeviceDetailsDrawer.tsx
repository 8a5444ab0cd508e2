import { Badge, Descriptions, Drawer, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { localTimeOfNaiveUtc, localTimeOfSeconds } from '../../components/time';
import type { Device } from './devices-api';

/** Everything the server knows of one device: assignments, state and what the client reported. */
export function DeviceDetailsDrawer({ device, onClose }: { device: Device | null; onClose: () => void }) {
  const { t } = useTranslation();
  const text = (value: string | null) => value || '-';
  return (
    <Drawer
      open={device !== null}
      title={device ? t('devices.detailsTitle', { id: device.id }) : ''}
      onClose={onClose}
      width={480}
      destroyOnHidden
    >
      {device && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('devices.id')}>
              <Typography.Text copyable>{device.id}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('devices.presence')}>
              <Badge
                status={device.online ? 'success' : 'default'}
                text={device.online ? t('devices.online') : t('devices.offline')}
              />
            </Descriptions.Item>
            <Descriptions.Item label={t('devices.status')}>
              {device.status === 1 ? t('devices.enabled') : t('devices.disabled')}
            </Descriptions.Item>
            <Descriptions.Item label={t('devices.lastOnline')}>
              {localTimeOfNaiveUtc(device.last_online) || t('devices.never')}
            </Descriptions.Item>
            <Descriptions.Item label={t('devices.deviceName')}>{text(device.device_name)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.deviceUsername')}>
              {text(device.device_username)}
            </Descriptions.Item>
            <Descriptions.Item label={t('devices.user')}>{text(device.user_name)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.userGroup')}>{text(device.group_name)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.deviceGroup')}>
              {text(device.device_group_name)}
            </Descriptions.Item>
            <Descriptions.Item label={t('devices.strategy')}>{text(device.strategy_name)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.note')}>{text(device.note)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.registered')}>
              {localTimeOfSeconds(device.created_at)}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('devices.reported')}
          </Typography.Title>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('devices.hostname')}>{text(device.hostname)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.osUsername')}>{text(device.username)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.os')}>{text(device.os)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.cpu')}>{text(device.cpu)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.memory')}>{text(device.memory)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.version')}>{text(device.version)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.ip')}>{text(device.ip)}</Descriptions.Item>
          </Descriptions>
        </>
      )}
    </Drawer>
  );
}
