import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Flex, Form, Input, Modal, type TableColumnsType, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../components/FormDialog';
import { CellText } from '../../components/list/CellText';
import { PagedTable } from '../../components/list/PagedTable';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { localTimeOfNaiveUtc } from '../../components/time';
import { deviceIdColumn } from '../devices/device-columns';
import type { Device } from '../devices/devices-api';
import { type DeviceGroup, useChangeDevices, useGroupDevices } from './groups-api';
import { MAX_PEER_IDS, parsePeerIds } from './peer-ids';

/** The devices of a device group, paged: add devices by ID (several at once), remove the selected ones. */
export function DeviceGroupMembersDrawer({
  group,
  onClose,
}: {
  group: DeviceGroup | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const members = useGroupDevices(group);
  const change = useChangeDevices(group?.guid ?? '');
  const [selected, setSelected] = useState<Device[]>([]);
  const [dialog, setDialog] = useState<'add' | 'remove' | null>(null);
  const [form] = Form.useForm<{ ids: string }>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: another group starts with nothing selected
  useEffect(() => {
    setSelected([]);
    setDialog(null);
  }, [group?.guid]);

  const open = (next: 'add' | 'remove') => {
    change.reset();
    setDialog(next);
  };
  const apply = (kind: 'add' | 'remove', ids: string[]) =>
    change.mutate(
      { change: kind, ids },
      {
        onSuccess: ({ count }) => {
          void message.success(
            t(kind === 'add' ? 'groups.devicesAdded' : 'groups.devicesRemoved', { count }),
          );
          setDialog(null);
          if (kind === 'remove') setSelected([]);
        },
      },
    );

  const columns: TableColumnsType<Device> = [
    deviceIdColumn(t),
    {
      title: t('devices.deviceName'),
      dataIndex: 'device_name',
      render: (value: string) => <CellText text={value} width={160} />,
    },
    {
      title: t('devices.user'),
      dataIndex: 'user_name',
      render: (value: string | null) => <CellText text={value} width={120} />,
    },
    {
      title: t('devices.lastOnline'),
      dataIndex: 'last_online',
      render: (value: string | null) => (
        <span style={{ whiteSpace: 'nowrap' }}>{localTimeOfNaiveUtc(value) || '-'}</span>
      ),
    },
  ];

  return (
    <Drawer
      open={group !== null}
      title={group ? t('groups.devicesOf', { name: group.name }) : ''}
      onClose={onClose}
      width="min(760px, 100vw)"
      destroyOnHidden
      extra={
        <Flex gap={8} align="center">
          {selected.length > 0 && (
            <>
              <Typography.Text type="secondary">
                {t('devices.selected', { count: selected.length })}
              </Typography.Text>
              <Button danger onClick={() => open('remove')}>
                {t('groups.removeDevices')}
              </Button>
            </>
          )}
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('add')}>
            {t('groups.addDevices')}
          </Button>
        </Flex>
      }
    >
      <PagedTable
        list={members}
        columns={columns}
        rowKey="guid"
        selection={{ selected, onChange: setSelected }}
        emptyText={t('groups.noMembers')}
        compact
      />
      <FormDialog<{ ids: string }>
        open={dialog === 'add'}
        title={group ? t('groups.addDevicesTo', { name: group.name }) : ''}
        form={form}
        submitText={t('groups.add')}
        pending={change.isPending}
        error={change.error}
        onClose={() => setDialog(null)}
        onSubmit={({ ids }) => apply('add', parsePeerIds(ids).ids)}
      >
        <Form.Item
          name="ids"
          label={t('groups.peerIds')}
          extra={t('groups.peerIdsHelp')}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                const { ids, tooLong } = parsePeerIds(value ?? '');
                if (ids.length === 0) throw new Error(t('groups.peerIdsRequired'));
                if (tooLong.length > 0)
                  throw new Error(t('groups.peerIdsTooLong', { ids: tooLong.join(', ') }));
                if (ids.length > MAX_PEER_IDS)
                  throw new Error(t('groups.peerIdsTooMany', { max: MAX_PEER_IDS }));
              },
            },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} placeholder="123456789, 987654321" />
        </Form.Item>
      </FormDialog>
      <Modal
        open={dialog === 'remove'}
        title={t('groups.confirmRemoveDevices', { count: selected.length, name: group?.name ?? '' })}
        okText={t('groups.removeDevices')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        confirmLoading={change.isPending}
        onCancel={() => setDialog(null)}
        onOk={() =>
          apply(
            'remove',
            selected.map((device) => device.id),
          )
        }
      >
        <ServerErrorAlert error={change.error} />
        <Typography.Paragraph>{t('groups.confirmRemoveText')}</Typography.Paragraph>
        <Flex gap={4} wrap>
          {selected.map((device) => (
            <Typography.Text code key={device.guid}>
              {device.id}
            </Typography.Text>
          ))}
        </Flex>
      </Modal>
    </Drawer>
  );
}
