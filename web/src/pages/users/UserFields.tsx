import { Checkbox, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { UserGroupSelect } from './UserGroupSelect';
import type { CreateUserValues } from './user-forms';

type SharedValues = Pick<CreateUserValues, 'display_name' | 'email' | 'group_name' | 'is_admin' | 'note'>;

/**
 * The fields Create and Edit share: display name, e-mail, group, administrator, note. `initial`
 * fills them where the form itself has no initial values (a FormDialog).
 */
export function UserFields({ initial, adminWarning }: { initial?: SharedValues; adminWarning?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="display_name" initialValue={initial?.display_name} label={t('users.displayName')}>
        <Input maxLength={100} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="email"
        initialValue={initial?.email}
        label={t('users.email')}
        rules={[{ type: 'email', message: t('users.emailInvalid') }]}
      >
        <Input type="email" maxLength={254} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="group_name"
        initialValue={initial?.group_name}
        label={t('users.group')}
        rules={[{ required: true, message: t('users.groupRequired') }]}
      >
        <UserGroupSelect label={t('users.group')} />
      </Form.Item>
      <Form.Item
        name="is_admin"
        initialValue={initial?.is_admin}
        valuePropName="checked"
        extra={adminWarning ?? t('users.adminHelp')}
      >
        <Checkbox>{t('users.administrator')}</Checkbox>
      </Form.Item>
      <Form.Item name="note" initialValue={initial?.note} label={t('users.note')}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
    </>
  );
}
