import { Checkbox, Col, Form, Input, InputNumber, Row, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../components/FormDialog';
import { NamePicker } from '../../components/NamePicker';
import {
  type CustomClient,
  type CustomClientChanges,
  PLATFORMS,
  useDefaults,
  useSaveCustomClient,
} from './custom-clients-api';
import { OptionsEditor } from './OptionsEditor';

type Values = Omit<CustomClientChanges, 'password'> & { use_password: boolean; password?: string };

const PLATFORM_LABELS = {
  windows: 'customClients.platformWindows',
  linux: 'customClients.platformLinux',
  macos: 'customClients.platformMacos',
} as const;

/** Creates a package (`editing` null) or edits one. */
export function PackageDialog({
  open,
  editing,
  onClose,
}: {
  open: boolean;
  editing: CustomClient | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveCustomClient();
  const defaults = useDefaults(open && editing === null);
  const usePassword = Form.useWatch('use_password', form);

  useEffect(() => {
    if (!open) return;
    if (editing) {
      form.setFieldsValue({ ...editing, use_password: editing.has_password, password: '' });
    } else if (defaults.data) {
      form.setFieldsValue({ ...defaults.data });
    }
  }, [open, editing, defaults.data, form]);

  const submit = ({ use_password, password, ...values }: Values) => {
    const changes: CustomClientChanges = {
      ...values,
      note: values.note ?? '',
      relay: values.relay ?? '',
      key: values.key ?? '',
      default_options: values.default_options ?? {},
      override_options: values.override_options ?? {},
      assignments: Object.fromEntries(
        Object.entries(values.assignments ?? {}).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
      ),
      // Off: no password; on and left empty while editing: keep the stored one.
      password: use_password ? password || undefined : null,
    };
    save.mutate({ guid: editing?.guid ?? null, changes }, { onSuccess: onClose });
  };

  return (
    <FormDialog<Values>
      open={open}
      title={editing ? `${t('customClients.edit')}: ${editing.name}` : t('customClients.create')}
      form={form}
      submitText={t('common.save')}
      pending={save.isPending}
      error={save.error}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item
        name="name"
        label={t('customClients.name')}
        rules={[{ required: true, whitespace: true, message: t('customClients.required') }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="note" label={t('customClients.note')}>
        <Input.TextArea maxLength={1024} autoSize={{ minRows: 1, maxRows: 4 }} />
      </Form.Item>
      <Form.Item
        name="platforms"
        label={t('customClients.platforms')}
        initialValue={[...PLATFORMS]}
        rules={[{ required: true, message: t('customClients.required') }]}
      >
        <Checkbox.Group options={PLATFORMS.map((p) => ({ value: p, label: t(PLATFORM_LABELS[p]) }))} />
      </Form.Item>
      <Typography.Title level={5}>{t('customClients.server')}</Typography.Title>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            name="host"
            label={t('customClients.host')}
            rules={[{ required: true, message: t('customClients.required') }]}
          >
            <Input spellCheck={false} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="relay" label={t('customClients.relay')}>
            <Input spellCheck={false} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="api"
        label={t('customClients.api')}
        rules={[{ required: true, message: t('customClients.required') }]}
      >
        <Input spellCheck={false} />
      </Form.Item>
      <Form.Item name="key" label={t('customClients.key')}>
        <Input spellCheck={false} />
      </Form.Item>
      <Form.Item
        name="use_password"
        label={t('customClients.passwordSet')}
        valuePropName="checked"
        initialValue={false}
      >
        <Switch />
      </Form.Item>
      {usePassword ? (
        <Form.Item
          name="password"
          label={t('customClients.password')}
          extra={t('customClients.passwordHelp')}
          rules={[{ required: !editing?.has_password, min: 6, max: 128 }]}
        >
          <Input.Password
            autoComplete="new-password"
            placeholder={editing?.has_password ? t('customClients.passwordKeep') : undefined}
          />
        </Form.Item>
      ) : null}
      <Form.Item
        name="default_options"
        label={t('customClients.defaultOptions')}
        extra={t('customClients.defaultOptionsHelp')}
      >
        <OptionsEditor label={t('customClients.defaultOptions')} />
      </Form.Item>
      <Form.Item
        name="override_options"
        label={t('customClients.overrideOptions')}
        extra={t('customClients.overrideOptionsHelp')}
      >
        <OptionsEditor label={t('customClients.overrideOptions')} />
      </Form.Item>
      <Typography.Title level={5}>{t('customClients.assignments')}</Typography.Title>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name={['assignments', 'user_name']} label={t('customClients.user')}>
            <NamePicker kind="user" label={t('customClients.user')} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={['assignments', 'strategy_name']} label={t('customClients.strategy')}>
            <NamePicker kind="strategy" label={t('customClients.strategy')} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={['assignments', 'device_group_name']} label={t('customClients.deviceGroup')}>
            <NamePicker kind="deviceGroup" label={t('customClients.deviceGroup')} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={['assignments', 'address_book_name']} label={t('customClients.addressBook')}>
            <NamePicker kind="addressBook" label={t('customClients.addressBook')} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['assignments', 'address_book_tag']} label={t('customClients.addressBookTag')}>
            <Input maxLength={256} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['assignments', 'address_book_alias']} label={t('customClients.addressBookAlias')}>
            <Input maxLength={256} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['assignments', 'address_book_note']} label={t('customClients.addressBookNote')}>
            <Input maxLength={256} />
          </Form.Item>
        </Col>
      </Row>
      {editing === null ? (
        <Form.Item
          name="token_expires_in_days"
          label={t('customClients.tokenDays')}
          extra={t('customClients.tokenDaysHelp')}
          initialValue={30}
        >
          <InputNumber min={1} max={365} precision={0} />
        </Form.Item>
      ) : null}
    </FormDialog>
  );
}
