import { App, Button, Card, Form, Input, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { NumberInput } from '../../components/NumberInput';
import { QueryResult } from '../../components/QueryResult';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import {
  changedSettings,
  isConsoleUrl,
  NUMBER_SETTINGS,
  type NumberSetting,
  type OtherSettings,
  retentionDeletesRecords,
  type ServerSettings,
  SWITCH_SETTINGS,
} from './server-settings';
import { useSettings, useUpdateSettings } from './settings-api';

/** Each switch's title and the sentence that says what it does. */
const SWITCH_TEXT = {
  disable_new_devices: ['settings.disableNewDevices', 'settings.disableNewDevicesHelp'],
  require_deployment: ['settings.requireDeployment', 'settings.requireDeploymentHelp'],
  only_admin_can_access_unassigned_devices: [
    'settings.onlyAdminUnassignedDevices',
    'settings.onlyAdminUnassignedDevicesHelp',
  ],
  disable_accessible_devices: ['settings.disableAccessibleDevices', 'settings.disableAccessibleDevicesHelp'],
  only_admin_can_access_logs: ['settings.onlyAdminLogs', 'settings.onlyAdminLogsHelp'],
  allow_non_admin_share_address_books: ['settings.allowNonAdminShare', 'settings.allowNonAdminShareHelp'],
  allow_sso_local_password: ['settings.allowSsoLocalPassword', 'settings.allowSsoLocalPasswordHelp'],
} as const;

const NUMBER_TEXT = {
  log_retention_days: ['settings.logRetention', 'settings.logRetentionHelp', 'settings.logRetentionInvalid'],
  delete_devices_offline_days: [
    'settings.deleteOfflineDevices',
    'settings.deleteOfflineDevicesHelp',
    'settings.deleteOfflineDevicesInvalid',
  ],
  max_peer_one_ab: ['settings.maxPeers', 'settings.maxPeersHelp', 'settings.maxPeersInvalid'],
  min_password_length: [
    'settings.minPasswordLength',
    'settings.minPasswordLengthHelp',
    'settings.minPasswordLengthInvalid',
  ],
  invite_link_days: [
    'settings.inviteLinkDays',
    'settings.inviteLinkDaysHelp',
    'settings.inviteLinkDaysInvalid',
  ],
} as const;

/** The settings whose lowering deletes data at the next hourly purge: confirmed before they are sent. */
const PURGES = [
  {
    key: 'log_retention_days',
    title: 'settings.retentionConfirm',
    text: 'settings.retentionConfirmText',
  },
  {
    key: 'delete_devices_offline_days',
    title: 'settings.offlineDevicesConfirm',
    text: 'settings.offlineDevicesConfirmText',
  },
] as const;

function pick(settings: ServerSettings): OtherSettings {
  const values = {} as OtherSettings;
  for (const key of SWITCH_SETTINGS) values[key] = settings[key];
  for (const key of Object.keys(NUMBER_SETTINGS) as NumberSetting[]) values[key] = settings[key];
  values.console_url = settings.console_url;
  return values;
}

function OthersForm({ settings }: { settings: ServerSettings }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<OtherSettings>();
  const update = useUpdateSettings();

  const send = (changes: Partial<ServerSettings>) =>
    update.mutate(changes, {
      onSuccess: (saved) => {
        form.setFieldsValue(pick(saved));
        void message.success(t('settings.othersSaved'));
      },
    });

  const save = (values: OtherSettings) => {
    const changes = changedSettings(settings, { ...values, console_url: values.console_url.trim() });
    if (Object.keys(changes).length === 0) {
      void message.info(t('settings.nothingChanged'));
      return;
    }
    const deletions = PURGES.flatMap(({ key, title, text }) => {
      const days = changes[key];
      return days !== undefined && retentionDeletesRecords(settings[key], days)
        ? [{ title: t(title, { days }), text: t(text, { days }) }]
        : [];
    });
    if (deletions.length === 0) {
      send(changes);
      return;
    }
    modal.confirm({
      title: deletions.length === 1 ? deletions[0]?.title : t('settings.deletionsConfirm'),
      content: deletions.map((deletion) => <p key={deletion.title}>{deletion.text}</p>),
      okText: t('common.save'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => send(changes),
    });
  };

  return (
    <Form<OtherSettings>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={pick(settings)}
      onFinish={save}
    >
      <ServerErrorAlert error={update.error} />
      {SWITCH_SETTINGS.map((key) => {
        const [title, help] = SWITCH_TEXT[key];
        return (
          <Form.Item key={key} name={key} label={t(title)} extra={t(help)} valuePropName="checked">
            <Switch />
          </Form.Item>
        );
      })}
      {(Object.keys(NUMBER_SETTINGS) as NumberSetting[]).map((key) => {
        const { min, max } = NUMBER_SETTINGS[key];
        const [title, help, invalid] = NUMBER_TEXT[key];
        return (
          <Form.Item
            key={key}
            name={key}
            label={t(title)}
            extra={t(help)}
            rules={[
              { required: true, message: t(invalid, { min, max }) },
              { type: 'integer', min, max, message: t(invalid, { min, max }) },
            ]}
          >
            {/* No min/max on the control: it would silently change what was typed instead of saying why. */}
            <NumberInput style={{ width: 160 }} />
          </Form.Item>
        );
      })}
      <Form.Item
        name="console_url"
        label={t('settings.consoleUrl')}
        extra={t('settings.consoleUrlHelp')}
        rules={[
          {
            validator: async (_, value: string | undefined) => {
              if (!isConsoleUrl(value ?? '')) throw new Error(t('settings.consoleUrlInvalid'));
            },
          },
        ]}
      >
        <Input placeholder="https://rustdesk.example.com" maxLength={2048} style={{ maxWidth: 480 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={update.isPending}>
        {t('common.save')}
      </Button>
    </Form>
  );
}

/**
 * Settings → Others: the server-wide switches, log retention, the deletion of long-offline devices, the
 * address-book size limit, the password length, and the console URL and invitation validity of mailed links.
 */
export function OthersTab() {
  const { t } = useTranslation();
  const settings = useSettings();
  return (
    <Card title={t('settings.othersTitle')}>
      <Typography.Paragraph type="secondary">{t('settings.othersHelp')}</Typography.Paragraph>
      <QueryResult query={settings}>{(data) => <OthersForm settings={data} />}</QueryResult>
    </Card>
  );
}
