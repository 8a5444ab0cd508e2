import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  type FormRule,
  Input,
  Radio,
  Switch,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/error-text';
import { NumberInput } from '../../components/NumberInput';
import { QueryResult } from '../../components/QueryResult';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { type LdapChanges, type LdapView, useLdapSettings, useLdapTest, useUpdateLdap } from './settings-api';

type LdapForm = Omit<LdapView, 'bind_password_set'> & { bind_password: string };

function formOf(ldap: LdapView): LdapForm {
  const { bind_password_set: _, ...fields } = ldap;
  return { ...fields, bind_password: '' };
}

/** The form as the API takes it; an empty bind password is left out, so the stored one is kept. */
function changesOf(values: LdapForm): LdapChanges {
  const { bind_password, ...fields } = values;
  return bind_password === '' ? fields : values;
}

function LdapSettingsForm({ ldap }: { ldap: LdapView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<LdapForm>();
  const update = useUpdateLdap();
  const test = useLdapTest();
  const enabled = Form.useWatch('enabled', form) ?? ldap.enabled;
  const groupSource = Form.useWatch('group_source', form) ?? ldap.group_source;
  // The server checks the same; saying it beside the field is quicker than its 400.
  const requiredWhileEnabled: FormRule[] = enabled
    ? [{ required: true, message: t('settings.ldapRequired') }]
    : [];

  // The store, not onFinish's values: the group fields keep their values while they are hidden.
  const values = () => changesOf(form.getFieldsValue(true));

  const save = () => {
    test.reset();
    update.mutate(values(), {
      onSuccess: ({ settings, test: tested }) => {
        form.setFieldsValue(formOf(settings));
        void message.success(
          tested === null
            ? t('settings.ldapSaved')
            : t('settings.ldapSavedTested', { count: tested.entries }),
        );
      },
    });
  };

  const reset = () => {
    form.setFieldsValue(formOf(ldap));
    update.reset();
    test.reset();
  };

  return (
    <Form<LdapForm>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={formOf(ldap)}
      onFinish={save}
      style={{ maxWidth: 560 }}
    >
      <ServerErrorAlert error={update.error} />
      <Form.Item
        name="enabled"
        label={t('settings.ldapEnabled')}
        extra={t('settings.ldapEnabledHelp')}
        valuePropName="checked"
      >
        <Switch />
      </Form.Item>
      <Form.Item
        name="host"
        label={t('settings.ldapHost')}
        extra={t('settings.ldapHostHelp')}
        rules={requiredWhileEnabled}
      >
        <Input placeholder="ldaps://ldap.example.com" />
      </Form.Item>
      <Form.Item
        name="port"
        label={t('settings.ldapPort')}
        extra={t('settings.ldapPortHelp')}
        rules={[
          { required: true, type: 'integer', min: 0, max: 65535, message: t('settings.ldapPortInvalid') },
        ]}
      >
        <NumberInput style={{ width: 160 }} />
      </Form.Item>
      <Form.Item
        name="base_dn"
        label={t('settings.ldapBaseDn')}
        extra={t('settings.ldapBaseDnHelp')}
        rules={requiredWhileEnabled}
      >
        <Input placeholder="ou=people,dc=example,dc=com" />
      </Form.Item>
      <Form.Item name="scope" label={t('settings.ldapScope')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'one', label: t('settings.ldapScopeOne') },
            { value: 'sub', label: t('settings.ldapScopeSub') },
          ]}
        />
      </Form.Item>
      <Form.Item name="bind_dn" label={t('settings.ldapBindDn')} extra={t('settings.ldapBindDnHelp')}>
        <Input placeholder="cn=rdconsole,ou=services,dc=example,dc=com" autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="bind_password"
        label={t('settings.ldapBindPassword')}
        extra={t('settings.ldapBindPasswordHelp')}
      >
        <Input.Password
          autoComplete="new-password"
          placeholder={ldap.bind_password_set ? t('settings.ldapBindPasswordKept') : undefined}
        />
      </Form.Item>
      <Form.Item name="filter" label={t('settings.ldapFilter')} extra={t('settings.ldapFilterHelp')}>
        <Input placeholder="(objectClass=person)" />
      </Form.Item>
      <Form.Item
        name="username_attribute"
        label={t('settings.ldapUsernameAttribute')}
        extra={t('settings.ldapUsernameAttributeHelp')}
      >
        <Input placeholder="uid" />
      </Form.Item>
      <Form.Item name="start_tls" valuePropName="checked" extra={t('settings.ldapStartTlsHelp')}>
        <Checkbox>{t('settings.ldapStartTls')}</Checkbox>
      </Form.Item>
      <Form.Item name="no_tls_verify" valuePropName="checked" extra={t('settings.ldapNoTlsVerifyHelp')}>
        <Checkbox>{t('settings.ldapNoTlsVerify')}</Checkbox>
      </Form.Item>
      <Form.Item name="auto_create" valuePropName="checked" extra={t('settings.ldapAutoCreateHelp')}>
        <Checkbox>{t('settings.ldapAutoCreate')}</Checkbox>
      </Form.Item>
      <Form.Item
        name="group_source"
        label={t('settings.ldapGroupSource')}
        extra={t('settings.ldapGroupSourceHelp')}
      >
        <Radio.Group
          optionType="button"
          options={[
            { value: 'none', label: t('settings.ldapGroupSourceNone') },
            { value: 'member_of', label: t('settings.ldapGroupSourceMemberOf') },
            { value: 'search', label: t('settings.ldapGroupSourceSearch') },
          ]}
        />
      </Form.Item>
      {groupSource === 'search' && (
        <>
          <Form.Item
            name="group_base_dn"
            label={t('settings.ldapGroupBaseDn')}
            extra={t('settings.ldapGroupBaseDnHelp')}
            rules={requiredWhileEnabled}
          >
            <Input placeholder="ou=groups,dc=example,dc=com" />
          </Form.Item>
          <Form.Item
            name="group_filter"
            label={t('settings.ldapGroupFilter')}
            extra={t('settings.ldapGroupFilterHelp')}
          >
            <Input />
          </Form.Item>
        </>
      )}
      <Flex gap={8} wrap>
        <Button onClick={reset}>{t('settings.ldapReset')}</Button>
        <Button
          loading={test.isPending}
          onClick={() =>
            form.validateFields().then(
              () => test.mutate(values()),
              () => undefined,
            )
          }
        >
          {t('settings.ldapTest')}
        </Button>
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          {t('settings.ldapSubmit')}
        </Button>
      </Flex>
      {test.isSuccess && (
        <Alert
          type="success"
          showIcon
          role="status"
          style={{ marginTop: 16 }}
          message={t('settings.ldapTestOk', { count: test.data.entries })}
        />
      )}
      {test.isError && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginTop: 16 }}
          message={errorText(test.error, t)}
        />
      )}
    </Form>
  );
}

/** Settings → LDAP: the directory users log in through, tested before it is saved. */
export function LdapTab() {
  const { t } = useTranslation();
  const ldap = useLdapSettings();
  return (
    <Card title={t('settings.ldapTitle')}>
      <Typography.Paragraph type="secondary">{t('settings.ldapHelp')}</Typography.Paragraph>
      <QueryResult query={ldap}>{(data) => <LdapSettingsForm ldap={data} />}</QueryResult>
    </Card>
  );
}
