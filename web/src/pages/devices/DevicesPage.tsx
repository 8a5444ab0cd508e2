import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Form, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionUser } from '../../auth/SessionUser';
import { errorText } from '../../components/error-text';
import { FilterBar } from '../../components/list/FilterBar';
import { ChoiceFilter, PatternFilter, PresenceFilter } from '../../components/list/filter-fields';
import { listQuery } from '../../components/list/list-params';
import { usePagedList } from '../../components/list/usePagedList';
import { NumberInput } from '../../components/NumberInput';
import { PageHeader } from '../../components/PageHeader';
import { AssignDialog } from './AssignDialog';
import { DeleteDevicesDialog } from './DeleteDevicesDialog';
import { DeviceDetailsDrawer } from './DeviceDetailsDrawer';
import { DevicesTable } from './DevicesTable';
import {
  DEVICES_LIST,
  type Device,
  type DeviceFilters,
  downloadDevicesCsv,
  EXTRA_DEVICE_FILTERS,
  useBulkDevices,
} from './devices-api';
import { EditDeviceDrawer } from './EditDeviceDrawer';

/** Devices (administrators) or My devices (everyone else: the API returns only theirs). */
export default function DevicesPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const isAdmin = useSessionUser().is_admin;
  const list = usePagedList<Device, DeviceFilters>(DEVICES_LIST);
  const bulk = useBulkDevices();
  const [selected, setSelected] = useState<Device[]>([]);
  const [editing, setEditing] = useState<Device | null>(null);
  const [showing, setShowing] = useState<Device | null>(null);
  const [moreFilters, setMoreFilters] = useState(() =>
    EXTRA_DEVICE_FILTERS.some((key) => list.state.filters[key] !== ''),
  );
  const [dialog, setDialog] = useState<'assign' | 'delete' | null>(null);
  const [exporting, setExporting] = useState(false);
  const guids = useMemo(() => selected.map((device) => device.guid), [selected]);

  const confirmStatus = (action: 'enable' | 'disable') =>
    modal.confirm({
      title: t(action === 'enable' ? 'devices.confirmEnable' : 'devices.confirmDisable', {
        count: selected.length,
      }),
      content: action === 'disable' ? t('devices.confirmDisableText') : undefined,
      okText: t(action === 'enable' ? 'devices.enable' : 'devices.disable'),
      okButtonProps: { danger: action === 'disable' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const { count } = await bulk.mutateAsync({ action, guids });
          void message.success(t('devices.done', { count }));
          setSelected([]);
        } catch (error) {
          void message.error(errorText(error, t));
        }
      },
    });

  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadDevicesCsv(listQuery(list.state));
    } catch (error) {
      void message.error(t('devices.exportFailed', { error: errorText(error, t) }));
    } finally {
      setExporting(false);
    }
  };

  const bulkActions = isAdmin && selected.length > 0 && (
    <Space wrap>
      <Typography.Text type="secondary">{t('devices.selected', { count: selected.length })}</Typography.Text>
      <Button onClick={() => confirmStatus('enable')}>{t('devices.enable')}</Button>
      <Button onClick={() => confirmStatus('disable')}>{t('devices.disable')}</Button>
      <Button onClick={() => setDialog('assign')}>{t('devices.assign')}</Button>
      <Button danger onClick={() => setDialog('delete')}>
        {t('devices.delete')}
      </Button>
    </Space>
  );

  // The filter form renders again only when what it shows changes, not with every page of rows: it
  // reads the list's filters (a dependency) and the list's moves, which stay the same functions.
  const filters = list.state.filters;
  // biome-ignore lint/correctness/useExhaustiveDependencies: filters stands for list (see above)
  const filterBar = useMemo(
    () => (
      <FilterBar list={list}>
        <PatternFilter name="id" label={t('devices.id')} />
        <PatternFilter name="device_name" label={t('devices.deviceName')} />
        {isAdmin && <PatternFilter name="user_name" label={t('devices.user')} />}
        <PatternFilter name="device_group_name" label={t('devices.deviceGroup')} />
        <PresenceFilter />
        {moreFilters && (
          <>
            <PatternFilter name="device_username" label={t('devices.deviceUsername')} />
            {isAdmin && <PatternFilter name="group_name" label={t('devices.userGroup')} />}
            <PatternFilter name="strategy_name" label={t('devices.strategy')} />
            <PatternFilter name="ip" label={t('devices.ip')} />
            <PatternFilter name="version" label={t('devices.version')} />
            <PatternFilter name="note" label={t('devices.note')} />
            <ChoiceFilter
              name="status"
              label={t('devices.status')}
              options={[
                { value: '1', label: t('devices.enabled') },
                { value: '0', label: t('devices.disabled') },
              ]}
            />
            <Form.Item
              name="offline_days"
              label={t('devices.offlineDays')}
              tooltip={t('devices.offlineDaysHelp')}
              // The address bar keeps text; the number input gives and takes numbers.
              getValueProps={(value: string) => ({ value: value === '' ? null : Number(value) })}
              normalize={(value: number | null) => (value === null ? '' : String(value))}
            >
              <NumberInput min={0} max={36_500} precision={0} aria-label={t('devices.offlineDays')} />
            </Form.Item>
          </>
        )}
        <Form.Item>
          <Button type="link" onClick={() => setMoreFilters(!moreFilters)}>
            {moreFilters ? t('devices.fewerFilters') : t('devices.moreFilters')}
          </Button>
        </Form.Item>
      </FilterBar>
    ),
    [filters, isAdmin, moreFilters, t],
  );

  return (
    <>
      <PageHeader
        title={isAdmin ? t('devices.title') : t('devices.myTitle')}
        subtitle={isAdmin ? t('devices.subtitle') : t('devices.mySubtitle')}
        extra={
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()}>
            {t('devices.exportCsv')}
          </Button>
        }
      />
      {filterBar}
      <DevicesTable
        list={list}
        title={t('devices.list')}
        actions={bulkActions}
        selection={isAdmin ? { selected, onChange: setSelected } : undefined}
        onEdit={isAdmin ? setEditing : undefined}
        onShow={setShowing}
      />
      <DeviceDetailsDrawer device={showing} onClose={() => setShowing(null)} />
      <EditDeviceDrawer device={editing} onClose={() => setEditing(null)} />
      <AssignDialog
        guids={guids}
        open={dialog === 'assign'}
        onClose={() => setDialog(null)}
        onDone={() => {
          setDialog(null);
          setSelected([]);
        }}
      />
      <DeleteDevicesDialog
        devices={selected}
        open={dialog === 'delete'}
        onClose={() => setDialog(null)}
        onDone={() => {
          setDialog(null);
          setSelected([]);
        }}
      />
    </>
  );
}
