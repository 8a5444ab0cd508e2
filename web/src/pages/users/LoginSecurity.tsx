import { App, Button, Descriptions, Flex, Popconfirm, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/error-text';
import { TfaState } from './user-columns';
import { type LoginSecurityChange, type ManagedUser, useLoginSecurity } from './users-api';

/**
 * Users → Edit: the user's second login factor, changed at once (not with Save): require 2FA or stop
 * requiring it, reset it, and e-mail login verification on or off.
 */
export function LoginSecurity({ user }: { user: ManagedUser }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const change = useLoginSecurity();
  // The list refreshes after each change, and `user` with it.
  const apply = (what: LoginSecurityChange) =>
    change
      .mutateAsync({ user, change: what })
      .then(() => message.success(t('users.loginSecuritySaved', { name: user.name })))
      .catch((error: unknown) => message.error(errorText(error, t)));

  return (
    <Descriptions column={1} size="small" style={{ marginBottom: 16 }} data-testid="login-security">
      <Descriptions.Item label={t('users.tfa')}>
        <Flex vertical gap={4} align="flex-start">
          <TfaState user={user} t={t} />
          <Flex gap={4} wrap>
            <Button
              size="small"
              loading={change.isPending}
              onClick={() => apply(user.tfa_enforced ? 'stop-requiring-tfa' : 'require-tfa')}
            >
              {user.tfa_enforced ? t('users.stopRequiringTfa') : t('users.requireTfa')}
            </Button>
            {user.tfa_enabled && (
              <Popconfirm
                title={t('users.confirmResetTfa', { name: user.name })}
                okText={t('users.resetTfa')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() => apply('reset-tfa')}
              >
                <Button size="small" danger loading={change.isPending}>
                  {t('users.resetTfa')}
                </Button>
              </Popconfirm>
            )}
          </Flex>
        </Flex>
      </Descriptions.Item>
      <Descriptions.Item label={t('users.emailVerification')}>
        <Switch
          size="small"
          checked={user.email_verification}
          loading={change.isPending}
          aria-label={t('users.emailVerification')}
          checkedChildren={t('users.on')}
          unCheckedChildren={t('users.off')}
          onChange={(on) => apply(on ? 'email-on' : 'email-off')}
        />
      </Descriptions.Item>
    </Descriptions>
  );
}
