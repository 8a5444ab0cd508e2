import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { type ReactNode, Suspense, useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { loginPathFor } from '../auth/login-redirect';
import { session } from '../auth/session';
import { PreferencesProvider, usePreferences } from '../preferences/PreferencesProvider';
import { REDUCED_MOTION } from './antd-style-file';
import { queryClient } from './query-client';
import { createConsoleRouter } from './router';
import { consoleTheme } from './theme';

const router = createConsoleRouter();

/** Whether the system asks for less motion (an accessibility setting): antd's animations then stay off. */
function usePrefersReducedMotion(): boolean {
  const [reduced, setReduced] = useState(() => window.matchMedia(REDUCED_MOTION).matches);
  useEffect(() => {
    const list = window.matchMedia(REDUCED_MOTION);
    const onChange = () => setReduced(list.matches);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, []);
  return reduced;
}

/** antd's theme and language follow the user's preferences. */
function ThemedApp({ children }: { children: ReactNode }) {
  const preferences = usePreferences();
  const reducedMotion = usePrefersReducedMotion();
  const dark = preferences.theme === 'dark';
  return (
    <ConfigProvider
      theme={consoleTheme({ dark, motion: !reducedMotion })}
      locale={preferences.language === 'zh-CN' ? zhCN : enUS}
    >
      <BodyBackground />
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** The page behind the layout (seen when scrolling past the ends) takes the theme's colour too. */
function BodyBackground() {
  const { token } = theme.useToken();
  useEffect(() => {
    document.body.style.background = token.colorBgLayout;
  }, [token.colorBgLayout]);
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
