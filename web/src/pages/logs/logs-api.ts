import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/** The four logs of GET /api/audits/<kind> (admin-api.md §7). */
export type LogKind = 'conn' | 'file' | 'alarm' | 'console';

export const logsKey = (kind: LogKind) => ['logs', kind] as const;

/** One row of GET /api/audits/conn. Times are epoch seconds. */
export interface ConnLog {
  guid: string;
  /** RustDesk ID of the controlled device. */
  id: string;
  device_name: string;
  /** The user the device is assigned to ('' for none). */
  user_name: string;
  /** RustDesk ID of the controlling side ('' when it never logged in). */
  remote_id: string;
  /** The controlling side's name, as its client reported it. */
  remote_name: string;
  /** The controlling side's address. */
  ip: string;
  /** Absent when the connection never authorised ("Not logged in"). */
  conn_type?: number;
  primary_auth: number | null;
  two_factor: number | null;
  session_id: string;
  note: string;
  created_at: number;
  /** Null while the record is open. */
  end_time: number | null;
  /** The device reports the connection open right now. */
  online: boolean;
}

/** One row of GET /api/audits/file. */
export interface FileLog {
  guid: string;
  /** RustDesk ID of the controlled device. */
  id: string;
  device_name: string;
  /** RustDesk ID, name and address of the controlling side. */
  remote_id: string;
  remote_name: string;
  ip: string;
  /** 0 the device sent files, 1 it received files. */
  type: number;
  path: string;
  is_file: boolean;
  num: number;
  /** The largest files, each [name, size in bytes]. */
  files: Array<[string, number]>;
  created_at: number;
}

/** One row of GET /api/audits/alarm. `info` is what the device reported (client-api.md §4.6). */
export interface AlarmLog {
  guid: string;
  id: string;
  device_name: string;
  typ: number;
  ip: string;
  info: Record<string, unknown>;
  created_at: number;
}

/** One row of GET /api/audits/console. */
export interface ConsoleLog {
  guid: string;
  operator: string;
  /** The area: user, group, device management… */
  typ: number;
  /** The operation. */
  iop: number;
  detail: string;
  ip: string;
  created_at: number;
}

/** The time range every log takes: epoch seconds, as text in the address bar. */
export type TimeFilters = { from: string; to: string };

/** The filters of the connection, file and alarm logs (all about a controlled device). */
export type DeviceLogFilters = TimeFilters & {
  device: string;
  device_name: string;
  user_name: string;
  ip: string;
};
/*
 * `device` is the controlled device and `peer` the controlling side (its ID or name). The API's
 * `remote` is audits.py's name for `device` (in RustDesk the remote ID is the one connected to), so the
 * console does not use it.
 */
/** `logged_in`: 'false' finds the connections whose controlling side never logged in. */
export type ConnFilters = DeviceLogFilters & { peer: string; conn_type: string; logged_in: string };
/** `type`: the direction of the transfer (0 the device sent, 1 it received). */
export type FileFilters = DeviceLogFilters & { peer: string; type: string };
/** `typ`: the alarm type. */
export type AlarmFilters = DeviceLogFilters & { typ: string };
export type ConsoleFilters = TimeFilters & { operator: string; typ: string; iop: string };

const DEVICE_LOG_KEYS = ['device', 'device_name', 'user_name', 'ip', 'from', 'to'] as const;
export const CONN_FILTER_KEYS = [
  ...DEVICE_LOG_KEYS,
  'peer',
  'conn_type',
  'logged_in',
] as const satisfies readonly (keyof ConnFilters)[];
export const FILE_FILTER_KEYS = [
  ...DEVICE_LOG_KEYS,
  'peer',
  'type',
] as const satisfies readonly (keyof FileFilters)[];
export const ALARM_FILTER_KEYS = [
  ...DEVICE_LOG_KEYS,
  'typ',
] as const satisfies readonly (keyof AlarmFilters)[];
export const CONSOLE_FILTER_KEYS = [
  'operator',
  'typ',
  'iop',
  'from',
  'to',
] as const satisfies readonly (keyof ConsoleFilters)[];

export function useEditConnNote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ guid, note }: { guid: string; note: string }) =>
      api.patch<unknown>(`/api/audits/conn/${encodeURIComponent(guid)}`, { note }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: logsKey('conn') }),
  });
}

export function useDisconnect() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (guid: string) =>
      api.post<unknown>(`/api/audits/conn/${encodeURIComponent(guid)}/disconnect`),
    // The console log gains the "Disconnect Device" entry.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['logs'] }),
  });
}
