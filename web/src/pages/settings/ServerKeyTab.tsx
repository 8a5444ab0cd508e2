import { Alert, App, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CopyableValue } from '../../components/CopyableValue';
import { QueryResult } from '../../components/QueryResult';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { isServerPublicKey, type ServerSettings } from './server-settings';
import { useSettings, useUpdateSettings } from './settings-api';

interface KeyValues {
  server_public_key: string;
}

function ServerKeyForm({ settings }: { settings: ServerSettings }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<KeyValues>();
  const update = useUpdateSettings();

  const store = (key: string) =>
    update.mutate(
      { server_public_key: key },
      {
        onSuccess: (saved) => {
          form.setFieldsValue({ server_public_key: saved.server_public_key });
          void message.success(t(saved.server_public_key ? 'settings.keySaved' : 'settings.keyCleared'));
        },
      },
    );

  const save = ({ server_public_key }: KeyValues) => {
    const key = (server_public_key ?? '').trim();
    if (key !== '' || settings.server_public_key === '') {
      store(key);
      return;
    }
    // Removing the key makes clients stop checking the server: ask first.
    modal.confirm({
      title: t('settings.keyClearConfirm'),
      content: t('settings.keyClearConfirmText'),
      okText: t('settings.keyClear'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => store(''),
    });
  };

  return (
    <Flex vertical gap={16}>
      {settings.server_public_key ? (
        <div>
          <Typography.Text strong>{t('settings.keyCurrent')}</Typography.Text>
          <CopyableValue value={settings.server_public_key} label={t('settings.keyCurrent')} />
        </div>
      ) : (
        <Alert
          type="warning"
          showIcon
          message={t('settings.keyNone')}
          description={t('settings.keyNoneHelp')}
        />
      )}
      <Form<KeyValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ server_public_key: settings.server_public_key }}
        onFinish={save}
      >
        <ServerErrorAlert error={update.error} />
        <Form.Item
          name="server_public_key"
          label={t('settings.keyLabel')}
          extra={t('settings.keyFieldHelp')}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                const key = (value ?? '').trim();
                if (key !== '' && !isServerPublicKey(key)) throw new Error(t('settings.keyInvalid'));
              },
            },
          ]}
        >
          <Input
            maxLength={100}
            autoComplete="off"
            spellCheck={false}
            style={{ fontFamily: 'monospace', maxWidth: 520 }}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Flex>
  );
}

/** The key read from hbbs's id_ed25519.pub (--hbbs-key-file): shown, not editable. */
function KeyFromFile({ settings }: { settings: ServerSettings }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={16}>
      <Alert
        type="info"
        showIcon
        message={t('settings.keyFromFile')}
        description={t('settings.keyFromFileHelp')}
      />
      <div>
        <Typography.Text strong>{t('settings.keyCurrent')}</Typography.Text>
        <CopyableValue value={settings.server_public_key} label={t('settings.keyCurrent')} />
      </div>
    </Flex>
  );
}

/** Settings → Key: the rendezvous server's public key that clients check the server against. */
export function ServerKeyTab() {
  const { t } = useTranslation();
  const settings = useSettings();
  return (
    <Card title={t('settings.keyTitle')}>
      <Typography.Paragraph type="secondary">{t('settings.keyHelp')}</Typography.Paragraph>
      <QueryResult query={settings}>
        {(data) =>
          data.server_public_key_source === 'environment' ? (
            <KeyFromFile settings={data} />
          ) : (
            <ServerKeyForm settings={data} />
          )
        }
      </QueryResult>
    </Card>
  );
}
