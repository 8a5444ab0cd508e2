import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Table, type TableColumnsType, type TableProps, Tooltip } from 'antd';
import { type ReactNode, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../QueryResult';
import { hasFilters, PAGE_SIZES } from './list-params';
import { labelledPaginationItems } from './pagination-labels';
import { type ColumnChoice, useListColumns } from './useListColumns';
import type { PagedList } from './usePagedList';

/** List state kept beside the filters that does not filter (the sort column and direction). */
const NOT_FILTERS = new Set(['sort', 'order']);

/**
 * The console's list: a server-paged table with the Server Pro toolbar (refresh, page sizes,
 * "1–20 of 57"), an empty state that says whether filters hide rows, and the error with a retry.
 * Row selection and the table's change events (sorting) pass through to antd's table. `compact` is
 * the list inside a dialog or drawer: a small table under its toolbar, without the card.
 * With a `columnChoice` the toolbar has the "Columns" button. The card's head (its title, the bulk
 * actions on the selection and the toolbar) stays in view under the page header while the rows scroll.
 */
export function PagedTable<T extends object, F extends Record<string, string>>({
  list,
  columns,
  rowKey,
  title,
  actions,
  selection,
  onChange,
  emptyText,
  compact = false,
  columnChoice,
}: {
  list: PagedList<T, F>;
  columns: TableColumnsType<T>;
  rowKey: keyof T & string;
  title?: ReactNode;
  actions?: ReactNode;
  /** Rows selectable across pages; the selected rows take their fresh state when a page loads. */
  selection?: { selected: T[]; onChange: (rows: T[]) => void };
  onChange?: TableProps<T>['onChange'];
  /** What an empty list without filters says (by default "No data"). */
  emptyText?: ReactNode;
  compact?: boolean;
  columnChoice?: ColumnChoice;
}) {
  const { t } = useTranslation();
  const { query, state } = list;
  const shown = useListColumns(columns, columnChoice);
  const rows = query.data?.data;
  const keyOf = (row: T) => String(row[rowKey]);

  // After a bulk action the reloaded page carries the selected rows' new state (status...).
  const selected = selection?.selected;
  const onSelectionChange = selection?.onChange;
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyOf depends only on rowKey
  useEffect(() => {
    if (!rows || !selected || !onSelectionChange || selected.length === 0) return;
    const fresh = new Map(rows.map((row) => [keyOf(row), row]));
    if (selected.some((row) => fresh.has(keyOf(row)) && fresh.get(keyOf(row)) !== row))
      onSelectionChange(selected.map((row) => fresh.get(keyOf(row)) ?? row));
  }, [rows, selected, onSelectionChange, rowKey]);
  // One array while the selection is the same: antd rebuilds its checkbox column when it changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyOf depends only on rowKey
  const selectedKeys = useMemo(() => selected?.map(keyOf), [selected, rowKey]);
  const toolbar = (
    <Flex gap={8} align="center" wrap>
      {actions}
      {shown.picker}
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

  const frame = (body: ReactNode, padded: boolean) =>
    compact ? (
      <>
        <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 8 }}>
          <div>{title}</div>
          {toolbar}
        </Flex>
        {body}
      </>
    ) : (
      <Card
        title={title}
        extra={toolbar}
        classNames={{ header: 'sticky-card-head' }}
        styles={padded ? undefined : { body: { padding: 0 } }}
      >
        {body}
      </Card>
    );

  if (query.isError && query.data === undefined) {
    return frame(<QueryError query={query} />, true);
  }

  const filtered = hasFilters(
    Object.fromEntries(Object.entries(state.filters).filter(([key]) => !NOT_FILTERS.has(key))),
  );
  return frame(
    <Table<T>
      rowKey={rowKey}
      size={compact ? 'small' : undefined}
      columns={shown.columns}
      dataSource={rows ?? []}
      loading={query.isFetching}
      scroll={{ x: 'max-content' }}
      rowSelection={
        selection && {
          selectedRowKeys: selectedKeys,
          preserveSelectedRowKeys: true,
          // antd names this checkbox "Select all" in English only.
          getTitleCheckboxProps: () => ({ 'aria-label': t('table.selectPage') }),
          onChange: (keys, pageRows) => {
            // antd hands back only the rows it has seen; the others come from the last selection.
            const known = new Map(
              [...selection.selected, ...pageRows.filter(Boolean)].map((row) => [keyOf(row), row]),
            );
            selection.onChange(keys.flatMap((key) => known.get(String(key)) ?? []));
          },
        }
      }
      onChange={onChange}
      locale={{
        emptyText: (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={filtered ? t('table.noMatch') : (emptyText ?? t('table.empty'))}
          />
        ),
      }}
      pagination={{
        itemRender: labelledPaginationItems(t),
        current: state.current,
        pageSize: state.pageSize,
        total: query.data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: PAGE_SIZES.map(String),
        showTotal: (total, [start, end]) => t('table.range', { start, end, total }),
        onChange: (current, pageSize) => list.setPage(current, pageSize),
        style: compact ? undefined : { paddingInline: 16 },
      }}
    />,
    false,
  );
}
