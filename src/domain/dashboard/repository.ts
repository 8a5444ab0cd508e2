import type { Db } from '../../db/schema.js';

/** Every account, enabled or not: the figure an administrator compares with the license. */
export async function countAllUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every registered device, enabled or not. */
export async function countAllDevices(db: Db): Promise<number> {
  const row = await db
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** RustDesk IDs of the devices assigned to one user. */
export async function peerIdsAssignedTo(db: Db, userId: number): Promise<string[]> {
  const rows = await db.selectFrom('devices').select('peer_id').where('user_id', '=', userId).execute();
  return rows.map((row) => row.peer_id);
}
