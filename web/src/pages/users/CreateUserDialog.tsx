import { App, Form, Input } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../components/FormDialog';
import { PasswordFields } from './password-fields';
import { UserFields } from './UserFields';
import { type CreateUserValues, EMPTY_CREATE_VALUES, newUserBody } from './user-forms';
import { useCreateUser } from './users-api';

/** Users → Create: a local account with a password (Invite is the way without one). */
export function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateUserValues>();
  const create = useCreateUser();
  const { reset } = create;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);

  return (
    <FormDialog<CreateUserValues>
      open={open}
      title={t('users.createTitle')}
      form={form}
      submitText={t('users.create')}
      pending={create.isPending}
      error={create.error}
      onClose={onClose}
      onSubmit={(values) =>
        create.mutate(newUserBody(values), {
          onSuccess: (user) => {
            void message.success(t('users.created', { name: user.name }));
            onClose();
          },
        })
      }
    >
      <Form.Item
        name="name"
        label={t('users.name')}
        initialValue={EMPTY_CREATE_VALUES.name}
        extra={t('users.nameHelp')}
        rules={[{ required: true, whitespace: true, message: t('users.nameRequired') }]}
      >
        <Input maxLength={100} autoComplete="off" />
      </Form.Item>
      <PasswordFields label={t('users.password')} />
      <UserFields initial={EMPTY_CREATE_VALUES} />
    </FormDialog>
  );
}
