import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { devicesKey } from '../devices/devices-api';

export const usersKey = ['users'] as const;
const userGroupsKey = ['user-groups'] as const;

/** 1 normal, 0 disabled, -1 unverified (invited, not yet accepted). */
export type UserStatus = 1 | 0 | -1;

/** One row of GET /api/users as an administrator reads it. */
export interface ManagedUser {
  guid: string;
  name: string;
  display_name: string;
  email: string;
  note: string;
  status: UserStatus;
  is_admin: boolean;
  group_name: string;
  strategy_name: string;
  /** An administrator requires 2FA of this user. */
  tfa_enforced: boolean;
  /** The user has set up 2FA. */
  tfa_enabled: boolean;
  /** Login needs a code sent by e-mail. */
  email_verification: boolean;
  /** The account still has its initial password. */
  default_password: boolean;
  /** Where the account signs in: '' local, 'ldap', 'oidc/<provider>'. */
  auth_source: string;
  /** The account has a password of its own; a single sign-on user has none until they set one. */
  local_password: boolean;
  /** Epoch seconds. */
  created_at: number;
}

/**
 * The list's filters as they sit in the address bar: the ones GET /api/users offers (name, e-mail
 * and group as LIKE patterns, status). It has none for the display name or the role.
 */
export type UserFilters = {
  name: string;
  email: string;
  group_name: string;
  status: string;
};

export const USER_FILTER_KEYS = [
  'name',
  'email',
  'group_name',
  'status',
] as const satisfies readonly (keyof UserFilters)[];

/** POST /api/users. */
export interface NewUser {
  name: string;
  password: string;
  group_name: string;
  display_name?: string;
  email?: string;
  note?: string;
  is_admin?: boolean;
}

/** PATCH /api/users/{guid}: absent fields stay as they are. */
export interface UserChanges {
  display_name?: string;
  email?: string;
  note?: string;
  password?: string;
  /** Required when administrators change their own password. */
  current_password?: string;
  group_name?: string;
  is_admin?: boolean;
}

const userPath = (guid: string, action = '') =>
  `/api/users/${encodeURIComponent(guid)}${action ? `/${action}` : ''}`;

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: NewUser) => api.post<ManagedUser>('/api/users', user),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ guid, changes }: { guid: string; changes: UserChanges }) =>
      api.patch<ManagedUser>(userPath(guid), changes),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

/** POST /api/users/invite, as users.py sends it. */
export interface Invitation {
  name: string;
  email: string;
  group_name: string;
  note?: string;
}

/** Creates the user unverified and mails them a link to set their password. */
export function useInviteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitation: Invitation) => api.post<ManagedUser>('/api/users/invite', invitation),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

/** Mails an unverified user a new invitation link; the earlier one stops working. */
export function useResendInvitation() {
  return useMutation({
    mutationFn: (user: ManagedUser) => api.post<unknown>(userPath(user.guid, 'invite'), {}),
  });
}

/** An administrator's change of another user's login checks, applied at once. */
export type LoginSecurityChange =
  | 'require-tfa'
  | 'stop-requiring-tfa'
  | 'reset-tfa'
  | 'email-on'
  | 'email-off';

/**
 * Requires 2FA (the user is mailed a link to set it up, when SMTP is set up), stops requiring it,
 * resets it (users.py reset-2fa), or turns e-mail login verification on or off.
 */
export function useLoginSecurity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ user, change }: { user: ManagedUser; change: LoginSecurityChange }) => {
      const user_guids = [user.guid];
      if (change === 'require-tfa' || change === 'stop-requiring-tfa') {
        const enforce = change === 'require-tfa';
        await api.put('/api/users/tfa/totp/enforce', { user_guids, enforce, url: window.location.origin });
      } else if (change === 'reset-tfa') {
        await api.put('/api/users/disable_login_verification', { user_guids, type: '2fa' });
      } else {
        await api.patch(userPath(user.guid), { email_verification: change === 'email-on' });
      }
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

export type UserAction = 'enable' | 'disable' | 'delete' | 'force-logout';

/**
 * One action on one or several users, in one request: POST /api/users/bulk (enable, disable, delete)
 * or POST /api/users/force-logout. The server does it for all of them or for none, and its refusal
 * names the users concerned (the last administrators, users still enabled).
 */
export function useUserAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ action, users }: { action: UserAction; users: ManagedUser[] }) => {
      const guids = users.map((user) => user.guid);
      if (action === 'force-logout') await api.post('/api/users/force-logout', { user_guids: guids });
      else await api.post('/api/users/bulk', { action, guids });
    },
    onSettled: (_result, _error, { action }) => {
      void queryClient.invalidateQueries({ queryKey: usersKey });
      // A deleted user's devices become unassigned.
      if (action === 'delete') void queryClient.invalidateQueries({ queryKey: devicesKey });
    },
  });
}

/** One user group, as the group select needs it. */
interface UserGroupOption {
  guid: string;
  name: string;
}

/** The first user groups whose name contains `search`: enough for a select that searches as one types. */
export function useUserGroupOptions(search: string) {
  const pattern = search.trim() === '' ? undefined : `%${search.trim()}%`;
  return useQuery({
    queryKey: [...userGroupsKey, 'options', pattern ?? ''],
    queryFn: ({ signal }) =>
      api.get<Page<UserGroupOption>>('/api/user-groups', {
        query: { current: 1, pageSize: 50, name: pattern },
        signal,
      }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
