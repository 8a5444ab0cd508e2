import { lazy } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { prefetchCurrentUser } from '../api/account';
import { RequireSession } from '../auth/RequireSession';
import { session } from '../auth/session';
import { ConsoleLayout } from './ConsoleLayout';
import { PageGate } from './PageGate';
import { CONSOLE_PAGES, preloadPageAt, routedPages } from './pages';
import { queryClient } from './query-client';
import { RouteError } from './RouteError';

const LoginPage = lazy(() => import('../pages/login/LoginPage'));
const NotFoundPage = lazy(() => import('../pages/errors/NotFoundPage'));
const PasswordLinkPage = lazy(() => import('../pages/login/PasswordLinkPage'));
const OidcDonePage = lazy(() => import('../pages/login/OidcDonePage'));

/** The login page and the mailed links' pages, then every built page of the menu inside the console's frame. */
export function createConsoleRouter() {
  // A logged-in reload: the current user, the page's code and its rows load together, before the first render.
  if (session.token() !== null) {
    prefetchCurrentUser(queryClient);
    preloadPageAt(queryClient, window.location);
  }
  return createBrowserRouter([
    { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
    // The pages of mailed links (src/domain/account-links/links.ts), reached without a login.
    { path: '/invitation', element: <PasswordLinkPage purpose="invite" />, errorElement: <RouteError /> },
    // Where a RustDesk client's OIDC login leaves the browser (src/api/client/oidc.ts).
    { path: '/oidc-done', element: <OidcDonePage />, errorElement: <RouteError /> },
    {
      path: '/reset-password',
      element: <PasswordLinkPage purpose="password_reset" />,
      errorElement: <RouteError />,
    },
    {
      path: '/',
      element: (
        <RequireSession>
          <ConsoleLayout />
        </RequireSession>
      ),
      errorElement: <RouteError />,
      children: [
        { index: true, element: <Navigate to="/welcome" replace /> },
        ...routedPages(CONSOLE_PAGES).map((page) => ({
          path: page.path,
          element: <PageGate page={page} />,
          errorElement: <RouteError />,
        })),
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
