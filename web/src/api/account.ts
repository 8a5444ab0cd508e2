import { type QueryClient, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { session } from '../auth/session';
import { trustedDevice } from '../auth/trusted-device';
import { api } from './client';
import type { CurrentUser, LoginResponse } from './types';

export const currentUserKey = ['currentUser'] as const;

/** How the console introduces itself at login, so that its sessions are recognisable in the logs. */
const CONSOLE_DEVICE_INFO = { type: 'browser', os: 'web', name: 'web console' };

const currentUserQuery = queryOptions({
  queryKey: currentUserKey,
  queryFn: ({ signal }) => api.post<CurrentUser>('/api/currentUser', {}, { signal }),
  staleTime: 60_000,
});

export function useCurrentUser() {
  return useQuery({ ...currentUserQuery, enabled: session.token() !== null });
}

/** Starts fetching the logged-in user as the console starts, rather than once the first render asks. */
export function prefetchCurrentUser(client: QueryClient): void {
  void client.prefetchQuery(currentUserQuery);
}

/** The password step; a browser trusted for this user sends its token, and may skip the code. */
export function login(username: string, password: string): Promise<LoginResponse> {
  return api.post<LoginResponse>(
    '/api/login',
    { username, password, deviceInfo: CONSOLE_DEVICE_INFO, trusted_device: trustedDevice.tokenOf(username) },
    { anonymous: true },
  );
}

/**
 * The second step of a login with 2FA, as the RustDesk client sends it: the `secret` and a code; with
 * `rememberBrowser`, the server trusts this browser for 30 days and answers the token it keeps.
 */
export async function completeLogin(
  username: string,
  secret: string,
  code: string,
  rememberBrowser: boolean,
): Promise<LoginResponse> {
  const response = await api.post<LoginResponse>(
    '/api/login',
    { username, type: 'email_code', secret, tfaCode: code, remember_device: rememberBrowser },
    { anonymous: true },
  );
  if (response.type === 'access_token' && response.trusted_device) {
    trustedDevice.remember(username, response.trusted_device);
  }
  return response;
}

/**
 * Ends the session on the server, forgets the token whatever the answer, and starts the console
 * afresh at the login page: nothing of the last user stays in memory.
 */
export async function logout(): Promise<void> {
  try {
    await api.post('/api/logout', {});
  } catch {
    // Already ended, or the server is unreachable: this browser logs out all the same.
  }
  session.clear();
  window.location.replace('/login');
}

/** What a user may change on their own account (PATCH /api/users/{guid}). */
export interface AccountChanges {
  display_name?: string;
  email?: string;
  password?: string;
  current_password?: string;
  email_verification?: boolean;
  email_alarm_notification?: boolean;
}

export function useUpdateAccount(guid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: AccountChanges) =>
      api.patch<unknown>(`/api/users/${encodeURIComponent(guid)}`, changes),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: currentUserKey }),
  });
}

/** "Forgot password?": the server answers the same whether or not the account exists. */
export function requestPasswordReset(who: string): Promise<unknown> {
  const value = who.trim();
  return api.post('/api/password-reset', value.includes('@') ? { email: value } : { username: value }, {
    anonymous: true,
  });
}

/** What a mailed link is for (POST /api/password-link). */
export interface PasswordLink {
  purpose: 'invite' | 'password_reset';
  name: string;
  min_password_length: number;
}

export function inspectPasswordLink(token: string): Promise<PasswordLink> {
  return api.post<PasswordLink>('/api/password-link', { token }, { anonymous: true });
}

/** Sets the password through a mailed link, once; answers the user name to log in with. */
export function setPasswordByLink(token: string, password: string): Promise<{ name: string }> {
  return api.post<{ name: string }>('/api/password-link/password', { token, password }, { anonymous: true });
}
