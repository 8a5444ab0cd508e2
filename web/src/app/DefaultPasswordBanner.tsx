import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** Shown on every page while the account still has its initial password (e.g. admin/test1234). */
export function DefaultPasswordBanner() {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="default-password-banner"
      message={t('banner.defaultPassword')}
      action={<Link to="/account?change=password">{t('banner.changePassword')}</Link>}
      style={{ marginBottom: 16 }}
    />
  );
}
