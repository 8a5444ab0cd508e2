import { App, Button, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { listQuery } from '../../components/list/list-params';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { DevicePicker, type DevicePickList } from '../devices/DevicePicker';
import { type Device, useBulkDevices } from '../devices/devices-api';
import type { ManagedUser } from './users-api';

/** The largest page the API serves: "select all" reads the matches in pages of this size. */
const FETCH_PAGE_SIZE = 1000;
/** The most devices POST /api/devices/bulk takes at once. */
const MAX_BULK_DEVICES = 10_000;

/**
 * Users → More → Assign devices: finds devices with the device list's filters (`%` wildcards),
 * takes the ticked ones, or every match, and assigns them to the user in one bulk request.
 */
export function AssignDevicesDialog({ user, onClose }: { user: ManagedUser | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  /** The ticked devices, across pages and searches. */
  const [picked, setPicked] = useState<Device[]>([]);
  const [collecting, setCollecting] = useState(false);
  const [collectError, setCollectError] = useState<unknown>(null);
  const bulk = useBulkDevices();

  const { reset } = bulk;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new user starts afresh
  useEffect(() => {
    reset();
    setPicked([]);
    setCollectError(null);
  }, [user?.guid, reset]);

  /** Ticks every device the filters match, reading them a page at a time. */
  const pickAllMatches = async ({ state, query }: DevicePickList) => {
    const total = query.data?.total ?? 0;
    setCollecting(true);
    setCollectError(null);
    try {
      const next = new Map(picked.map((device) => [device.guid, device]));
      for (let page = 1; (page - 1) * FETCH_PAGE_SIZE < total; page++) {
        const { data } = await api.get<Page<Device>>('/api/devices', {
          query: listQuery({ current: page, pageSize: FETCH_PAGE_SIZE, filters: state.filters }),
        });
        for (const device of data) next.set(device.guid, device);
        if (data.length < FETCH_PAGE_SIZE) break;
      }
      setPicked([...next.values()]);
    } catch (error) {
      setCollectError(error);
    } finally {
      setCollecting(false);
    }
  };

  const assign = () => {
    if (!user || picked.length === 0) return;
    bulk.mutate(
      {
        action: 'assign',
        guids: picked.map((device) => device.guid),
        assign: { user_name: user.name },
      },
      {
        onSuccess: ({ count }) => {
          void message.success(t('users.assigned', { count, name: user.name }));
          onClose();
        },
      },
    );
  };

  const tooMany = picked.length > MAX_BULK_DEVICES;
  const selectAll = (list: DevicePickList) => {
    const total = list.query.data?.total ?? 0;
    return (
      <>
        <Button onClick={() => setPicked([])} disabled={picked.length === 0}>
          {t('users.clearSelection')}
        </Button>
        {total > MAX_BULK_DEVICES ? (
          <Typography.Text type="secondary">
            {t('users.narrowFilters', { max: MAX_BULK_DEVICES })}
          </Typography.Text>
        ) : (
          <Button onClick={() => void pickAllMatches(list)} loading={collecting} disabled={total === 0}>
            {t('users.selectAllMatches', { count: total })}
          </Button>
        )}
      </>
    );
  };

  return (
    <Modal
      open={user !== null}
      title={user ? t('users.assignTitle', { name: user.name }) : ''}
      width={960}
      okText={t('users.assignSubmit', { count: picked.length })}
      okButtonProps={{ disabled: picked.length === 0 || tooMany }}
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
      <DevicePicker
        name="assign-devices"
        selected={picked}
        onChange={setPicked}
        title={
          <Typography.Text type={tooMany ? 'danger' : 'secondary'}>
            {tooMany
              ? t('users.tooManyDevices', { count: picked.length, max: MAX_BULK_DEVICES })
              : t('devices.selected', { count: picked.length })}
          </Typography.Text>
        }
        actions={selectAll}
      />
    </Modal>
  );
}
