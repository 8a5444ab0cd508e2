import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { passwordRulesKey } from '../account/password-rules';
import type { ServerSettings } from './server-settings';
import type { ListedPermissions, TokenRequest } from './token-permissions';

const settingsKey = ['settings'] as const;
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
    mutationFn: (changes: Partial<ServerSettings>) => api.patch<ServerSettings>('/api/settings', changes),
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsKey, settings);
      // The Welcome page shows the key and the relay servers; password forms check the minimum length.
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      void queryClient.invalidateQueries({ queryKey: passwordRulesKey });
    },
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
