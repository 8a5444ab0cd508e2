import { App, Button, Drawer, Flex, Form, Input, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NamePicker } from '../../components/NamePicker';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { type Device, useEditDevice } from './devices-api';

interface EditValues {
  user_name: string;
  device_group_name: string;
  strategy_name: string;
  note: string;
  device_name: string;
  device_username: string;
}

/** Only what strategy the device itself carries can be edited here; inherited ones show as help. */
function ownStrategy(device: Device): string {
  return device.strategy_source === 'device' ? (device.strategy_name ?? '') : '';
}

function initialValues(device: Device): EditValues {
  return {
    user_name: device.user_name ?? '',
    device_group_name: device.device_group_name ?? '',
    strategy_name: ownStrategy(device),
    note: device.note,
    // The list shows the reported name when none is set; the form keeps them apart.
    device_name: device.device_name === device.hostname ? '' : device.device_name,
    device_username: device.device_username === device.username ? '' : device.device_username,
  };
}

/** Devices → Edit: assignments, note and names of one device; the server's refusal shows inside. */
export function EditDeviceDrawer({ device, onClose }: { device: Device | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const edit = useEditDevice();

  // A refusal for the last device is not this one's.
  const { reset } = edit;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the device identity is the trigger
  useEffect(() => reset(), [device?.guid, reset]);

  const submit = (values: EditValues) => {
    if (!device) return;
    const name = (value: string) => (value.trim() === '' ? null : value.trim());
    edit.mutate(
      {
        guid: device.guid,
        changes: {
          user_name: name(values.user_name),
          device_group_name: name(values.device_group_name),
          strategy_name: name(values.strategy_name),
          note: values.note,
          device_name: values.device_name.trim(),
          device_username: values.device_username.trim(),
        },
      },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          onClose();
        },
      },
    );
  };

  return (
    <Drawer
      open={device !== null}
      title={device ? t('devices.editTitle', { id: device.id }) : ''}
      onClose={onClose}
      width={440}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={edit.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <ServerErrorAlert error={edit.error} />
      <Typography.Paragraph type="secondary">{t('devices.editHelp')}</Typography.Paragraph>
      <Form<EditValues>
        key={device?.guid}
        // Field ids must not collide with the filter bar's fields of the same names.
        name="device-edit"
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={device ? initialValues(device) : undefined}
      >
        <Form.Item name="user_name" label={t('devices.user')}>
          <NamePicker kind="user" label={t('devices.user')} />
        </Form.Item>
        <Form.Item name="device_group_name" label={t('devices.deviceGroup')}>
          <NamePicker kind="deviceGroup" label={t('devices.deviceGroup')} />
        </Form.Item>
        <Form.Item
          name="strategy_name"
          label={t('devices.strategy')}
          extra={
            device?.strategy_name && device.strategy_source !== 'device'
              ? `${device.strategy_name} (${device.strategy_source === 'user' ? t('devices.sourceUser') : t('devices.sourceDeviceGroup')})`
              : undefined
          }
        >
          <NamePicker kind="strategy" label={t('devices.strategy')} />
        </Form.Item>
        <Form.Item name="note" label={t('devices.note')}>
          <Input.TextArea maxLength={1024} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Form.Item
          name="device_name"
          label={t('devices.deviceName')}
          extra={device ? t('devices.nameHint', { value: device.hostname || '-' }) : undefined}
        >
          <Input maxLength={256} />
        </Form.Item>
        <Form.Item
          name="device_username"
          label={t('devices.deviceUsername')}
          extra={device ? t('devices.nameHint', { value: device.username || '-' }) : undefined}
        >
          <Input maxLength={256} />
        </Form.Item>
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
    </Drawer>
  );
}
