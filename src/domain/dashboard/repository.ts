import type { Db } from '../../db/schema.js';
import { countRows } from '../paging.js';

/** Every registered device, enabled or not: the figure an administrator compares with the license. */
export function countAllDevices(db: Db): Promise<number> {
  return countRows(db.selectFrom('devices'));
}

/**
 * Devices online at or after `since`: all of them, or those of one user (`ownerId`). last_online has no
 * index on purpose: presence rewrites it once a minute for every online device, and the devices table
 * (one row per machine) is cheap to scan.
 */
export function countDevicesSeenSince(db: Db, since: number, ownerId: number | null): Promise<number> {
  let query = db.selectFrom('devices').where('last_online', '>=', since);
  if (ownerId !== null) query = query.where('user_id', '=', ownerId);
  return countRows(query);
}

/**
 * Connection or alarm records created at or after `since` (the created_at index bounds the scan): of
 * every device, or of one user's devices (`ownerId`).
 */
export function countDeviceLogsSince(
  db: Db,
  table: 'conn_audits' | 'alarm_audits',
  since: number,
  ownerId: number | null,
): Promise<number> {
  let query = db.selectFrom(table).where('created_at', '>=', since);
  if (ownerId !== null) {
    query = query.where('device_peer_id', 'in', (owned) =>
      owned.selectFrom('devices').select('peer_id').where('user_id', '=', ownerId),
    );
  }
  return countRows(query);
}
