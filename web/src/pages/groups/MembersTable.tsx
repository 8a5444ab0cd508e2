import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Empty, Result, Table, type TableColumnsType } from 'antd';
import type { TableRowSelection } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../api/types';
import { errorText } from '../../components/error-text';
import { PAGE_SIZES } from '../../components/list/list-params';
import type { LocalPage } from './groups-api';

/** A group's members, paged by the server, with the console's empty and error states. */
export function MembersTable<T extends { guid: string }>({
  query,
  page,
  columns,
  rowSelection,
}: {
  query: UseQueryResult<Page<T>>;
  page: LocalPage;
  columns: TableColumnsType<T>;
  rowSelection?: TableRowSelection<T>;
}) {
  const { t } = useTranslation();
  if (query.isError && query.data === undefined) {
    return (
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
    );
  }
  return (
    <Table<T>
      rowKey="guid"
      size="middle"
      columns={columns}
      dataSource={query.data?.data ?? []}
      loading={query.isFetching}
      rowSelection={rowSelection}
      scroll={{ x: 'max-content' }}
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('groups.noMembers')} />,
      }}
      pagination={{
        current: page.current,
        pageSize: page.pageSize,
        total: query.data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: PAGE_SIZES.map(String),
        showTotal: (total, [start, end]) => t('table.range', { start, end, total }),
        onChange: (current, pageSize) => page.setPage(current, pageSize),
      }}
    />
  );
}
