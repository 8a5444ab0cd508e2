import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { passwordRulesKey } from '../account/password-rules';
import type { ServerSettings, SmtpChanges } from './server-settings';
import type { ListedPermissions, TokenRequest } from './token-permissions';

const settingsKey = ['settings'] as const;

/** The PATCH /api/settings body: only what changes; SMTP as its own partial object. */
export type SettingsChanges = Partial<Omit<ServerSettings, 'smtp'>> & { smtp?: SmtpChanges };
const tokensKey = ['tokens'] as const;

/** One row of GET /api/tokens: never the secret. Times in epoch seconds. */
export interface ApiToken {
  guid: string;
  name: string;
  permissions: ListedPermissions;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
}

/** POST /api/tokens answers the token with its secret, this once. */
export interface CreatedApiToken extends ApiToken {
  token: string;
}

export function useSettings() {
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => api.get<ServerSettings>('/api/settings', { signal }),
  });
}

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: SettingsChanges) => api.patch<ServerSettings>('/api/settings', changes),
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsKey, settings);
      // The Welcome page shows the key and the relay servers; password forms check the minimum length.
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      void queryClient.invalidateQueries({ queryKey: passwordRulesKey });
    },
  });
}

/** One mail of GET /api/settings/smtp/outbox: never its body. Times in epoch seconds. */
export interface OutboxEntry {
  id: number;
  to: string;
  subject: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  last_error: string;
  created_at: number;
  next_attempt_at: number | null;
  sent_at: number | null;
}

export function useOutbox(query: { current: number; pageSize: number; status?: OutboxEntry['status'] }) {
  return useQuery({
    queryKey: ['smtp-outbox', query],
    queryFn: ({ signal }) =>
      api.get<{ total: number; data: OutboxEntry[] }>('/api/settings/smtp/outbox', { query, signal }),
  });
}

/** Sends a test e-mail with the SMTP settings changed by `smtp` (not saved); resolves with the server's reply. */
export function useSmtpTest() {
  return useMutation({
    mutationFn: (request: { to: string; smtp: SmtpChanges }) =>
      api.post<{ ok: true; response: string }>('/api/settings/smtp/test', request),
  });
}

export function useTokens() {
  return useQuery({
    queryKey: tokensKey,
    queryFn: ({ signal }) => api.get<ApiToken[]>('/api/tokens', { signal }),
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: TokenRequest) => api.post<CreatedApiToken>('/api/tokens', request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (guid: string) => api.delete<unknown>(`/api/tokens/${encodeURIComponent(guid)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

/** GET /api/settings/ldap: Settings → LDAP, never the bind password (only whether one is stored). */
export interface LdapView {
  enabled: boolean;
  host: string;
  port: number;
  base_dn: string;
  scope: 'one' | 'sub';
  bind_dn: string;
  filter: string;
  username_attribute: string;
  start_tls: boolean;
  no_tls_verify: boolean;
  auto_create: boolean;
  group_source: 'none' | 'member_of' | 'search';
  group_base_dn: string;
  group_filter: string;
  bind_password_set: boolean;
}

/** The PUT and test body: what the form holds; an empty or missing bind password keeps the stored one. */
export type LdapChanges = Partial<Omit<LdapView, 'bind_password_set'> & { bind_password: string }>;

/** How many entries the filter finds under the base DN (the bind and the search worked). */
export interface LdapTestResult {
  entries: number;
}

const ldapKey = ['ldap-settings'] as const;

export function useLdapSettings() {
  return useQuery({
    queryKey: ldapKey,
    queryFn: ({ signal }) => api.get<LdapView>('/api/settings/ldap', { signal }),
  });
}

/** Saves the LDAP settings; the server tests enabled ones first and answers the test's result. */
export function useUpdateLdap() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: LdapChanges) =>
      api.put<{ settings: LdapView; test: LdapTestResult | null }>('/api/settings/ldap', changes),
    onSuccess: (saved) => queryClient.setQueryData(ldapKey, saved.settings),
  });
}

/** Tries the stored LDAP settings changed by the form's values (not saved): the bind and a search. */
export function useLdapTest() {
  return useMutation({
    mutationFn: (changes: LdapChanges) => api.post<LdapTestResult>('/api/settings/ldap/test', changes),
  });
}
