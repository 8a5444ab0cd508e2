import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Result, Table, Tooltip } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/error-text';
import { hasFilters, PAGE_SIZES } from '../../components/list/list-params';
import type { PagedList } from '../../components/list/usePagedList';
import { deviceColumns } from './device-columns';
import type { Device, DeviceFilters } from './devices-api';

/**
 * The device list: server-paged like the console's PagedTable, plus what that one lacks — sorting
 * by the server (`sort`/`order`, kept in the address bar) and row selection across pages.
 */
export function DevicesTable({
  list,
  title,
  actions,
  selection,
  onEdit,
}: {
  list: PagedList<Device, DeviceFilters>;
  title: ReactNode;
  actions?: ReactNode;
  selection?: { selected: Device[]; onChange: (devices: Device[]) => void };
  onEdit?: (device: Device) => void;
}) {
  const { t } = useTranslation();
  const { query, state } = list;
  const rows = query.data?.data;

  // Selected devices on the page just loaded take their fresh state (status after a bulk action).
  const selected = selection?.selected;
  const onSelectionChange = selection?.onChange;
  useEffect(() => {
    if (!rows || !selected || !onSelectionChange || selected.length === 0) return;
    const fresh = new Map(rows.map((row) => [row.guid, row]));
    if (selected.some((device) => fresh.has(device.guid) && fresh.get(device.guid) !== device))
      onSelectionChange(selected.map((device) => fresh.get(device.guid) ?? device));
  }, [rows, selected, onSelectionChange]);

  const toolbar = (
    <Flex gap={8} align="center" wrap>
      {actions}
      <Tooltip title={t('common.refresh')}>
        <Button
          icon={<ReloadOutlined />}
          aria-label={t('common.refresh')}
          loading={query.isFetching}
          onClick={() => void query.refetch()}
        />
      </Tooltip>
    </Flex>
  );

  if (query.isError && query.data === undefined) {
    return (
      <Card title={title} extra={toolbar}>
        <Result
          status="error"
          title={t('errors.title')}
          subTitle={errorText(query.error, t)}
          extra={
            <Button type="primary" onClick={() => void query.refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      </Card>
    );
  }

  const { sort, order } = state.filters;
  const { sort: _sort, order: _order, ...realFilters } = state.filters;
  return (
    <Card title={title} extra={toolbar} styles={{ body: { padding: 0 } }}>
      <Table<Device>
        rowKey="guid"
        columns={deviceColumns({ t, sort, order, onEdit })}
        dataSource={rows ?? []}
        loading={query.isFetching}
        scroll={{ x: 'max-content' }}
        rowSelection={
          selection && {
            selectedRowKeys: selection.selected.map((device) => device.guid),
            preserveSelectedRowKeys: true,
            onChange: (keys, pageRows) => {
              // antd hands back only the rows it has seen; the others come from the last selection.
              const known = new Map(
                [...selection.selected, ...pageRows.filter(Boolean)].map((row) => [row.guid, row]),
              );
              selection.onChange(
                keys.flatMap((key) => known.get(String(key)) ?? []).filter((row) => row !== undefined),
              );
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
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={hasFilters(realFilters) ? t('table.noMatch') : t('table.empty')}
            />
          ),
        }}
        pagination={{
          current: state.current,
          pageSize: state.pageSize,
          total: query.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES.map(String),
          showTotal: (total, [start, end]) => t('table.range', { start, end, total }),
          onChange: (current, pageSize) => list.setPage(current, pageSize),
          style: { paddingInline: 16 },
        }}
      />
    </Card>
  );
}
