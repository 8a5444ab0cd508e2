import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/**
 * Shown on every page while the account still has its initial password (e.g. admin/test1234). The
 * link follows the text inside the message, so that on a phone both wrap together instead of the
 * link squeezing the text into a column beside it.
 */
export function DefaultPasswordBanner() {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="default-password-banner"
      message={
        <>
          {t('banner.defaultPassword')}{' '}
          <Link to="/account?change=password" style={{ whiteSpace: 'nowrap' }}>
            {t('banner.changePassword')}
          </Link>
        </>
      }
      style={{ marginBottom: 16 }}
    />
  );
}
