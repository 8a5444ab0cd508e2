import { Alert, Button } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isServerErrorCode } from '../../i18n/server-errors';
import { PublicFrame } from './PublicFrame';

/**
 * Where the provider's callback leaves the browser of a RustDesk client's login (/oidc-done): the
 * client collects the session itself, so this page only says to go back to it, or why the login failed
 * (`error` is the server's error code, the other parameters its values).
 */
export default function OidcDonePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const code = params.get('error');
  const title = code === null ? t('oidcDone.title') : t('oidcDone.failedTitle');

  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [t, title]);

  const values = Object.fromEntries([...params].filter(([name]) => name !== 'error'));
  const reason = isServerErrorCode(code)
    ? t(`serverErrors.${code}`, { replace: values })
    : t('oidcDone.failed');
  return (
    <PublicFrame title={title}>
      {code === null ? (
        <Alert type="success" showIcon message={t('oidcDone.success')} data-testid="oidc-done" />
      ) : (
        <Alert type="error" showIcon role="alert" message={reason} data-testid="oidc-done" />
      )}
      <Button type="link" block href="/login" style={{ marginTop: 16 }}>
        {t('oidcDone.toConsole')}
      </Button>
    </PublicFrame>
  );
}
