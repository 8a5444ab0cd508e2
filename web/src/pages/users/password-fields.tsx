import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePasswordLengthRule } from '../account/password-rules';

/**
 * Password and its confirmation, checked against the server's rules before sending. Optional (the
 * Edit form) means empty keeps the current password; then the confirmation is asked only when a
 * new one is typed.
 */
export function PasswordFields({
  label,
  optional = false,
  help,
}: {
  label: string;
  optional?: boolean;
  help?: string;
}) {
  const { t } = useTranslation();
  const lengthRule = usePasswordLengthRule((bounds) => t('users.passwordLength', bounds));
  return (
    <>
      <Form.Item
        name="password"
        initialValue=""
        label={label}
        extra={help}
        rules={[{ required: !optional, message: t('users.passwordRequired') }, lengthRule]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        initialValue=""
        label={t('users.confirmPassword')}
        dependencies={['password']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              const password: string = getFieldValue('password') ?? '';
              if (password === '' && !value) return;
              if (!value) throw new Error(t('users.confirmRequired'));
              if (value !== password) throw new Error(t('users.passwordsDiffer'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
