import { type CsvColumn, csvTime } from '../../http/csv.js';
import { strategyInEffect } from '../strategies/effective.js';
import type { ManagedDeviceRow } from './listing.js';

/** What presence (kept in memory) adds to a stored row. */
export interface DevicePresence {
  online: boolean;
  /** The newest of the stored last_online and the last heartbeat in memory; null if never seen. */
  lastOnline: number | null;
}

/**
 * A time as devices.py parses it: naive UTC `YYYY-MM-DDTHH:MM:SS`, no zone suffix (admin-api.md §2.1,
 * `datetime.strptime(v.split(".")[0], "%Y-%m-%dT%H:%M:%S")`).
 */
export function naiveUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/**
 * A device as the management API and the console read it. Never the uuid, the deploy key or the push
 * state. Names the console overrode are shown instead of the reported ones, which stay readable.
 */
export function presentManagedDevice(row: ManagedDeviceRow, presence: DevicePresence) {
  const inEffect = strategyInEffect({
    device: row.strategy_id,
    user: row.user_strategy_id,
    deviceGroup: row.device_group_strategy_id,
  });
  const strategyNames = {
    device: row.device_strategy_name,
    user: row.user_strategy_name,
    device_group: row.group_strategy_name,
  };
  return {
    guid: row.guid,
    id: row.peer_id,
    status: row.status,
    online: presence.online,
    // Never seen since registration (--deploy, --assign): the registration time, since devices.py
    // --offline_days cannot read a null.
    last_online: naiveUtc(presence.lastOnline ?? row.created_at),
    device_name: row.device_name !== '' ? row.device_name : row.hostname,
    device_username: row.device_username !== '' ? row.device_username : row.username,
    hostname: row.hostname,
    username: row.username,
    os: row.os,
    cpu: row.cpu,
    memory: row.memory,
    version: row.version,
    ip: row.ip,
    note: row.note,
    user_name: row.user_name,
    user_guid: row.user_guid,
    group_name: row.group_name,
    device_group_name: row.device_group_name,
    device_group_guid: row.device_group_guid,
    strategy_name: inEffect ? strategyNames[inEffect.source] : null,
    strategy_source: inEffect?.source ?? null,
    info: {
      os: row.os,
      cpu: row.cpu,
      memory: row.memory,
      hostname: row.hostname,
      username: row.username,
      version: row.version,
    },
    created_at: Math.floor(row.created_at / 1000),
  };
}

export type ManagedDevice = ReturnType<typeof presentManagedDevice>;

/**
 * The columns of the CSV export (features Part 3 §3.2): what the list shows, under the console's
 * column names, with times in ISO 8601 UTC like the log exports.
 */
export const DEVICE_CSV_COLUMNS: ReadonlyArray<CsvColumn<ManagedDevice>> = [
  { header: 'ID', value: (d) => d.id },
  { header: 'Device Name', value: (d) => d.device_name },
  { header: 'Device Username', value: (d) => d.device_username },
  { header: 'Hostname', value: (d) => d.hostname },
  { header: 'Username', value: (d) => d.username },
  { header: 'User', value: (d) => d.user_name },
  { header: 'User Group', value: (d) => d.group_name },
  { header: 'Device Group', value: (d) => d.device_group_name },
  { header: 'Strategy', value: (d) => d.strategy_name },
  { header: 'Strategy From', value: (d) => d.strategy_source?.replace('_', ' ') },
  { header: 'Status', value: (d) => (d.status === 1 ? 'enabled' : 'disabled') },
  { header: 'Online', value: (d) => (d.online ? 'yes' : 'no') },
  // last_online is naive UTC for devices.py (see naiveUtc).
  { header: 'Last Online', value: (d) => csvTime(Date.parse(`${d.last_online}Z`)) },
  { header: 'OS', value: (d) => d.os },
  { header: 'CPU', value: (d) => d.cpu },
  { header: 'Memory', value: (d) => d.memory },
  { header: 'Version', value: (d) => d.version },
  { header: 'IP', value: (d) => d.ip },
  { header: 'Note', value: (d) => d.note },
  { header: 'Created', value: (d) => csvTime(d.created_at * 1000) },
  { header: 'GUID', value: (d) => d.guid },
];
