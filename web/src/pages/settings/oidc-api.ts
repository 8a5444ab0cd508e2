import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ProviderKind } from '../../../../src/domain/oidc/provider-kinds';
import { api } from '../../api/client';

export { PROVIDER_KINDS, type ProviderKind } from '../../../../src/domain/oidc/provider-kinds';
export type GroupMapping = 'off' | 'name' | 'table';

export interface GroupTableRow {
  value: string;
  group: string;
}

/** One provider of GET /api/oidc/providers: never its client secret. */
export interface OidcProvider {
  id: number;
  name: string;
  kind: ProviderKind;
  issuer: string;
  tenant: string;
  client_id: string;
  client_secret_set: boolean;
  scopes: string;
  enabled: boolean;
  auto_create: boolean;
  max_users: number;
  groups_claim: string;
  group_mapping: GroupMapping;
  group_table: GroupTableRow[];
}

/** What the form sends: every editable field; an empty secret keeps the stored one. */
export type ProviderFields = Omit<OidcProvider, 'id' | 'client_secret_set'> & { client_secret: string };

const providersKey = ['oidcProviders', 'settings'] as const;

export function useOidcProviders() {
  return useQuery({
    queryKey: providersKey,
    queryFn: ({ signal }) =>
      api.get<{ callback_url: string; data: OidcProvider[] }>('/api/oidc/providers', { signal }),
  });
}

/** The fields a kind uses: the issuer, or Entra ID's tenant, or neither (Google, GitHub). */
export function locationFields(kind: ProviderKind): 'issuer' | 'tenant' | 'none' {
  if (kind === 'azure') return 'tenant';
  return kind === 'google' || kind === 'github' ? 'none' : 'issuer';
}

/** The body of POST (new) or PATCH (existing) /api/oidc/providers for what the form holds. */
export function providerBody(fields: ProviderFields, existing: OidcProvider | null): Record<string, unknown> {
  const location = locationFields(existing?.kind ?? fields.kind);
  // Field by field: `fields` may hold more at run time (the edited provider's id), which the server refuses.
  return {
    ...(existing ? {} : { name: fields.name.trim(), kind: fields.kind }),
    ...(location === 'issuer' ? { issuer: fields.issuer.trim() } : {}),
    ...(location === 'tenant' ? { tenant: fields.tenant.trim() } : {}),
    client_id: fields.client_id,
    ...(fields.client_secret === '' ? {} : { client_secret: fields.client_secret }),
    scopes: fields.scopes,
    enabled: fields.enabled,
    auto_create: fields.auto_create,
    max_users: fields.max_users,
    groups_claim: fields.groups_claim,
    group_mapping: fields.group_mapping,
    group_table: fields.group_table,
  };
}

export function useSaveOidcProvider(existing: OidcProvider | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (fields: ProviderFields) =>
      existing
        ? api.patch<OidcProvider>(`/api/oidc/providers/${existing.id}`, providerBody(fields, existing))
        : api.post<OidcProvider>('/api/oidc/providers', providerBody(fields, null)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['oidcProviders'] }),
  });
}

export function useToggleOidcProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: number; enabled: boolean }) =>
      api.patch<OidcProvider>(`/api/oidc/providers/${id}`, { enabled }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['oidcProviders'] }),
  });
}

export function useDeleteOidcProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<unknown>(`/api/oidc/providers/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['oidcProviders'] }),
  });
}
