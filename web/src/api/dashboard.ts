import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Dashboard } from './types';

export function useDashboard() {
  return useQuery({
    queryKey: ['dashboard'],
    queryFn: ({ signal }) => api.get<Dashboard>('/api/dashboard', { signal }),
    // The online count moves with heartbeats; a glance at the page should be current.
    refetchInterval: 30_000,
  });
}
