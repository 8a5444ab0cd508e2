import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { useSessionUser } from '../auth/SessionUser';
import type { ConsolePage } from './pages';

/**
 * Renders a page for those it is for; administrators' pages refuse everyone else. A user who must set
 * 2FA up first is sent to the Account page, the one place the server lets them use until they have.
 */
export function PageGate({ page }: { page: ConsolePage }) {
  const { t } = useTranslation();
  const user = useSessionUser();
  if (user.tfa_setup_required && page.key !== 'account') return <Navigate to="/account" replace />;
  if (page.audience === 'admin' && !user.is_admin) {
    return (
      <Result
        status="403"
        title={t('errors.forbiddenTitle')}
        subTitle={t('errors.forbiddenText')}
        extra={<Link to="/welcome">{t('common.backToWelcome')}</Link>}
      />
    );
  }
  const Page = page.page;
  return Page ? <Page /> : null;
}
