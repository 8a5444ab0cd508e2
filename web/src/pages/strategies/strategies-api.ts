import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { devicesKey } from '../devices/devices-api';
import type { AssignRequest } from './assignment';
import type { CatalogueOption } from './options';

export const strategiesKey = ['strategies'] as const;
const catalogueKey = ['strategies-catalogue'] as const;

/** One entry of GET /api/strategies. */
export interface Strategy {
  guid: string;
  name: string;
  enabled: boolean;
  note: string;
  /** Client option key → value; a key that is absent is "not set". */
  options: Record<string, string>;
  /** Epoch seconds. */
  created_at: number;
  /** Epoch seconds: when its options or status last changed. */
  updated_at: number;
  /** Devices it governs in effect (their own strategy, else their user's, else their group's). */
  device_count: number;
}

/** GET /api/strategies/:guid: a strategy and whom it is given directly. */
export interface StrategyDetail extends Strategy {
  devices: { guid: string; id: string }[];
  users: { guid: string; name: string }[];
  device_groups: { guid: string; name: string }[];
}

const path = (guid: string) => `/api/strategies/${encodeURIComponent(guid)}`;

export function useStrategies() {
  return useQuery({
    queryKey: strategiesKey,
    queryFn: ({ signal }) => api.get<Strategy[]>('/api/strategies', { signal }),
  });
}

export function useStrategy(guid: string) {
  return useQuery({
    queryKey: [...strategiesKey, guid],
    queryFn: ({ signal }) => api.get<StrategyDetail>(path(guid), { signal }),
  });
}

/** The option catalogue never changes while the server runs. */
export function useCatalogue() {
  return useQuery({
    queryKey: catalogueKey,
    queryFn: ({ signal }) => api.get<CatalogueOption[]>('/api/strategies/catalogue', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Every change of a strategy may change the device list's Strategy column too. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: strategiesKey }),
      queryClient.invalidateQueries({ queryKey: devicesKey }),
    ]);
}

export function useCreateStrategy() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { name: string; note: string; options: Record<string, string> }) =>
      api.post<Strategy>('/api/strategies', body),
    onSuccess: invalidate,
  });
}

export interface StrategyChanges {
  name?: string;
  note?: string;
  enabled?: boolean;
  /** Replaces the whole option map. */
  options?: Record<string, string>;
}

export function useUpdateStrategy() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ guid, changes }: { guid: string; changes: StrategyChanges }) =>
      api.patch<Strategy>(path(guid), changes),
    onSuccess: invalidate,
  });
}

export function useDuplicateStrategy() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ guid, name }: { guid: string; name?: string }) =>
      api.post<Strategy>(`${path(guid)}/duplicate`, name === undefined ? {} : { name }),
    onSuccess: invalidate,
  });
}

export function useDeleteStrategy() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (guid: string) => api.delete<unknown>(path(guid)),
    onSettled: invalidate,
  });
}

export function useAssignStrategy() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: AssignRequest) => api.post<unknown>('/api/strategies/assign', body),
    onSettled: () =>
      Promise.all([
        invalidate(),
        // The dialog's own lists of users and device groups show their strategy.
        queryClient.invalidateQueries({ queryKey: ['strategy-targets'] }),
      ]),
  });
}
