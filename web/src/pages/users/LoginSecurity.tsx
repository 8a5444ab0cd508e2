import { App, Button, Descriptions, Flex, Popconfirm, Switch } from 'antd';
import { useEffect, useState } from 'react';
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
  // What the server now holds; the list behind the drawer refreshes on its own.
  const [shown, setShown] = useState(user);
  useEffect(() => setShown(user), [user]);

  const apply = (what: LoginSecurityChange, after: Partial<ManagedUser>) =>
    change
      .mutateAsync({ user: shown, change: what })
      .then(() => {
        setShown((current) => ({ ...current, ...after }));
        void message.success(t('users.loginSecuritySaved', { name: user.name }));
      })
      .catch((error: unknown) => message.error(errorText(error, t)));

  return (
    <Descriptions column={1} size="small" style={{ marginBottom: 16 }} data-testid="login-security">
      <Descriptions.Item label={t('users.tfa')}>
        <Flex vertical gap={4} align="flex-start">
          <TfaState user={shown} t={t} />
          <Flex gap={4} wrap>
            {shown.tfa_enforced ? (
              <Button
                size="small"
                loading={change.isPending}
                onClick={() => apply('stop-requiring-tfa', { tfa_enforced: false })}
              >
                {t('users.stopRequiringTfa')}
              </Button>
            ) : (
              <Button
                size="small"
                loading={change.isPending}
                onClick={() => apply('require-tfa', { tfa_enforced: true })}
              >
                {t('users.requireTfa')}
              </Button>
            )}
            {shown.tfa_enabled && (
              <Popconfirm
                title={t('users.confirmResetTfa', { name: user.name })}
                okText={t('users.resetTfa')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() => apply('reset-tfa', { tfa_enabled: false })}
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
          checked={shown.email_verification}
          loading={change.isPending}
          aria-label={t('users.emailVerification')}
          checkedChildren={t('users.on')}
          unCheckedChildren={t('users.off')}
          onChange={(on) => apply(on ? 'email-on' : 'email-off', { email_verification: on })}
        />
      </Descriptions.Item>
    </Descriptions>
  );
}
