import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, downloadCsv, type QueryValue } from '../../api/client';
import type { ListSource } from '../../components/list/usePagedList';

export const devicesKey = ['devices'] as const;

/** One row of GET /api/devices. */
export interface Device {
  guid: string;
  id: string;
  /** 1 enabled, 0 disabled. */
  status: number;
  online: boolean;
  /** Naive UTC `YYYY-MM-DDTHH:MM:SS`. */
  last_online: string | null;
  device_name: string;
  device_username: string;
  hostname: string;
  username: string;
  os: string;
  cpu: string;
  memory: string;
  version: string;
  ip: string;
  note: string;
  user_name: string | null;
  group_name: string | null;
  device_group_name: string | null;
  strategy_name: string | null;
  strategy_source: 'device' | 'user' | 'device_group' | null;
  /** Epoch seconds. */
  created_at: number;
}

/** The list's filters as they sit in the address bar; sort and order ride along. */
export const DEVICE_FILTER_KEYS = [
  'id',
  'device_name',
  'user_name',
  'device_group_name',
  'online',
  'device_username',
  'group_name',
  'strategy_name',
  'ip',
  'version',
  'note',
  'status',
  'offline_days',
  'sort',
  'order',
] as const;

export type DeviceFilters = Record<(typeof DEVICE_FILTER_KEYS)[number], string>;

/** The Devices page's list (everyone's for administrators, one's own for the others). */
export const DEVICES_LIST: ListSource<keyof DeviceFilters> = {
  path: '/api/devices',
  queryKey: devicesKey,
  filterKeys: DEVICE_FILTER_KEYS,
};

/** The filters behind "More filters": the bar opens with them when one is set. */
export const EXTRA_DEVICE_FILTERS = [
  'device_username',
  'group_name',
  'strategy_name',
  'ip',
  'version',
  'note',
  'status',
  'offline_days',
] as const satisfies readonly (keyof DeviceFilters)[];

/** Names to assign; null removes the assignment. Absent fields stay as they are. */
export interface Assignment {
  user_name?: string | null;
  device_group_name?: string | null;
  strategy_name?: string | null;
}

export type BulkRequest =
  | { action: 'enable' | 'disable'; guids: string[] }
  | { action: 'delete'; guids: string[]; force: boolean }
  | { action: 'assign'; guids: string[]; assign: Assignment };

export interface DeviceEdit extends Assignment {
  note?: string;
  device_name?: string;
  device_username?: string;
}

export function useBulkDevices() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: BulkRequest) => api.post<{ count: number }>('/api/devices/bulk', request),
    onSettled: () => queryClient.invalidateQueries({ queryKey: devicesKey }),
  });
}

export function useEditDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ guid, changes }: { guid: string; changes: DeviceEdit }) =>
      api.patch<unknown>(`/api/devices/${encodeURIComponent(guid)}`, changes),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: devicesKey }),
  });
}

/** The CSV of every device the list's filters match. */
export function downloadDevicesCsv(query: Record<string, QueryValue>): Promise<void> {
  return downloadCsv('/api/devices', 'devices', query);
}
