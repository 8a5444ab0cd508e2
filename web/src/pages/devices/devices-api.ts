import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, type QueryValue } from '../../api/client';
import { session } from '../../auth/session';

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
}

/** The list's filters as they sit in the address bar; sort and order ride along. */
export type DeviceFilters = {
  id: string;
  device_name: string;
  user_name: string;
  device_group_name: string;
  online: string;
  sort: string;
  order: string;
};

export const DEVICE_FILTER_KEYS = [
  'id',
  'device_name',
  'user_name',
  'device_group_name',
  'online',
  'sort',
  'order',
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

/**
 * Downloads the CSV of every device the query matches. A plain link would not carry the Bearer
 * token, so the file is fetched here and handed to the browser as a blob.
 */
export async function downloadDevicesCsv(query: Record<string, QueryValue>): Promise<void> {
  const params = new URLSearchParams({ format: 'csv' });
  for (const [key, value] of Object.entries(query)) {
    if (key !== 'current' && key !== 'pageSize' && value !== undefined && value !== '')
      params.set(key, String(value));
  }
  const token = session.token();
  let response: Response;
  try {
    response = await fetch(`/api/devices?${params}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      credentials: 'omit',
    });
  } catch (error) {
    throw new ApiError(0, error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`.trim();
    try {
      const body = (await response.json()) as { error?: unknown };
      if (typeof body.error === 'string' && body.error !== '') message = body.error;
    } catch {
      // Not JSON: the status line is all there is.
    }
    if (response.status === 401) session.expire();
    throw new ApiError(response.status, message);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `devices-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; revoking later keeps slow browsers safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The server's naive UTC time as the browser's local time. */
export function localTime(naiveUtc: string | null): string {
  if (!naiveUtc) return '';
  const date = new Date(`${naiveUtc}Z`);
  return Number.isNaN(date.getTime()) ? naiveUtc : date.toLocaleString();
}
