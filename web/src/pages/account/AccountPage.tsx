import { Badge, Button, Card, Col, Descriptions, Flex, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSessionUser } from '../../auth/SessionUser';
import { PageHeader } from '../../components/PageHeader';
import { ssoSourceName } from '../users/user-columns';
import { NotificationsCard } from './NotificationsCard';
import { PasswordDialog } from './PasswordDialog';
import { PreferencesCard } from './PreferencesCard';
import { ProfileCard } from './ProfileCard';
import { usePasswordRules } from './password-rules';
import { TrustedDevicesCard } from './TrustedDevicesCard';
import { TwoFactorCard } from './TwoFactorCard';

/** The user's own account (user menu → Account): profile, trusted devices, password, 2FA,
 * alarm e-mail, preferences. */
export default function AccountPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const [params, setParams] = useSearchParams();
  // A single sign-on user's password belongs to their directory or provider, unless Settings allow one.
  const rules = usePasswordRules();
  const passwordChangeable = user.auth_source === '' || rules.sso_local_password;
  // The default-password banner links here with ?change=password, which opens the dialog.
  const changingPassword = params.get('change') === 'password';
  const setChangingPassword = (open: boolean) =>
    setParams(open ? { change: 'password' } : {}, { replace: true });

  return (
    <>
      <PageHeader title={t('account.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Flex vertical gap={16}>
            <ProfileCard user={user} />
            <TrustedDevicesCard />
          </Flex>
        </Col>
        <Col xs={24} lg={12}>
          <Flex vertical gap={16}>
            <Card title={t('account.security')}>
              <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
                <Descriptions.Item label={t('account.password')}>
                  {user.auth_source !== '' ? (
                    <Badge
                      status={user.local_password ? 'success' : 'default'}
                      text={t(user.local_password ? 'account.passwordAlsoSso' : 'account.passwordBySso', {
                        source: ssoSourceName(user.auth_source),
                      })}
                    />
                  ) : user.default_password ? (
                    <Badge status="warning" text={t('account.passwordIsDefault')} />
                  ) : (
                    <Badge status="success" text={t('account.passwordIsSet')} />
                  )}
                </Descriptions.Item>
              </Descriptions>
              {passwordChangeable && (
                <Button
                  type={user.default_password ? 'primary' : 'default'}
                  onClick={() => setChangingPassword(true)}
                >
                  {t(user.local_password ? 'account.changePassword' : 'account.setPassword')}
                </Button>
              )}
            </Card>
            <TwoFactorCard />
            <NotificationsCard user={user} />
            <PreferencesCard />
          </Flex>
        </Col>
      </Row>
      <PasswordDialog
        guid={user.guid}
        hasPassword={user.local_password}
        open={changingPassword && passwordChangeable}
        onClose={() => setChangingPassword(false)}
      />
    </>
  );
}
