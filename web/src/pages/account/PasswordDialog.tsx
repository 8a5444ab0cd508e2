import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUpdateAccount } from '../../api/account';
import { FormDialog } from '../../components/FormDialog';
import { usePasswordLengthRule } from './password-rules';

interface PasswordValues {
  current_password?: string;
  password: string;
  confirm: string;
}

/**
 * Change your own password: the current one proves it is you (PATCH /api/users/{guid}). An account
 * without one (a single sign-on user, where Settings allow local passwords) sets its first without.
 */
export function PasswordDialog({
  guid,
  hasPassword,
  open,
  onClose,
}: {
  guid: string;
  hasPassword: boolean;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const update = useUpdateAccount(guid);

  const close = () => {
    update.reset();
    onClose();
  };
  const lengthRule = usePasswordLengthRule((bounds) => t('account.passwordLength', bounds));
  const action = hasPassword ? t('account.changePassword') : t('account.setPassword');

  return (
    <FormDialog<PasswordValues>
      open={open}
      title={action}
      form={form}
      submitText={action}
      pending={update.isPending}
      error={update.error}
      onClose={close}
      onSubmit={(values) =>
        update.mutate(
          { current_password: values.current_password, password: values.password },
          {
            onSuccess: () => {
              void message.success(hasPassword ? t('account.passwordChanged') : t('account.passwordSet'));
              close();
            },
          },
        )
      }
    >
      {hasPassword && (
        <Form.Item
          name="current_password"
          label={t('account.currentPassword')}
          rules={[{ required: true, message: t('account.currentPasswordRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
      )}
      <Form.Item
        name="password"
        label={t('account.newPassword')}
        dependencies={['current_password']}
        rules={[
          { required: true, message: t('account.newPasswordRequired') },
          lengthRule,
          ({ getFieldValue }) => ({
            validator: async (_, value: string) => {
              if (value && value === getFieldValue('current_password')) {
                throw new Error(t('account.passwordSameAsCurrent'));
              }
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('account.confirmPassword')}
        dependencies={['password']}
        rules={[
          { required: true, message: t('account.confirmPasswordRequired') },
          ({ getFieldValue }) => ({
            validator: async (_, value: string) => {
              if (value && value !== getFieldValue('password')) throw new Error(t('account.passwordsDiffer'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormDialog>
  );
}
