import {
  DownOutlined,
  MoreOutlined,
  PlusOutlined,
  QuestionCircleOutlined,
  ReloadOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Dropdown,
  Empty,
  Flex,
  Input,
  Switch,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/error-text';
import { CellText } from '../../components/list/CellText';
import { labelledPaginationItems } from '../../components/list/pagination-labels';
import { useListColumns } from '../../components/list/useListColumns';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryResult';
import { localTimeOfSeconds } from '../../components/time';
import { AssignDialog } from './AssignDialog';
import type { TargetKind } from './assignment';
import { NameDialog, type NameDialogMode } from './NameDialog';
import { OptionsDrawer } from './OptionsDrawer';
import { type Strategy, useDeleteStrategy, useStrategies, useUpdateStrategy } from './strategies-api';

/**
 * Strategies (administrators): the list with each strategy's state and the devices it governs, and
 * from it create, rename, duplicate, enable/disable, delete, edit the options and assign.
 */
export default function StrategiesPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const strategies = useStrategies();
  const update = useUpdateStrategy();
  const remove = useDeleteStrategy();
  const [search, setSearch] = useState('');
  const [naming, setNaming] = useState<NameDialogMode | null>(null);
  // The strategy as last seen; the list's fresh copy wins once it has one.
  const [editing, setEditing] = useState<Strategy | null>(null);
  const [assigning, setAssigning] = useState<{ guid: string; tab: TargetKind } | null>(null);

  const rows = strategies.data;
  const fresh = (guid: string | undefined) => rows?.find((strategy) => strategy.guid === guid);
  const editingStrategy = editing ? (fresh(editing.guid) ?? editing) : null;
  const assigningStrategy = (assigning && fresh(assigning.guid)) ?? null;

  const setEnabled = (strategy: Strategy, enabled: boolean) => {
    const run = async () => {
      try {
        await update.mutateAsync({ guid: strategy.guid, changes: { enabled } });
        void message.success(
          t(enabled ? 'strategies.enabledDone' : 'strategies.disabledDone', { name: strategy.name }),
        );
      } catch (error) {
        void message.error(errorText(error, t));
      }
    };
    if (enabled) {
      void run();
      return;
    }
    modal.confirm({
      title: t('strategies.confirmDisable', { name: strategy.name }),
      content: t('strategies.confirmDisableText', { count: strategy.device_count }),
      okText: t('strategies.disable'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: run,
    });
  };

  const confirmDelete = (strategy: Strategy) =>
    modal.confirm({
      title: t('strategies.confirmDelete', { name: strategy.name }),
      content: t('strategies.confirmDeleteText', { count: strategy.device_count }),
      okText: t('strategies.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await remove.mutateAsync(strategy.guid);
          void message.success(t('strategies.deleted', { name: strategy.name }));
        } catch (error) {
          void message.error(errorText(error, t));
        }
      },
    });

  const columns: TableColumnsType<Strategy> = [
    {
      title: t('strategies.name'),
      dataIndex: 'name',
      sorter: (a, b) => a.name.localeCompare(b.name),
      fixed: 'left',
      render: (name: string, strategy) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => setEditing(strategy)}>
          <CellText text={name} width={220} />
        </Button>
      ),
    },
    {
      title: t('strategies.status'),
      dataIndex: 'enabled',
      render: (enabled: boolean, strategy) => (
        <Flex gap={8} align="center">
          <Switch
            size="small"
            checked={enabled}
            aria-label={t('strategies.toggle', { name: strategy.name })}
            onChange={(on) => setEnabled(strategy, on)}
          />
          <Typography.Text type={enabled ? undefined : 'secondary'}>
            {enabled ? t('strategies.enabled') : t('strategies.disabled')}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: (
        <Tooltip title={t('strategies.devicesHelp')}>
          <span>
            {t('strategies.devices')} <QuestionCircleOutlined />
          </span>
        </Tooltip>
      ),
      dataIndex: 'device_count',
      align: 'right',
      sorter: (a, b) => a.device_count - b.device_count,
      render: (count: number, strategy) => <span data-testid={`devices-${strategy.name}`}>{count}</span>,
    },
    {
      title: t('strategies.optionsSet'),
      key: 'options',
      align: 'right',
      sorter: (a, b) => Object.keys(a.options).length - Object.keys(b.options).length,
      render: (_, strategy) => (
        <span data-testid={`options-${strategy.name}`}>{Object.keys(strategy.options).length}</span>
      ),
    },
    {
      title: t('strategies.updated'),
      dataIndex: 'updated_at',
      sorter: (a, b) => a.updated_at - b.updated_at,
      render: (seconds: number) => (
        <span style={{ whiteSpace: 'nowrap' }}>{localTimeOfSeconds(seconds)}</span>
      ),
    },
    {
      title: t('strategies.note'),
      dataIndex: 'note',
      render: (note: string) => <CellText text={note} width={220} />,
    },
    {
      title: t('strategies.action'),
      key: 'action',
      fixed: 'right',
      render: (_, strategy) => (
        <Flex gap={4} align="center">
          <Button type="link" size="small" onClick={() => setEditing(strategy)}>
            {t('strategies.editOptions')}
          </Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'devices', label: t('strategies.assignDevices') },
                { key: 'users', label: t('strategies.assignUsers') },
                { key: 'deviceGroups', label: t('strategies.assignDeviceGroups') },
              ],
              onClick: ({ key }) => setAssigning({ guid: strategy.guid, tab: key as TargetKind }),
            }}
          >
            <Button type="link" size="small">
              {t('strategies.assign')} <DownOutlined />
            </Button>
          </Dropdown>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'rename', label: t('strategies.rename') },
                { key: 'duplicate', label: t('strategies.duplicate') },
                {
                  key: 'status',
                  label: strategy.enabled ? t('strategies.disable') : t('strategies.enable'),
                },
                { type: 'divider' },
                { key: 'delete', label: t('strategies.delete'), danger: true },
              ],
              onClick: ({ key }) => {
                if (key === 'rename') setNaming({ kind: 'rename', strategy });
                else if (key === 'duplicate') setNaming({ kind: 'duplicate', strategy });
                else if (key === 'status') setEnabled(strategy, !strategy.enabled);
                else if (key === 'delete') confirmDelete(strategy);
              },
            }}
          >
            <Button
              type="text"
              size="small"
              icon={<MoreOutlined />}
              aria-label={t('strategies.more', { name: strategy.name })}
            />
          </Dropdown>
        </Flex>
      ),
    },
  ];

  const shownColumns = useListColumns(columns, { page: 'strategies' });
  const needle = search.trim().toLowerCase();
  const shown = (rows ?? []).filter((strategy) => strategy.name.toLowerCase().includes(needle));

  const toolbar = (
    <Flex gap={8} align="center" wrap>
      <Input.Search
        allowClear
        placeholder={t('strategies.searchByName')}
        aria-label={t('strategies.searchByName')}
        // The list filters as one types; antd's button would be named by its icon alone.
        enterButton={<Button icon={<SearchOutlined />} aria-label={t('table.query')} />}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        style={{ width: 220 }}
      />
      {shownColumns.picker}
      <Tooltip title={t('common.refresh')}>
        <Button
          icon={<ReloadOutlined />}
          aria-label={t('common.refresh')}
          loading={strategies.isFetching}
          onClick={() => void strategies.refetch()}
        />
      </Tooltip>
    </Flex>
  );

  return (
    <>
      <PageHeader
        title={t('strategies.title')}
        subtitle={t('strategies.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setNaming({ kind: 'create' })}>
            {t('strategies.create')}
          </Button>
        }
      />
      <Card
        title={t('strategies.list')}
        extra={toolbar}
        classNames={{ header: 'sticky-card-head' }}
        styles={{ body: { padding: 0 } }}
      >
        {strategies.isError && rows === undefined ? (
          <QueryError query={strategies} />
        ) : (
          <Table<Strategy>
            rowKey="guid"
            columns={shownColumns.columns}
            dataSource={shown}
            loading={strategies.isFetching}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={needle !== '' ? t('table.noMatch') : t('strategies.empty')}
                />
              ),
            }}
            pagination={{
              itemRender: labelledPaginationItems(t),
              defaultPageSize: 20,
              showSizeChanger: true,
              hideOnSinglePage: false,
              showTotal: (total, [start, end]) => t('table.range', { start, end, total }),
              style: { paddingInline: 16 },
            }}
          />
        )}
      </Card>
      <NameDialog
        mode={naming}
        onClose={() => setNaming(null)}
        onCreated={(strategy) => {
          setNaming(null);
          setEditing(strategy);
        }}
      />
      <OptionsDrawer strategy={editingStrategy} onClose={() => setEditing(null)} />
      {assigningStrategy && (
        <AssignDialog
          key={assigningStrategy.guid}
          strategy={assigningStrategy}
          tab={assigning?.tab ?? 'devices'}
          onTab={(tab) => setAssigning({ guid: assigningStrategy.guid, tab })}
          onClose={() => setAssigning(null)}
        />
      )}
    </>
  );
}
