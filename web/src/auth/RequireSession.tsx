import { Button, Flex, Result, Spin } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useCurrentUser } from '../api/account';
import { errorText } from '../components/error-text';
import { usePreferences } from '../preferences/PreferencesProvider';
import { loginPathFor } from './login-redirect';
import { SessionUserContext } from './SessionUser';
import { session } from './session';

/** Lets through only a logged-in user, whom it provides to the pages; anyone else goes to the login page. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const user = useCurrentUser();
  const { adoptUser } = usePreferences();
  const name = user.data?.name;

  useEffect(() => {
    if (name !== undefined) adoptUser(name);
  }, [name, adoptUser]);

  if (session.token() === null) {
    const reason = session.wasExpired() ? 'expired' : undefined;
    return <Navigate to={loginPathFor(location.pathname + location.search, reason)} replace />;
  }
  if (user.data)
    return <SessionUserContext.Provider value={user.data}>{children}</SessionUserContext.Provider>;
  if (user.isError) {
    return (
      <Result
        status="error"
        title={t('errors.title')}
        subTitle={errorText(user.error, t)}
        extra={
          <Button type="primary" loading={user.isFetching} onClick={() => void user.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" tip={t('common.loading')}>
        <div style={{ padding: 48 }} />
      </Spin>
    </Flex>
  );
}
