import type { Insertable } from 'kysely';
import type { Db, TrustedDeviceRow, TrustedDeviceTable } from '../../db/schema.js';

export async function insertTrustedDevice(db: Db, row: Insertable<TrustedDeviceTable>): Promise<void> {
  // One row per user and device: trusting it again starts its period over.
  await db
    .deleteFrom('trusted_devices')
    .where('user_id', '=', row.user_id)
    .where('key_hash', '=', row.key_hash)
    .execute();
  await db.insertInto('trusted_devices').values(row).execute();
}

/** The user's unexpired trust for the device with this key hash. */
export function findTrustedDevice(
  db: Db,
  userId: number,
  keyHash: string,
  now: number,
): Promise<TrustedDeviceRow | undefined> {
  return db
    .selectFrom('trusted_devices')
    .selectAll()
    .where('user_id', '=', userId)
    .where('key_hash', '=', keyHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function touchTrustedDevice(
  db: Db,
  id: number,
  change: { now: number; ip: string },
): Promise<void> {
  await db
    .updateTable('trusted_devices')
    .set({ last_used_at: change.now, ip: change.ip })
    .where('id', '=', id)
    .execute();
}

/** The user's unexpired trusted devices, last used first. */
export function listTrustedDevices(db: Db, userId: number, now: number): Promise<TrustedDeviceRow[]> {
  return db
    .selectFrom('trusted_devices')
    .selectAll()
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('last_used_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Keeps the user's `keep` most recently used trusted devices and forgets the rest. */
export async function pruneTrustedDevices(db: Db, userId: number, keep: number): Promise<void> {
  const kept = db
    .selectFrom('trusted_devices')
    .select('id')
    .where('user_id', '=', userId)
    .orderBy('last_used_at', 'desc')
    .orderBy('id', 'desc')
    .limit(keep);
  await db.deleteFrom('trusted_devices').where('user_id', '=', userId).where('id', 'not in', kept).execute();
}

/** Forgets one trusted device of the user (none when the guid is another user's); the row, if any. */
export function deleteTrustedDevice(
  db: Db,
  userId: number,
  guid: string,
): Promise<TrustedDeviceRow | undefined> {
  return db
    .deleteFrom('trusted_devices')
    .where('user_id', '=', userId)
    .where('guid', '=', guid)
    .returningAll()
    .executeTakeFirst();
}

/** Forgets every trusted device of these users: their second factor changed or was reset. */
export async function deleteTrustedDevicesOfUsers(db: Db, userIds: readonly number[]): Promise<number> {
  if (userIds.length === 0) return 0;
  const result = await db.deleteFrom('trusted_devices').where('user_id', 'in', userIds).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredTrustedDevices(db: Db, now: number): Promise<void> {
  await db.deleteFrom('trusted_devices').where('expires_at', '<=', now).execute();
}
