import {
  AndroidOutlined,
  AppleOutlined,
  CheckCircleTwoTone,
  LinuxOutlined,
  StopTwoTone,
  WindowsOutlined,
} from '@ant-design/icons';
import { Badge, Flex, type TableColumnsType, Typography } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { HoverTooltip } from '../../components/HoverTooltip';
import { CellText } from '../../components/list/CellText';
import { CopyableCell, copyLabels } from '../../components/list/CopyableCell';
import { LinkButton } from '../../components/list/LinkButton';
import type { ColumnChoice } from '../../components/list/useListColumns';
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
  if (icon) return <HoverTooltip title={os}>{icon}</HoverTooltip>;
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
    <HoverTooltip title={device.online ? t('devices.online') : t('devices.offline')}>
      <Badge status={device.online ? 'success' : 'default'} data-testid={`presence-${device.id}`} />
    </HoverTooltip>
  );
}

/** The ID column of the device lists inside dialogs and drawers: presence, then the copyable ID. */
export function deviceIdColumn(t: TFunction): TableColumnsType<Device>[number] {
  const labels = copyLabels(t);
  return {
    title: t('devices.id'),
    dataIndex: 'id',
    render: (id: string, device) => (
      <Flex gap={8} align="center">
        {presence(device, t)}
        <CopyableCell text={id} labels={labels} />
      </Flex>
    ),
  };
}

/** What the Devices list shows until its user picks: what fits a 1440-pixel screen. */
export const DEVICE_COLUMN_CHOICE: ColumnChoice = {
  page: 'devices',
  hidden: ['group_name', 'device_group_name', 'strategy_name', 'version'],
};

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
  const labels = copyLabels(t);
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
        <span className="device-id-cell">
          {presence(device, t)}
          {osMark(device.os)}
          <CopyableCell text={id} labels={labels} />
        </span>
      ),
    },
    {
      title: t('devices.deviceName'),
      dataIndex: 'device_name',
      ...sorted('device_name'),
      render: (name: string, device) => (
        <CellText
          text={name}
          width={160}
          title={device.device_username ? `${device.device_username}@${name}` : undefined}
        />
      ),
    },
    {
      title: t('devices.user'),
      dataIndex: 'user_name',
      ...sorted('user_name'),
      render: (name: string | null) => <CellText text={name} width={120} />,
    },
    {
      title: t('devices.userGroup'),
      dataIndex: 'group_name',
      ...sorted('group_name'),
      render: (name: string | null) => <CellText text={name} width={140} />,
    },
    {
      title: t('devices.deviceGroup'),
      dataIndex: 'device_group_name',
      ...sorted('device_group_name'),
      render: (name: string | null) => <CellText text={name} width={140} />,
    },
    {
      title: t('devices.strategy'),
      dataIndex: 'strategy_name',
      ...sorted('strategy_name'),
      render: (name: string | null, device) => (
        <CellText
          text={name && device.strategy_source ? `${name} (${sources[device.strategy_source]})` : name}
          width={160}
        />
      ),
    },
    {
      title: t('devices.status'),
      dataIndex: 'status',
      ...sorted('status'),
      render: (status: number, device) => (
        <span data-testid={`status-${device.id}`} style={{ whiteSpace: 'nowrap' }}>
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
    {
      title: t('devices.version'),
      dataIndex: 'version',
      ...sorted('version'),
      render: (version: string) => <CellText text={version} width={100} />,
    },
    {
      title: t('devices.ip'),
      dataIndex: 'ip',
      ...sorted('ip'),
      render: (ip: string) => <CellText text={ip} width={130} />,
    },
    {
      title: t('devices.lastOnline'),
      dataIndex: 'last_online',
      ...sorted('last_online'),
      render: (value: string | null) => (
        <span style={{ whiteSpace: 'nowrap' }}>{dash(localTimeOfNaiveUtc(value))}</span>
      ),
    },
    {
      title: t('devices.note'),
      dataIndex: 'note',
      ...sorted('note'),
      render: (note: string) => <CellText text={note} width={160} />,
    },
  ];
  columns.push({
    title: t('devices.action'),
    key: 'action',
    fixed: 'right',
    render: (_, device) => (
      <Flex wrap={false}>
        <LinkButton onClick={() => onShow(device)}>{t('devices.details')}</LinkButton>
        {onEdit && <LinkButton onClick={() => onEdit(device)}>{t('devices.edit')}</LinkButton>}
      </Flex>
    ),
  });
  return columns;
}
