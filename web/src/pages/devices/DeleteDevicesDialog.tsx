import { Alert, App, Checkbox, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { type Device, useBulkDevices } from './devices-api';

/**
 * Deleting is for disabled devices (Server Pro's rule); when some selected ones are still enabled
 * the dialog says so and offers to disable them first (`force`). The administrator types the ID
 * (one device) or the number of devices (several) to confirm: one confirmation for the whole batch,
 * not one per device as in Server Pro.
 */
export function DeleteDevicesDialog({
  devices,
  open,
  onClose,
  onDone,
}: {
  devices: Device[];
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const bulk = useBulkDevices();
  const [force, setForce] = useState(false);
  const [typed, setTyped] = useState('');
  const expected = devices.length === 1 ? (devices[0]?.id ?? '') : String(devices.length);
  const enabled = devices.filter((device) => device.status === 1).length;
  const { reset } = bulk;
  useEffect(() => {
    if (open) {
      reset();
      setForce(false);
      setTyped('');
    }
  }, [open, reset]);

  return (
    <Modal
      open={open}
      title={t('devices.confirmDelete', { count: devices.length })}
      okText={t('devices.delete')}
      okButtonProps={{ danger: true, disabled: (enabled > 0 && !force) || typed.trim() !== expected }}
      cancelText={t('common.cancel')}
      confirmLoading={bulk.isPending}
      onCancel={onClose}
      onOk={() =>
        bulk.mutate(
          { action: 'delete', guids: devices.map((device) => device.guid), force },
          {
            onSuccess: ({ count }) => {
              void message.success(t('devices.done', { count }));
              onDone();
            },
          },
        )
      }
    >
      <ServerErrorAlert error={bulk.error} />
      <Typography.Paragraph>{t('devices.confirmDeleteText')}</Typography.Paragraph>
      <Typography.Paragraph>
        {devices.map((device) => (
          <Typography.Text code key={device.guid}>
            {device.id}
          </Typography.Text>
        ))}
      </Typography.Paragraph>
      <Typography.Paragraph>
        {t(devices.length === 1 ? 'devices.deleteTypeId' : 'devices.deleteTypeCount', { value: expected })}
      </Typography.Paragraph>
      <Input
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
        aria-label={t(devices.length === 1 ? 'devices.deleteTypeId' : 'devices.deleteTypeCount', {
          value: expected,
        })}
        autoComplete="off"
        style={{ marginBottom: 16 }}
      />
      {enabled > 0 && (
        <Alert
          type="warning"
          showIcon
          message={t('devices.deleteEnabledWarning', { count: enabled })}
          description={
            <Checkbox checked={force} onChange={(event) => setForce(event.target.checked)}>
              {t('devices.deleteForce')}
            </Checkbox>
          }
        />
      )}
    </Modal>
  );
}
