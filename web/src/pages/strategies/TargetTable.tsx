import { QuestionCircleOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Form, Input, Result, Table, type TableColumnsType, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { errorText } from '../../components/error-text';
import { hasFilters, listQuery, PAGE_SIZES } from '../../components/list/list-params';
import type { Target, TargetKind } from './assignment';

export interface FilterField {
  name: string;
  label: string;
}

/**
 * One list of the assignment dialog (devices, users or device groups): the management API's own
 * server-paged list and filters, its state local to the dialog (the page's address stays the page's),
 * and a selection that survives paging and filtering.
 */
export function TargetTable<T extends { guid: string }>({
  kind,
  path,
  fields,
  columns,
  toTarget,
  selected,
  onSelect,
}: {
  kind: TargetKind;
  path: string;
  fields: FilterField[];
  columns: TableColumnsType<T>;
  toTarget: (row: T) => Target;
  selected: readonly Target[];
  onSelect: (targets: Target[]) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Record<string, string>>();
  const [state, setState] = useState({
    current: 1,
    pageSize: 10,
    filters: Object.fromEntries(fields.map((field) => [field.name, ''])) as Record<string, string>,
  });
  const params = listQuery(state);
  const query = useQuery({
    queryKey: ['strategy-targets', kind, params],
    queryFn: ({ signal }) => api.get<Page<T>>(path, { query: params, signal }),
    placeholderData: keepPreviousData,
  });

  const wildcard = (
    <Tooltip title={t('devices.wildcardHelp')}>
      <QuestionCircleOutlined aria-label={t('devices.wildcardHelp')} />
    </Tooltip>
  );

  return (
    <>
      <Form<Record<string, string>>
        // Field ids must not collide with the page's or another tab's fields of the same names.
        name={`strategy-targets-${kind}`}
        form={form}
        layout="inline"
        initialValues={state.filters}
        onFinish={(values) =>
          setState({
            ...state,
            current: 1,
            filters: Object.fromEntries(fields.map((field) => [field.name, values[field.name] ?? ''])),
          })
        }
        style={{ rowGap: 8, marginBottom: 12 }}
      >
        {fields.map((field) => (
          <Form.Item key={field.name} name={field.name} label={field.label}>
            <Input allowClear suffix={wildcard} style={{ width: 160 }} aria-label={field.label} />
          </Form.Item>
        ))}
        <Form.Item style={{ marginInlineEnd: 0 }}>
          <Flex gap={8}>
            <Button
              onClick={() => {
                form.resetFields();
                form.submit();
              }}
            >
              {t('table.reset')}
            </Button>
            <Button type="primary" htmlType="submit">
              {t('table.query')}
            </Button>
          </Flex>
        </Form.Item>
      </Form>
      {query.isError && query.data === undefined ? (
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
      ) : (
        <Table<T>
          rowKey="guid"
          size="small"
          columns={columns}
          dataSource={query.data?.data ?? []}
          loading={query.isFetching}
          scroll={{ x: 'max-content' }}
          rowSelection={{
            selectedRowKeys: selected.map((target) => target.guid),
            preserveSelectedRowKeys: true,
            onChange: (keys, rows) => {
              // antd hands back only the rows it has seen; the others come from the last selection.
              const known = new Map<string, Target>([
                ...selected.map((target): [string, Target] => [target.guid, target]),
                ...rows.filter(Boolean).map((row): [string, Target] => [row.guid, toTarget(row)]),
              ]);
              onSelect(keys.flatMap((key) => known.get(String(key)) ?? []));
            },
          }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={hasFilters(state.filters) ? t('table.noMatch') : t('table.empty')}
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
            onChange: (current, pageSize) =>
              setState({ ...state, current: pageSize === state.pageSize ? current : 1, pageSize }),
          }}
        />
      )}
    </>
  );
}
