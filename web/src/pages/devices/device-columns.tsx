import {
  AndroidOutlined,
  AppleOutlined,
  CheckCircleTwoTone,
  LinuxOutlined,
  StopTwoTone,
  WindowsOutlined,
} from '@ant-design/icons';
import { Badge, Button, Flex, type TableColumnsType, Tooltip, Typography } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { localTimeOfNaiveUtc } from '../../components/time';
import type { Device } from './devices-api';

/** The OS as an icon where one is recognisable, else its text. */
function osMark(os: string): ReactNode {
  const name = os.toLowerCase();
  const icon = name.startsWith('windows') ? (
    <WindowsOutlined />
  ) : name.startsWith('mac') || name.startsWith('ios') ? (
    <AppleOutlined />
  ) : name.startsWith('android') ? (
    <AndroidOutlined />
  ) : name.startsWith('linux') ? (
    <LinuxOutlined />
  ) : null;
  if (icon) return <Tooltip title={os}>{icon}</Tooltip>;
  return os ? (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {os.split(' ')[0]}
    </Typography.Text>
  ) : null;
}

const dash = (value: string | null) => (value ? value : '-');

/** The presence dot of a device, its state in a tooltip. */
function presence(device: Device, t: TFunction): ReactNode {
  return (
    <Tooltip title={device.online ? t('devices.online') : t('devices.offline')}>
      <Badge status={device.online ? 'success' : 'default'} data-testid={`presence-${device.id}`} />
    </Tooltip>
  );
}

/** The ID column of the device lists inside dialogs and drawers: presence, then the copyable ID. */
export function deviceIdColumn(t: TFunction): TableColumnsType<Device>[number] {
  return {
    title: t('devices.id'),
    dataIndex: 'id',
    render: (id: string, device) => (
      <Flex gap={8} align="center">
        {presence(device, t)}
        <Typography.Text copyable={{ text: id }}>{id}</Typography.Text>
      </Flex>
    ),
  };
}

export function deviceColumns({
  t,
  sort,
  order,
  onEdit,
  onShow,
}: {
  t: TFunction;
  sort: string;
  order: string;
  /** Absent for those who may not edit. */
  onEdit?: (device: Device) => void;
  onShow: (device: Device) => void;
}): TableColumnsType<Device> {
  const sorted = (key: string): { key: string; sorter: true; sortOrder: SortOrder } => ({
    key,
    sorter: true,
    sortOrder: sort === key ? (order === 'desc' ? 'descend' : 'ascend') : null,
  });
  const sources = {
    device: t('devices.sourceDevice'),
    user: t('devices.sourceUser'),
    device_group: t('devices.sourceDeviceGroup'),
  };
  const columns: TableColumnsType<Device> = [
    {
      title: t('devices.id'),
      dataIndex: 'id',
      ...sorted('id'),
      fixed: 'left',
      render: (id: string, device) => (
        <Flex gap={8} align="center">
          {presence(device, t)}
          {osMark(device.os)}
          <Typography.Text copyable={{ text: id }}>{id}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('devices.deviceName'),
      dataIndex: 'device_name',
      ...sorted('device_name'),
      render: (name: string, device) => (
        <Tooltip title={device.device_username ? `${device.device_username}@${name}` : undefined}>
          <span>{dash(name)}</span>
        </Tooltip>
      ),
    },
    { title: t('devices.user'), dataIndex: 'user_name', ...sorted('user_name'), render: dash },
    { title: t('devices.userGroup'), dataIndex: 'group_name', ...sorted('group_name'), render: dash },
    {
      title: t('devices.deviceGroup'),
      dataIndex: 'device_group_name',
      ...sorted('device_group_name'),
      render: dash,
    },
    {
      title: t('devices.strategy'),
      dataIndex: 'strategy_name',
      ...sorted('strategy_name'),
      render: (name: string | null, device) =>
        name ? (
          <span>
            {name}{' '}
            {device.strategy_source && (
              <Typography.Text type="secondary">({sources[device.strategy_source]})</Typography.Text>
            )}
          </span>
        ) : (
          '-'
        ),
    },
    {
      title: t('devices.status'),
      dataIndex: 'status',
      ...sorted('status'),
      render: (status: number, device) => (
        <span data-testid={`status-${device.id}`}>
          {status === 1 ? (
            <>
              <CheckCircleTwoTone twoToneColor="#52c41a" /> {t('devices.enabled')}
            </>
          ) : (
            <>
              <StopTwoTone twoToneColor="#ff4d4f" /> {t('devices.disabled')}
            </>
          )}
        </span>
      ),
    },
    { title: t('devices.version'), dataIndex: 'version', ...sorted('version'), render: dash },
    { title: t('devices.ip'), dataIndex: 'ip', ...sorted('ip'), render: dash },
    {
      title: t('devices.lastOnline'),
      dataIndex: 'last_online',
      ...sorted('last_online'),
      render: (value: string | null) => dash(localTimeOfNaiveUtc(value)),
    },
    {
      title: t('devices.note'),
      dataIndex: 'note',
      ...sorted('note'),
      ellipsis: true,
      render: (note: string) => (note ? <Tooltip title={note}>{note}</Tooltip> : '-'),
    },
  ];
  columns.push({
    title: t('devices.action'),
    key: 'action',
    fixed: 'right',
    render: (_, device) => (
      <Flex>
        <Button type="link" size="small" onClick={() => onShow(device)}>
          {t('devices.details')}
        </Button>
        {onEdit && (
          <Button type="link" size="small" onClick={() => onEdit(device)}>
            {t('devices.edit')}
          </Button>
        )}
      </Flex>
    ),
  });
  return columns;
}
