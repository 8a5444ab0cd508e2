import { lazy } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { RequireSession } from '../auth/RequireSession';
import { ConsoleLayout } from './ConsoleLayout';
import { PageGate } from './PageGate';
import { CONSOLE_PAGES, routedPages } from './pages';
import { RouteError } from './RouteError';

const LoginPage = lazy(() => import('../pages/login/LoginPage'));
const NotFoundPage = lazy(() => import('../pages/errors/NotFoundPage'));

/** The login page, then every built page of the menu inside the console's frame. */
export function createConsoleRouter() {
  return createBrowserRouter([
    { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
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
