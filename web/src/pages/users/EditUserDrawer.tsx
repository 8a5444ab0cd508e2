import { Alert, App, Button, Descriptions, Drawer, Flex, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionUser } from '../../auth/SessionUser';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { localTimeOfSeconds } from '../../components/time';
import { LoginSecurity } from './LoginSecurity';
import { PasswordFields } from './password-fields';
import { UserFields } from './UserFields';
import { SsoTag, StatusBadge } from './user-columns';
import { type EditUserValues, editValuesOf, userChanges } from './user-forms';
import { type ManagedUser, useUpdateUser } from './users-api';

/**
 * Users → Edit: profile, group, administrator right and optionally a new password. The name is
 * fixed once created; 2FA and e-mail verification are changed at once (LoginSecurity).
 */
export function EditUserDrawer({ user, onClose }: { user: ManagedUser | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditUserValues>();
  const update = useUpdateUser();
  const isSelf = useSessionUser().guid === user?.guid;
  const [unchanged, setUnchanged] = useState(false);
  const newPassword = Form.useWatch('password', form) ?? '';

  // A refusal for the last user is not this one's.
  const { reset } = update;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the user identity is the trigger
  useEffect(() => {
    reset();
    setUnchanged(false);
  }, [user?.guid, reset]);

  const submit = (values: EditUserValues) => {
    if (!user) return;
    const changes = userChanges(user, values, isSelf);
    setUnchanged(Object.keys(changes).length === 0);
    if (Object.keys(changes).length === 0) return;
    update.mutate(
      { guid: user.guid, changes },
      {
        onSuccess: () => {
          void message.success(t('users.saved', { name: user.name }));
          onClose();
        },
      },
    );
  };

  return (
    <Drawer
      open={user !== null}
      title={user ? t('users.editTitle', { name: user.name }) : ''}
      onClose={onClose}
      width={460}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={update.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      {user && (
        <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('users.name')}>
            <Typography.Text strong>{user.name}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('users.status')}>
            <StatusBadge status={user.status} t={t} />
          </Descriptions.Item>
          <Descriptions.Item label={t('users.signIn')}>
            {user.auth_source === '' ? (
              t('users.localAccount')
            ) : (
              <>
                <SsoTag source={user.auth_source} t={t} />
                {user.local_password && t('users.alsoLocalPassword')}
              </>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('users.createdAt')}>
            {localTimeOfSeconds(user.created_at)}
          </Descriptions.Item>
        </Descriptions>
      )}
      {user && <LoginSecurity user={user} />}
      <ServerErrorAlert error={update.error} />
      {unchanged && (
        <Alert type="info" showIcon message={t('users.noChanges')} style={{ marginBottom: 16 }} />
      )}
      <Form<EditUserValues>
        key={user?.guid}
        // Field ids must not collide with the filter bar's fields of the same names.
        name="user-edit"
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={user ? editValuesOf(user) : undefined}
      >
        <UserFields adminWarning={isSelf ? t('users.adminSelfWarning') : undefined} />
        <PasswordFields label={t('users.newPassword')} optional help={t('users.newPasswordHelp')} />
        {isSelf && user?.local_password && newPassword !== '' && (
          <Form.Item
            name="current_password"
            label={t('users.currentPassword')}
            extra={t('users.currentPasswordHelp')}
            rules={[{ required: true, message: t('users.currentPasswordRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
        )}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
    </Drawer>
  );
}
