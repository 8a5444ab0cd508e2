import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssignmentField, Platform } from '../../../../src/domain/custom-clients/package-fields';
import { api, downloadFile } from '../../api/client';

export {
  ASSIGNMENT_FLAGS as ASSIGNMENT_FIELDS,
  PLATFORMS,
  type Platform,
} from '../../../../src/domain/custom-clients/package-fields';
export type Assignments = Partial<Record<AssignmentField, string>>;

/** A package as GET /api/custom-clients lists it (its secrets are not in it). */
export interface CustomClient {
  guid: string;
  name: string;
  note: string;
  host: string;
  key: string;
  api: string;
  relay: string;
  config_string: string;
  windows_exe_name: string;
  has_password: boolean;
  default_options: Record<string, string>;
  override_options: Record<string, string>;
  assignments: Assignments;
  platforms: Platform[];
  token: { guid: string; expires_at: number | null; last_used_at: number | null; expired: boolean } | null;
  created_at: number;
  updated_at: number;
}

/** What the form sends: password undefined keeps the stored one, null removes it. */
export interface CustomClientChanges {
  name: string;
  note: string;
  host: string;
  key: string;
  api: string;
  relay: string;
  password?: string | null;
  default_options: Record<string, string>;
  override_options: Record<string, string>;
  assignments: Assignments;
  platforms: Platform[];
  token_expires_in_days?: number;
}

const key = ['custom-clients'] as const;
const path = (guid: string) => `/api/custom-clients/${encodeURIComponent(guid)}`;

export function useCustomClients() {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<CustomClient[]>('/api/custom-clients', { signal }),
  });
}

export function useDefaults(enabled: boolean) {
  return useQuery({
    queryKey: [...key, 'defaults'],
    queryFn: ({ signal }) =>
      api.get<Pick<CustomClient, 'host' | 'key' | 'api' | 'relay'>>('/api/custom-clients/defaults', {
        signal,
      }),
    enabled,
  });
}

export function useCommands(guid: string | null) {
  return useQuery({
    queryKey: [...key, guid, 'commands'],
    queryFn: ({ signal }) =>
      api.get<Array<{ platform: Platform; lines: string[] }>>(`${path(guid ?? '')}/commands`, { signal }),
    enabled: guid !== null,
    // The lines carry secrets: fetched when shown, not kept.
    gcTime: 0,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: key });
}

export function useSaveCustomClient() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ guid, changes }: { guid: string | null; changes: CustomClientChanges }) =>
      guid === null
        ? api.post<CustomClient>('/api/custom-clients', changes)
        : api.patch<CustomClient>(path(guid), changes),
    onSuccess: invalidate,
  });
}

export function useDeleteCustomClient() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (guid: string) => api.delete(path(guid)), onSuccess: invalidate });
}

export function useNewToken() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (guid: string) => api.post<CustomClient>(`${path(guid)}/token`, {}),
    onSuccess: invalidate,
  });
}

export function downloadScript(guid: string, platform: Platform): Promise<void> {
  return downloadFile(
    `${path(guid)}/scripts/${platform}`,
    {},
    `rustdesk-${platform}.${platform === 'windows' ? 'ps1' : 'sh'}`,
  );
}
