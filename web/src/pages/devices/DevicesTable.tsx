import type { SorterResult } from 'antd/es/table/interface';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PagedTable } from '../../components/list/PagedTable';
import type { PagedList } from '../../components/list/usePagedList';
import { DEVICE_COLUMN_CHOICE, deviceColumns } from './device-columns';
import type { Device, DeviceFilters } from './devices-api';

/** The device list: the console's PagedTable sorted by the server (`sort`/`order`, kept in the address bar). */
export function DevicesTable({
  list,
  title,
  actions,
  selection,
  onEdit,
  onShow,
}: {
  list: PagedList<Device, DeviceFilters>;
  title: ReactNode;
  actions?: ReactNode;
  selection?: { selected: Device[]; onChange: (devices: Device[]) => void };
  onEdit?: (device: Device) => void;
  onShow: (device: Device) => void;
}) {
  const { t } = useTranslation();
  const { sort, order } = list.state.filters;
  // The same columns from one render to the next: antd then re-renders only the rows that changed.
  const columns = useMemo(
    () => deviceColumns({ t, sort, order, onEdit, onShow }),
    [t, sort, order, onEdit, onShow],
  );
  return (
    <PagedTable<Device, DeviceFilters>
      list={list}
      rowKey="guid"
      title={title}
      actions={actions}
      columns={columns}
      columnChoice={DEVICE_COLUMN_CHOICE}
      selection={selection}
      onChange={(_pagination, _filters, sorter, extra) => {
        if (extra.action !== 'sort') return;
        const { columnKey, order: direction } = sorter as SorterResult<Device>;
        list.setFilters(
          direction
            ? { sort: String(columnKey), order: direction === 'descend' ? 'desc' : 'asc' }
            : { sort: '', order: '' },
        );
      }}
    />
  );
}
