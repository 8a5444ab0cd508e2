import { QuestionCircleOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Badge, Button, Empty, Flex, Form, Input, Modal, Table, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { hasFilters, listQuery } from '../../components/list/list-params';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { type Device, devicesKey, useBulkDevices } from '../devices/devices-api';
import type { ManagedUser } from './users-api';

/** The device list's filters that find devices to assign. */
type DevicePickFilters = { id: string; device_name: string; user_name: string; device_group_name: string };

const PAGE_SIZE = 10;
/** The largest page the API serves: "select all" reads the matches in pages of this size. */
const FETCH_PAGE_SIZE = 1000;
/** The most devices POST /api/devices/bulk takes at once. */
const MAX_BULK_DEVICES = 10_000;
const EMPTY_FILTERS: DevicePickFilters = { id: '', device_name: '', user_name: '', device_group_name: '' };

/**
 * Users → More → Assign devices: finds devices with the device list's filters (`%` wildcards),
 * takes the ticked ones, or every match, and assigns them to the user in one bulk request.
 */
export function AssignDevicesDialog({ user, onClose }: { user: ManagedUser | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DevicePickFilters>();
  const [filters, setFilters] = useState(EMPTY_FILTERS);
  const [current, setCurrent] = useState(1);
  /** guids of the ticked devices, across pages and searches. */
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [collecting, setCollecting] = useState(false);
  const [collectError, setCollectError] = useState<unknown>(null);
  const bulk = useBulkDevices();
  const open = user !== null;

  const { reset } = bulk;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new user starts afresh
  useEffect(() => {
    reset();
    setFilters(EMPTY_FILTERS);
    setCurrent(1);
    setPicked(new Set());
    setCollectError(null);
  }, [user?.guid, reset]);

  const query = listQuery({ current, pageSize: PAGE_SIZE, filters });
  const devices = useQuery({
    queryKey: [...devicesKey, 'assign-to-user', query],
    queryFn: ({ signal }) => api.get<Page<Device>>('/api/devices', { query, signal }),
    placeholderData: keepPreviousData,
    enabled: open,
  });
  const total = devices.data?.total ?? 0;

  /** Ticks every device the filters match, reading them a page at a time. */
  const pickAllMatches = async () => {
    setCollecting(true);
    setCollectError(null);
    try {
      const next = new Set(picked);
      for (let page = 1; (page - 1) * FETCH_PAGE_SIZE < total; page++) {
        const { data } = await api.get<Page<Device>>('/api/devices', {
          query: listQuery({ current: page, pageSize: FETCH_PAGE_SIZE, filters }),
        });
        for (const device of data) next.add(device.guid);
        if (data.length < FETCH_PAGE_SIZE) break;
      }
      setPicked(next);
    } catch (error) {
      setCollectError(error);
    } finally {
      setCollecting(false);
    }
  };

  const assign = () => {
    if (!user || picked.size === 0) return;
    bulk.mutate(
      { action: 'assign', guids: [...picked], assign: { user_name: user.name } },
      {
        onSuccess: ({ count }) => {
          void message.success(t('users.assigned', { count, name: user.name }));
          onClose();
        },
      },
    );
  };

  const tooMany = picked.size > MAX_BULK_DEVICES;
  const wildcard = (
    <Tooltip title={t('devices.wildcardHelp')}>
      <QuestionCircleOutlined aria-label={t('devices.wildcardHelp')} />
    </Tooltip>
  );
  const field = (name: keyof DevicePickFilters, label: string) => (
    <Form.Item name={name} label={label}>
      <Input allowClear suffix={wildcard} style={{ width: 160 }} aria-label={label} />
    </Form.Item>
  );

  return (
    <Modal
      open={open}
      title={user ? t('users.assignTitle', { name: user.name }) : ''}
      width={900}
      okText={t('users.assignSubmit', { count: picked.size })}
      okButtonProps={{ disabled: picked.size === 0 || tooMany }}
      cancelText={t('common.cancel')}
      confirmLoading={bulk.isPending}
      onOk={assign}
      onCancel={onClose}
      destroyOnHidden
    >
      <ServerErrorAlert error={bulk.error ?? collectError} />
      <Typography.Paragraph type="secondary">
        {t('users.assignHelp', { name: user?.name ?? '' })}
      </Typography.Paragraph>
      <Form<DevicePickFilters>
        name="assign-devices"
        form={form}
        layout="inline"
        initialValues={EMPTY_FILTERS}
        onFinish={(values) => {
          setFilters({ ...EMPTY_FILTERS, ...values });
          setCurrent(1);
        }}
        style={{ rowGap: 12, marginBottom: 16 }}
      >
        {field('id', t('devices.id'))}
        {field('device_name', t('devices.deviceName'))}
        {field('user_name', t('devices.user'))}
        {field('device_group_name', t('devices.deviceGroup'))}
        <Form.Item style={{ marginInlineEnd: 0 }}>
          <Button type="primary" htmlType="submit">
            {t('table.query')}
          </Button>
        </Form.Item>
      </Form>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 8 }}>
        <Typography.Text type={tooMany ? 'danger' : 'secondary'}>
          {tooMany
            ? t('users.tooManyDevices', { count: picked.size, max: MAX_BULK_DEVICES })
            : t('devices.selected', { count: picked.size })}
        </Typography.Text>
        <Flex gap={8}>
          <Button onClick={() => setPicked(new Set())} disabled={picked.size === 0}>
            {t('users.clearSelection')}
          </Button>
          {total > MAX_BULK_DEVICES ? (
            <Typography.Text type="secondary">
              {t('users.narrowFilters', { max: MAX_BULK_DEVICES })}
            </Typography.Text>
          ) : (
            <Button onClick={() => void pickAllMatches()} loading={collecting} disabled={total === 0}>
              {t('users.selectAllMatches', { count: total })}
            </Button>
          )}
        </Flex>
      </Flex>
      {devices.isError && devices.data === undefined ? (
        <ServerErrorAlert error={devices.error} />
      ) : (
        <Table<Device>
          rowKey="guid"
          size="small"
          dataSource={devices.data?.data ?? []}
          loading={devices.isFetching}
          scroll={{ x: 'max-content' }}
          rowSelection={{
            selectedRowKeys: [...picked],
            preserveSelectedRowKeys: true,
            onChange: (keys) => setPicked(new Set(keys.map(String))),
          }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={hasFilters(filters) ? t('table.noMatch') : t('table.empty')}
              />
            ),
          }}
          columns={[
            {
              title: t('devices.id'),
              dataIndex: 'id',
              render: (id: string, device) => (
                <Flex gap={8} align="center">
                  <Badge status={device.online ? 'success' : 'default'} />
                  {id}
                </Flex>
              ),
            },
            { title: t('devices.deviceName'), dataIndex: 'device_name' },
            {
              title: t('devices.user'),
              dataIndex: 'user_name',
              render: (name: string | null) => name ?? '-',
            },
            {
              title: t('devices.deviceGroup'),
              dataIndex: 'device_group_name',
              render: (name: string | null) => name ?? '-',
            },
          ]}
          pagination={{
            current,
            pageSize: PAGE_SIZE,
            total,
            showSizeChanger: false,
            showTotal: (count, [start, end]) => t('table.range', { start, end, total: count }),
            onChange: setCurrent,
          }}
        />
      )}
    </Modal>
  );
}
