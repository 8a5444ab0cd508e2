import { App, Form, Input, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../components/FormDialog';
import { UserGroupSelect } from './UserGroupSelect';
import { DEFAULT_GROUP } from './user-forms';
import { type Invitation, useInviteUser } from './users-api';

/** Users → Invite: the user is created unverified and sets their own password through a mailed link. */
export function InviteUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Invitation>();
  const invite = useInviteUser();
  const { reset } = invite;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);

  return (
    <FormDialog<Invitation>
      open={open}
      title={t('users.inviteTitle')}
      form={form}
      submitText={t('users.invite')}
      pending={invite.isPending}
      error={invite.error}
      onClose={onClose}
      onSubmit={(values) =>
        invite.mutate(
          {
            name: values.name.trim(),
            email: values.email.trim(),
            group_name: values.group_name,
            ...(values.note?.trim() ? { note: values.note.trim() } : {}),
          },
          {
            onSuccess: (user) => {
              void message.success(t('users.invited', { email: user.email }));
              onClose();
            },
          },
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('users.inviteHelp')}</Typography.Paragraph>
      <Form.Item
        name="email"
        initialValue=""
        label={t('users.email')}
        rules={[
          { required: true, whitespace: true, message: t('users.emailRequired') },
          { type: 'email', message: t('users.emailInvalid') },
        ]}
      >
        <Input type="email" maxLength={254} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="name"
        initialValue=""
        label={t('users.name')}
        extra={t('users.nameHelp')}
        rules={[{ required: true, whitespace: true, message: t('users.nameRequired') }]}
      >
        <Input maxLength={100} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="group_name"
        initialValue={DEFAULT_GROUP}
        label={t('users.group')}
        rules={[{ required: true, message: t('users.groupRequired') }]}
      >
        <UserGroupSelect label={t('users.group')} />
      </Form.Item>
      <Form.Item name="note" initialValue="" label={t('users.note')}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
    </FormDialog>
  );
}
