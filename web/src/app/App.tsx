import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import { type ReactNode, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
// From react-router/dom: with ReactDOM's flushSync, which navigations that ask for it use (usePagedList).
import { RouterProvider } from 'react-router/dom';
import { loginPathFor } from '../auth/login-redirect';
import { session } from '../auth/session';
import { useMediaQuery } from '../components/useMediaQuery';
import { antdLocaleOf } from '../i18n';
import { PreferencesProvider, usePreferences } from '../preferences/PreferencesProvider';
import { REDUCED_MOTION } from './antd-style-file';
import { queryClient } from './query-client';
import { createConsoleRouter } from './router';
import { consoleTheme } from './theme';

const router = createConsoleRouter();

/** antd's theme follows the user's preferences, its language the console's (once loaded, see showLanguage). */
function ThemedApp({ children }: { children: ReactNode }) {
  const preferences = usePreferences();
  const { i18n } = useTranslation();
  // The system's "reduce motion" setting (accessibility): antd's animations then stay off.
  const reducedMotion = useMediaQuery(REDUCED_MOTION);
  const dark = preferences.theme === 'dark';
  return (
    <ConfigProvider
      theme={consoleTheme({ dark, motion: !reducedMotion })}
      locale={antdLocaleOf(i18n.language)}
    >
      <ThemeOnBody />
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/**
 * The page behind the layout (seen when scrolling past the ends) takes the theme's colour too, and the
 * console's own light elements (LinkButton, CopyableCell) take the theme's link colours from variables.
 */
function ThemeOnBody() {
  const { token } = theme.useToken();
  useEffect(() => {
    const style = document.body.style;
    style.background = token.colorBgLayout;
    style.setProperty('--console-link', token.colorLink);
    style.setProperty('--console-link-hover', token.colorLinkHover);
    style.setProperty('--console-link-active', token.colorLinkActive);
  }, [token]);
  return null;
}

export function App() {
  // A 401 from any call: the session is over, wherever the user is.
  useEffect(
    () =>
      session.onExpired(() => {
        queryClient.clear();
        const { pathname, search } = router.state.location;
        if (pathname !== '/login') void router.navigate(loginPathFor(pathname + search, 'expired'));
      }),
    [],
  );
  return (
    <QueryClientProvider client={queryClient}>
      <PreferencesProvider>
        <ThemedApp>
          <Suspense>
            <RouterProvider router={router} />
          </Suspense>
        </ThemedApp>
      </PreferencesProvider>
    </QueryClientProvider>
  );
}
