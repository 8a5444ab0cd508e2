import { type CsvColumn, csvTime } from '../../http/csv.js';
import {
  ALARM_TYPE_NAMES,
  CONN_TYPE_NAMES,
  FILE_DIRECTION_NAMES,
  NOT_LOGGED_IN,
  nameOf,
  PRIMARY_AUTH_NAMES,
  TWO_FACTOR_NAMES,
} from './codes.js';
import type { AlarmLogRow, ConnLogRow, FileLogRow } from './log-repository.js';

/**
 * Log records as the management API answers them (admin-api.md §7.2): times in epoch seconds, the
 * device's RustDesk ID as `id`. CSV exports name the codes and write times as ISO UTC instead.
 */

function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** The name the console shows for a device: the one an administrator set, else its hostname. */
function deviceName(row: { device_name: string | null; hostname: string | null }): string {
  return row.device_name || row.hostname || '';
}

/** `info` is stored as the JSON object the device sent; a damaged value reads as empty. */
function decodedInfo(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** The largest files of a transfer, `[name, size]` each (client-api.md §4.5); malformed entries are left out. */
function transferredFiles(info: Record<string, unknown>): Array<[string, number]> {
  if (!Array.isArray(info.files)) return [];
  return info.files.flatMap((entry: unknown) =>
    Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number'
      ? [[entry[0], entry[1]] as [string, number]]
      : [],
  );
}

/** `conn_type` is left out for a connection that never authorised: audits.py then shows "Not Logged In". */
export function presentConnLog(row: ConnLogRow, online: boolean) {
  return {
    guid: row.guid,
    id: row.device_peer_id,
    device_name: deviceName(row),
    user_name: row.user_name ?? '',
    remote_id: row.remote_id,
    remote_name: row.remote_name,
    ip: row.ip,
    ...(row.conn_type === null ? {} : { conn_type: row.conn_type }),
    primary_auth: row.primary_auth,
    two_factor: row.two_factor,
    session_id: row.session_id,
    note: row.note,
    created_at: seconds(row.created_at),
    end_time: row.end_time === null ? null : seconds(row.end_time),
    online,
  };
}

export function presentFileLog(row: FileLogRow) {
  return {
    guid: row.guid,
    id: row.device_peer_id,
    device_name: deviceName(row),
    remote_id: row.remote_id,
    remote_name: row.remote_name,
    ip: row.ip,
    type: row.type,
    path: row.path,
    is_file: row.is_file === 1,
    num: row.num,
    files: transferredFiles(decodedInfo(row.info)),
    created_at: seconds(row.created_at),
  };
}

export function presentAlarmLog(row: AlarmLogRow) {
  return {
    guid: row.guid,
    id: row.device_peer_id,
    device_name: deviceName(row),
    typ: row.typ,
    ip: row.ip,
    info: decodedInfo(row.info),
    created_at: seconds(row.created_at),
  };
}

/*
 * Each column says which side it is: in RustDesk the "remote ID" is the device connected to, so a bare
 * "Remote ID" over the controlling side's ID reads the wrong way round.
 */
export const CONN_LOG_CSV: ReadonlyArray<CsvColumn<ConnLogRow>> = [
  { header: 'Controlled Device ID', value: (r) => r.device_peer_id },
  { header: 'Controlled Device Name', value: deviceName },
  { header: 'Device User', value: (r) => r.user_name ?? '' },
  { header: 'Controlling Side ID', value: (r) => r.remote_id },
  { header: 'Controlling Side Name', value: (r) => r.remote_name },
  { header: 'Controlling Side IP', value: (r) => r.ip },
  {
    header: 'Type',
    value: (r) => (r.conn_type === null ? NOT_LOGGED_IN : nameOf(CONN_TYPE_NAMES, r.conn_type)),
  },
  { header: 'Primary Auth', value: (r) => nameOf(PRIMARY_AUTH_NAMES, r.primary_auth) },
  { header: '2FA', value: (r) => nameOf(TWO_FACTOR_NAMES, r.two_factor) },
  { header: 'Session ID', value: (r) => r.session_id },
  { header: 'Note', value: (r) => r.note },
  { header: 'Start Time', value: (r) => csvTime(r.created_at) },
  { header: 'End Time', value: (r) => csvTime(r.end_time) },
];

export const FILE_LOG_CSV: ReadonlyArray<CsvColumn<FileLogRow>> = [
  { header: 'Controlled Device ID', value: (r) => r.device_peer_id },
  { header: 'Controlled Device Name', value: deviceName },
  { header: 'Controlling Side ID', value: (r) => r.remote_id },
  { header: 'Controlling Side Name', value: (r) => r.remote_name },
  { header: 'Controlling Side IP', value: (r) => r.ip },
  { header: 'Direction', value: (r) => nameOf(FILE_DIRECTION_NAMES, r.type) },
  { header: 'Path', value: (r) => r.path },
  { header: 'Single File', value: (r) => (r.is_file === 1 ? 'yes' : 'no') },
  { header: 'Files', value: (r) => r.num },
  { header: 'Time', value: (r) => csvTime(r.created_at) },
];

/** A text field of an alarm's `info`: the side that tried gives its `id` and `name` there. */
const alarmText = (r: AlarmLogRow, key: string) => {
  const value = decodedInfo(r.info)[key];
  return typeof value === 'string' ? value : '';
};

/** As the console's Alarm log: the device that reported it is the target, the side that tried is "from". */
export const ALARM_LOG_CSV: ReadonlyArray<CsvColumn<AlarmLogRow>> = [
  { header: 'Target Device ID', value: (r) => r.device_peer_id },
  { header: 'Target Device Name', value: deviceName },
  { header: 'Type', value: (r) => nameOf(ALARM_TYPE_NAMES, r.typ) },
  { header: 'From ID', value: (r) => alarmText(r, 'id') },
  { header: 'From Name', value: (r) => alarmText(r, 'name') },
  { header: 'From IP', value: (r) => r.ip },
  { header: 'Detail', value: (r) => JSON.stringify(decodedInfo(r.info)) },
  { header: 'Time', value: (r) => csvTime(r.created_at) },
];
