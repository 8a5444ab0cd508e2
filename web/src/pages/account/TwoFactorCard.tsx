import { Alert, App, Badge, Button, Card, Descriptions, Flex, Modal, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpdateAccount } from '../../api/account';
import { useSessionUser } from '../../auth/SessionUser';
import { QueryResult } from '../../components/QueryResult';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { localTimeOfSeconds } from '../../components/time';
import { BackupCodesView } from './BackupCodesView';
import { CodeDialog } from './CodeDialog';
import { EnrolDialog } from './EnrolDialog';
import { useDisableTfa, useRegenerateBackupCodes, useStartEnrolment, useTfaStatus } from './tfa-api';

type Open = 'enrol' | 'renew' | 'disable' | 'backup-codes' | null;

/**
 * Account → Two-factor authentication: its state, and set up, renew, new backup codes, disable; and
 * e-mail login verification, which TOTP supersedes.
 */
export function TwoFactorCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useSessionUser();
  const updateAccount = useUpdateAccount(user.guid);
  const status = useTfaStatus();
  const start = useStartEnrolment();
  const disable = useDisableTfa();
  const regenerate = useRegenerateBackupCodes();
  const [open, setOpen] = useState<Open>(null);
  const close = () => {
    for (const mutation of [start, disable, regenerate]) mutation.reset();
    setOpen(null);
  };

  return (
    <Card title={t('tfa.title')} data-testid="tfa-card">
      <QueryResult query={status} rows={2}>
        {(tfa) => (
          <Flex vertical gap={16}>
            {tfa.enforced && tfa.state === 'disabled' && (
              <Alert type="warning" showIcon message={t('tfa.required')} data-testid="tfa-required" />
            )}
            {tfa.state === 'expired' && <Alert type="info" showIcon message={t('tfa.expiredAdvice')} />}
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('tfa.state')}>
                <Badge
                  status={
                    tfa.state === 'enabled' ? 'success' : tfa.state === 'expired' ? 'warning' : 'default'
                  }
                  text={t(`tfa.states.${tfa.state}`)}
                  data-testid="tfa-state"
                />
              </Descriptions.Item>
              {tfa.enrolled_at !== null && (
                <Descriptions.Item label={t('tfa.enrolledAt')}>
                  {localTimeOfSeconds(tfa.enrolled_at)}
                </Descriptions.Item>
              )}
              {tfa.state !== 'disabled' && (
                <Descriptions.Item label={t('tfa.backupCodesLeft')}>
                  {tfa.backup_codes_left}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('tfa.emailVerification')}>
                <Flex vertical gap={4}>
                  <Switch
                    aria-label={t('tfa.emailVerification')}
                    checked={user.info.email_verification === true}
                    disabled={tfa.state !== 'disabled'}
                    loading={updateAccount.isPending}
                    onChange={(on) =>
                      updateAccount.mutate(
                        { email_verification: on },
                        { onSuccess: () => void message.success(t('tfa.emailVerificationSaved')) },
                      )
                    }
                    style={{ alignSelf: 'flex-start' }}
                  />
                  <Typography.Text type="secondary">
                    {tfa.state === 'disabled'
                      ? t('tfa.emailVerificationHelp')
                      : t('tfa.emailVerificationSuperseded')}
                  </Typography.Text>
                </Flex>
              </Descriptions.Item>
            </Descriptions>
            <ServerErrorAlert error={updateAccount.error} />
            {tfa.state === 'disabled' ? (
              <Button
                type="primary"
                style={{ alignSelf: 'flex-start' }}
                onClick={() => {
                  start.mutate(undefined);
                  setOpen('enrol');
                }}
              >
                {t('tfa.setUp')}
              </Button>
            ) : (
              <Flex gap={8} wrap>
                <Button
                  type={tfa.state === 'expired' ? 'primary' : 'default'}
                  onClick={() => setOpen('renew')}
                >
                  {t('tfa.renew')}
                </Button>
                <Button onClick={() => setOpen('backup-codes')}>{t('tfa.newBackupCodes')}</Button>
                {!tfa.enforced && (
                  <Button danger onClick={() => setOpen('disable')}>
                    {t('tfa.disable')}
                  </Button>
                )}
              </Flex>
            )}
          </Flex>
        )}
      </QueryResult>
      {(open === 'enrol' || open === 'renew') && (
        <EnrolDialog start={start} renewing={open === 'renew'} onClose={close} />
      )}
      {open === 'disable' && (
        <CodeDialog
          title={t('tfa.disable')}
          submitText={t('tfa.disable')}
          pending={disable.isPending}
          error={disable.error}
          onSubmit={(code) =>
            disable.mutate(code, {
              onSuccess: () => {
                void message.success(t('tfa.disabled'));
                close();
              },
            })
          }
          onClose={close}
        />
      )}
      {open === 'backup-codes' && !regenerate.data && (
        <CodeDialog
          title={t('tfa.newBackupCodes')}
          submitText={t('tfa.newBackupCodes')}
          pending={regenerate.isPending}
          error={regenerate.error}
          onSubmit={(code) => regenerate.mutate(code)}
          onClose={close}
        />
      )}
      {open === 'backup-codes' && regenerate.data && (
        <Modal
          open
          title={t('tfa.newBackupCodes')}
          onCancel={close}
          footer={
            <Button type="primary" onClick={close}>
              {t('tfa.done')}
            </Button>
          }
        >
          <BackupCodesView codes={regenerate.data.backup_codes} />
        </Modal>
      )}
    </Card>
  );
}
