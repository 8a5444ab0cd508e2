import {
  Alert,
  App,
  Badge,
  Button,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionUser } from '../../auth/SessionUser';
import { PagedTable } from '../../components/list/PagedTable';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { DEVICE_FILTER_KEYS, type Device, type DeviceFilters, devicesKey } from '../devices/devices-api';
import { type Book, useImportPeers } from './address-books-api';
import type { ImportOutcome } from './book-forms';
import { useScopedList } from './scoped-list';

type ImportFilters = Omit<DeviceFilters, 'sort' | 'order'>;

/**
 * Import: pick devices of this server (GET /api/devices, with its filters; everyone else than an
 * administrator sees their own devices there) and add them to the book by ID.
 */
export function ImportDialog({ book, open, onClose }: { book: Book; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isAdmin = useSessionUser().is_admin;
  const list = useScopedList<Device, DeviceFilters>({
    path: '/api/devices',
    queryKey: [...devicesKey, 'address-book-import'],
    filterKeys: DEVICE_FILTER_KEYS,
    scope: 'local',
    enabled: open,
  });
  const [form] = Form.useForm<ImportFilters>();
  const [selectedRows, setSelectedRows] = useState<Device[]>([]);
  const selected = selectedRows.map((row) => row.id);
  const [stopped, setStopped] = useState<ImportOutcome | null>(null);
  const importPeers = useImportPeers(book.guid);
  const { reset } = importPeers;
  useEffect(() => {
    if (open) {
      reset();
      setSelectedRows([]);
      setStopped(null);
    }
  }, [open, reset]);

  const save = () =>
    importPeers.mutate(selected, {
      onSuccess: (outcome) => {
        if (outcome.error) {
          setStopped(outcome);
          return;
        }
        void message.success(t('addressBooks.imported', { added: outcome.added, present: outcome.present }));
        onClose();
      },
    });

  const field = (name: keyof ImportFilters, label: string) => (
    <Form.Item name={name} label={label}>
      <Input allowClear aria-label={label} style={{ width: 150 }} />
    </Form.Item>
  );
  const columns: TableColumnsType<Device> = [
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
    { title: t('devices.deviceName'), dataIndex: 'device_name', render: (name: string) => name || '-' },
    { title: t('devices.user'), dataIndex: 'user_name', render: (name: string | null) => name ?? '-' },
    {
      title: t('devices.deviceGroup'),
      dataIndex: 'device_group_name',
      render: (name: string | null) => name ?? '-',
    },
  ];

  return (
    <Modal
      open={open}
      title={t('addressBooks.importTitle', {
        name: book.personal ? t('addressBooks.personalName') : book.name,
      })}
      onCancel={onClose}
      width={960}
      destroyOnHidden
      okText={t('addressBooks.importSelected', { count: selected.length })}
      okButtonProps={{ disabled: selected.length === 0 }}
      cancelText={t('common.cancel')}
      confirmLoading={importPeers.isPending}
      onOk={save}
    >
      <ServerErrorAlert error={stopped?.error ?? importPeers.error} />
      {stopped && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('addressBooks.importStopped', { added: stopped.added, present: stopped.present })}
        />
      )}
      <Form<ImportFilters>
        form={form}
        name="address-book-import"
        layout="inline"
        style={{ rowGap: 12, marginBottom: 16 }}
        initialValues={{ online: '' }}
        onFinish={(values) => list.setFilters(values)}
      >
        {field('id', t('devices.id'))}
        {field('device_name', t('devices.deviceName'))}
        {isAdmin && field('user_name', t('devices.user'))}
        {field('device_group_name', t('devices.deviceGroup'))}
        <Form.Item name="online" label={t('devices.presence')}>
          <Select
            style={{ width: 110 }}
            aria-label={t('devices.presence')}
            options={[
              { value: '', label: t('devices.any') },
              { value: 'true', label: t('devices.online') },
              { value: 'false', label: t('devices.offline') },
            ]}
          />
        </Form.Item>
        <Flex gap={8}>
          <Button
            onClick={() => {
              form.resetFields();
              list.resetFilters();
            }}
          >
            {t('table.reset')}
          </Button>
          <Button type="primary" htmlType="submit">
            {t('table.query')}
          </Button>
        </Flex>
      </Form>
      <Typography.Paragraph type="secondary">{t('addressBooks.importHelp')}</Typography.Paragraph>
      <PagedTable
        list={list}
        columns={columns}
        // A device's RustDesk ID is unique on the server, and is what the book keeps.
        rowKey="id"
        selection={{ selected: selectedRows, onChange: setSelectedRows }}
      />
    </Modal>
  );
}
