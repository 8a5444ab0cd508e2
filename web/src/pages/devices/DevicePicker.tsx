import type { TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionUser } from '../../auth/SessionUser';
import { CellText } from '../../components/list/CellText';
import { FilterBar } from '../../components/list/FilterBar';
import { PatternFilter, PresenceFilter } from '../../components/list/filter-fields';
import { PagedTable } from '../../components/list/PagedTable';
import { type PagedList, usePagedList } from '../../components/list/usePagedList';
import { deviceIdColumn } from './device-columns';
import { type Device, devicesKey } from './devices-api';

/** The device list's filters a picker offers. */
export type DevicePickFilters = {
  id: string;
  device_name: string;
  user_name: string;
  device_group_name: string;
  online: string;
};
const PICK_FILTER_KEYS = [
  'id',
  'device_name',
  'user_name',
  'device_group_name',
  'online',
] as const satisfies readonly (keyof DevicePickFilters)[];

export type DevicePickList = PagedList<Device, DevicePickFilters>;

/**
 * Picking devices inside a dialog: GET /api/devices with the Devices page's main filters (`%`
 * wildcards; the user filter for administrators only, everyone else sees only their own devices),
 * paged by the server in the dialog's own state, and a selection that survives paging and filtering.
 * `name` keeps the filter form's field ids apart from the page's; `actions` go beside the refresh
 * button and see the list (its filters, its total).
 */
export function DevicePicker({
  name,
  selected,
  onChange,
  title,
  actions,
  extraColumns = [],
}: {
  name: string;
  selected: Device[];
  onChange: (devices: Device[]) => void;
  title?: ReactNode;
  actions?: (list: DevicePickList) => ReactNode;
  extraColumns?: TableColumnsType<Device>;
}) {
  const { t } = useTranslation();
  const isAdmin = useSessionUser().is_admin;
  const list = usePagedList<Device, DevicePickFilters>({
    path: '/api/devices',
    queryKey: [...devicesKey, 'picker', name],
    filterKeys: PICK_FILTER_KEYS,
    scope: 'local',
    pageSize: 10,
  });
  const columns: TableColumnsType<Device> = [
    deviceIdColumn(t),
    {
      title: t('devices.deviceName'),
      dataIndex: 'device_name',
      render: (text: string) => <CellText text={text} width={160} />,
    },
    {
      title: t('devices.user'),
      dataIndex: 'user_name',
      render: (text: string | null) => <CellText text={text} width={120} />,
    },
    {
      title: t('devices.deviceGroup'),
      dataIndex: 'device_group_name',
      render: (text: string | null) => <CellText text={text} width={140} />,
    },
    ...extraColumns,
  ];

  return (
    <>
      <FilterBar list={list} name={name} compact>
        <PatternFilter name="id" label={t('devices.id')} width={150} />
        <PatternFilter name="device_name" label={t('devices.deviceName')} width={150} />
        {isAdmin && <PatternFilter name="user_name" label={t('devices.user')} width={150} />}
        <PatternFilter name="device_group_name" label={t('devices.deviceGroup')} width={150} />
        <PresenceFilter width={110} />
      </FilterBar>
      <PagedTable
        list={list}
        columns={columns}
        rowKey="guid"
        title={title}
        actions={actions?.(list)}
        selection={{ selected, onChange }}
        compact
      />
    </>
  );
}
