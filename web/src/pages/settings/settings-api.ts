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
