import type { SorterResult } from 'antd/es/table/interface';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { PagedTable } from '../../components/list/PagedTable';
import type { PagedList } from '../../components/list/usePagedList';
import { deviceColumns } from './device-columns';
import type { Device, DeviceFilters } from './devices-api';

/**
 * The device list: the console's PagedTable with sorting by the server (`sort`/`order`, kept in the
 * address bar) and row selection across pages.
 */
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
  const rows = list.query.data?.data;

  // Selected devices on the page just loaded take their fresh state (status after a bulk action).
  const selected = selection?.selected;
  const onSelectionChange = selection?.onChange;
  useEffect(() => {
    if (!rows || !selected || !onSelectionChange || selected.length === 0) return;
    const fresh = new Map(rows.map((row) => [row.guid, row]));
    if (selected.some((device) => fresh.has(device.guid) && fresh.get(device.guid) !== device))
      onSelectionChange(selected.map((device) => fresh.get(device.guid) ?? device));
  }, [rows, selected, onSelectionChange]);

  const { sort, order } = list.state.filters;
  return (
    <PagedTable<Device, DeviceFilters>
      list={list}
      rowKey="guid"
      title={title}
      actions={actions}
      columns={deviceColumns({ t, sort, order, onEdit, onShow })}
      rowSelection={
        selection && {
          selectedRowKeys: selection.selected.map((device) => device.guid),
          preserveSelectedRowKeys: true,
          onChange: (keys, pageRows) => {
            // antd hands back only the rows it has seen; the others come from the last selection.
            const known = new Map(
              [...selection.selected, ...pageRows.filter(Boolean)].map((row) => [row.guid, row]),
            );
            selection.onChange(keys.flatMap((key) => known.get(String(key)) ?? []));
          },
        }
      }
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
