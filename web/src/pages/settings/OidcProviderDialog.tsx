import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Flex, Form, Input, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../components/FormDialog';
import { NumberInput } from '../../components/NumberInput';
import { UserGroupSelect } from '../users/UserGroupSelect';
import {
  locationFields,
  type OidcProvider,
  PROVIDER_KINDS,
  type ProviderFields,
  type ProviderKind,
  useSaveOidcProvider,
} from './oidc-api';

const DEFAULTS: ProviderFields = {
  name: '',
  kind: 'generic',
  issuer: '',
  tenant: '',
  client_id: '',
  client_secret: '',
  scopes: 'openid profile email',
  enabled: true,
  auto_create: true,
  max_users: 0,
  groups_claim: 'groups',
  group_mapping: 'off',
  group_table: [],
};

const ISSUER_HELP_KINDS = ['generic', 'okta', 'auth0', 'gitlab', 'keycloak'] as const;
const hasIssuerHelp = (kind: ProviderKind): kind is (typeof ISSUER_HELP_KINDS)[number] =>
  (ISSUER_HELP_KINDS as readonly string[]).includes(kind);

/** "New auth provider", or the edit of one (`existing`): the name and type are fixed once created. */
export function OidcProviderDialog({
  open,
  existing,
  onClose,
}: {
  open: boolean;
  existing: OidcProvider | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProviderFields>();
  const save = useSaveOidcProvider(existing);
  const kind: ProviderKind = Form.useWatch('kind', form) ?? existing?.kind ?? 'generic';
  const mapping = Form.useWatch('group_mapping', form);
  const location = locationFields(kind);
  const close = () => {
    save.reset();
    onClose();
  };

  return (
    <FormDialog<ProviderFields>
      open={open}
      title={existing ? t('oidc.editTitle', { name: existing.name }) : t('oidc.add')}
      form={form}
      submitText={t('common.save')}
      pending={save.isPending}
      error={save.error}
      onSubmit={(values) =>
        save.mutate(
          { ...DEFAULTS, ...existing, ...values },
          {
            onSuccess: (provider) => {
              void message.success(t('oidc.saved', { name: provider.name }));
              close();
            },
          },
        )
      }
      onClose={close}
    >
      <Form.Item name="kind" label={t('oidc.kind')} initialValue={existing?.kind ?? DEFAULTS.kind}>
        <Select
          disabled={existing !== null}
          options={PROVIDER_KINDS.map((value) => ({ value, label: t(`oidc.kinds.${value}`) }))}
          onChange={(value: ProviderKind) =>
            form.setFieldValue('scopes', value === 'github' ? 'read:user user:email' : DEFAULTS.scopes)
          }
        />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('oidc.name')}
        extra={t('oidc.nameHelp')}
        initialValue={existing?.name ?? ''}
        rules={[{ required: true, whitespace: true, message: t('oidc.nameRequired') }]}
      >
        <Input disabled={existing !== null} maxLength={40} />
      </Form.Item>
      {location === 'issuer' && (
        <Form.Item
          name="issuer"
          label={t('oidc.issuer')}
          extra={hasIssuerHelp(kind) ? t(`oidc.issuerHelp.${kind}`) : undefined}
          initialValue={existing?.issuer ?? ''}
          rules={[{ required: kind !== 'gitlab', whitespace: true, message: t('oidc.issuerRequired') }]}
        >
          <Input maxLength={2048} placeholder="https://" />
        </Form.Item>
      )}
      {location === 'tenant' && (
        <Form.Item
          name="tenant"
          label={t('oidc.tenant')}
          extra={t('oidc.tenantHelp')}
          initialValue={existing?.tenant ?? ''}
          rules={[{ required: true, whitespace: true, message: t('oidc.tenantRequired') }]}
        >
          <Input maxLength={64} placeholder="00000000-0000-0000-0000-000000000000" />
        </Form.Item>
      )}
      <Form.Item
        name="client_id"
        label={t('oidc.clientId')}
        initialValue={existing?.client_id ?? ''}
        rules={[{ required: true, whitespace: true, message: t('oidc.clientIdRequired') }]}
      >
        <Input maxLength={512} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="client_secret"
        label={t('oidc.clientSecret')}
        extra={t('oidc.clientSecretHelp')}
        initialValue=""
      >
        <Input.Password
          maxLength={2048}
          autoComplete="new-password"
          placeholder={existing?.client_secret_set ? t('oidc.clientSecretKept') : undefined}
        />
      </Form.Item>
      <Form.Item name="scopes" label={t('oidc.scopes')} initialValue={existing?.scopes ?? DEFAULTS.scopes}>
        <Input maxLength={1024} />
      </Form.Item>
      <Form.Item name="enabled" valuePropName="checked" initialValue={existing?.enabled ?? true}>
        <Checkbox>{t('oidc.enabled')}</Checkbox>
      </Form.Item>
      <Form.Item
        name="auto_create"
        valuePropName="checked"
        extra={t('oidc.autoCreateHelp')}
        initialValue={existing?.auto_create ?? true}
      >
        <Checkbox>{t('oidc.autoCreate')}</Checkbox>
      </Form.Item>
      <Form.Item
        name="max_users"
        label={t('oidc.maxUsers')}
        extra={t('oidc.maxUsersHelp')}
        initialValue={existing?.max_users ?? 0}
      >
        <NumberInput min={0} max={1_000_000} precision={0} style={{ width: 160 }} />
      </Form.Item>
      {kind !== 'github' && (
        <>
          <Form.Item
            name="groups_claim"
            label={t('oidc.groupsClaim')}
            extra={t('oidc.groupsClaimHelp')}
            initialValue={existing?.groups_claim ?? DEFAULTS.groups_claim}
          >
            <Input maxLength={128} />
          </Form.Item>
          <Form.Item
            name="group_mapping"
            label={t('oidc.groupMapping')}
            extra={t('oidc.mappingHelp')}
            initialValue={existing?.group_mapping ?? 'off'}
          >
            <Radio.Group
              options={[
                { value: 'off', label: t('oidc.mappingOff') },
                { value: 'name', label: t('oidc.mappingName') },
                { value: 'table', label: t('oidc.mappingTable') },
              ]}
            />
          </Form.Item>
          {mapping === 'table' && (
            <Form.List name="group_table" initialValue={existing?.group_table ?? []}>
              {(rows, { add, remove }) => (
                <>
                  {rows.map((row, index) => (
                    <Flex key={row.key} gap={8} align="baseline">
                      <Form.Item
                        name={[row.name, 'value']}
                        style={{ flex: 1 }}
                        rules={[{ required: true, whitespace: true, message: t('oidc.rowRequired') }]}
                      >
                        <Input
                          placeholder={t('oidc.claimValue')}
                          aria-label={t('oidc.claimValue')}
                          maxLength={256}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[row.name, 'group']}
                        style={{ flex: 1 }}
                        rules={[{ required: true, whitespace: true, message: t('oidc.rowRequired') }]}
                      >
                        <UserGroupSelect label={t('oidc.userGroup')} />
                      </Form.Item>
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={t('oidc.removeRow', { n: index + 1 })}
                        onClick={() => remove(row.name)}
                      />
                    </Flex>
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({ value: '', group: '' })}
                    block
                  >
                    {t('oidc.addRow')}
                  </Button>
                </>
              )}
            </Form.List>
          )}
        </>
      )}
    </FormDialog>
  );
}
