import { api } from '../api/client';
import type { LoginResponse } from '../api/types';

/** The login this tab started at a provider: the code that collects it, and "remember me". */
const PENDING_KEY = 'rdconsole.oidcLogin';

interface PendingLogin {
  code: string;
  remember: boolean;
}

/** The `oidc/<name>` login options: the providers to offer a button for. */
export async function oidcProviders(): Promise<string[]> {
  const options = await api.get<string[]>('/api/login-options', { anonymous: true });
  return options.filter((option) => option.startsWith('oidc/')).map((option) => option.slice('oidc/'.length));
}

/**
 * Starts a login at `provider` and leaves for its pages. The code stays in this tab (sessionStorage),
 * never in an address: only this tab can collect the session when the provider sends it back. The server
 * binds the login to this browser with a cookie: the provider must send this browser back.
 */
export async function startOidcLogin(provider: string, remember: boolean): Promise<void> {
  const { code, url } = await api.post<{ code: string; url: string }>(
    '/api/oidc/auth',
    { op: provider, deviceInfo: { type: 'browser', os: 'web', name: 'web console' } },
    { anonymous: true, withCookies: true },
  );
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ code, remember } satisfies PendingLogin));
  window.location.assign(url);
}

/** Back from the provider: the session (or the 2FA step) of the login this tab started; null if none. */
export async function collectOidcLogin(): Promise<{ response: LoginResponse; remember: boolean } | null> {
  const stored = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (stored === null) return null;
  const { code, remember } = JSON.parse(stored) as PendingLogin;
  const response = await api.get<LoginResponse>('/api/oidc/auth-query', { query: { code }, anonymous: true });
  return { response, remember };
}

/** What a RustDesk client's login asks this browser to confirm (GET /api/oidc/confirmation). */
export interface OidcConfirmation {
  provider: string;
  device: { id: string; name: string; os: string };
  account: { username: string; email: string; display_name: string };
}

export const oidcConfirmation = (login: string) =>
  api.get<OidcConfirmation>('/api/oidc/confirmation', {
    query: { login },
    anonymous: true,
    withCookies: true,
  });

/** Signs the person in on the client's device, or cancels its login. */
export const answerOidcConfirmation = (login: string, accept: boolean) =>
  api.post<Record<string, never>>(
    '/api/oidc/confirmation',
    { login, accept },
    { anonymous: true, withCookies: true },
  );
