import { type Insertable, sql } from 'kysely';
import type { Db, DeviceRow, DeviceTable } from '../../db/schema.js';

export function findDeviceByPeerId(db: Db, peerId: string): Promise<DeviceRow | undefined> {
  return db.selectFrom('devices').selectAll().where('peer_id', '=', peerId).executeTakeFirst();
}

/** Inserts a device under a new guid; what `fields` leaves out starts empty (no sysinfo yet). */
export function insertDevice(
  db: Db,
  device: { guid: string; peerId: string; uuid: string; now: number },
  fields: Partial<Insertable<DeviceTable>> = {},
): Promise<DeviceRow> {
  return db
    .insertInto('devices')
    .values({
      guid: device.guid,
      peer_id: device.peerId,
      uuid: device.uuid,
      status: 1,
      note: '',
      hostname: '',
      username: '',
      os: '',
      cpu: '',
      memory: '',
      version: '',
      created_at: device.now,
      updated_at: device.now,
      ...fields,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateDevice(
  db: Db,
  id: number,
  changes: Partial<Insertable<DeviceTable>>,
): Promise<void> {
  await db.updateTable('devices').set(changes).where('id', '=', id).execute();
}

/** What a heartbeat needs to know about a device, with the strategies of its user and device group. */
export function findHeartbeatFacts(db: Db, peerId: string) {
  return db
    .selectFrom('devices')
    .leftJoin('users', 'users.id', 'devices.user_id')
    .leftJoin('device_groups', 'device_groups.id', 'devices.device_group_id')
    .select([
      'devices.id',
      'devices.peer_id',
      'devices.uuid',
      'devices.version',
      'devices.os',
      'devices.strategy_id',
      'devices.strategy_push',
      'users.strategy_id as user_strategy_id',
      'device_groups.strategy_id as device_group_strategy_id',
    ])
    .where('devices.peer_id', '=', peerId)
    .executeTakeFirst();
}

/**
 * Writes the presence kept in memory: last_online and address, for many devices, in one statement (a
 * statement per device cost more than the heartbeats it records). The caller keeps `rows` small enough
 * for the bound-parameter limits: three parameters a row.
 */
export async function writePresence(
  db: Db,
  rows: ReadonlyArray<{ id: number; lastOnline: number; ip: string }>,
): Promise<void> {
  if (rows.length === 0) return;
  // PostgreSQL types a bare parameter in VALUES as text; the casts make the numbers bigint.
  const values = sql.join(
    rows.map((row) => sql`(cast(${row.id} as bigint), cast(${row.lastOnline} as bigint), ${row.ip})`),
  );
  await sql`
    with presence (id, last_online, ip) as (values ${values})
    update devices set last_online = presence.last_online, ip = presence.ip
    from presence where devices.id = presence.id`.execute(db);
}

export function findDeviceByGuid(db: Db, guid: string): Promise<DeviceRow | undefined> {
  return db.selectFrom('devices').selectAll().where('guid', '=', guid).executeTakeFirst();
}

/** Values per IN list: well below the bound-parameter limits of SQLite and PostgreSQL. */
const IN_CHUNK = 500;

async function inChunks<T>(values: readonly T[], run: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < values.length; start += IN_CHUNK) {
    await run(values.slice(start, start + IN_CHUNK));
  }
}

/** The devices of these guids, in no particular order; unknown guids are simply absent. */
export async function findDevicesByGuids(db: Db, guids: readonly string[]): Promise<DeviceRow[]> {
  const found: DeviceRow[] = [];
  await inChunks(guids, async (chunk) => {
    found.push(...(await db.selectFrom('devices').selectAll().where('guid', 'in', chunk).execute()));
  });
  return found;
}

/** The devices of these RustDesk IDs, in no particular order; unknown ids are simply absent. */
export async function findDevicesByPeerIds(db: Db, peerIds: readonly string[]): Promise<DeviceRow[]> {
  const found: DeviceRow[] = [];
  await inChunks(peerIds, async (chunk) => {
    found.push(...(await db.selectFrom('devices').selectAll().where('peer_id', 'in', chunk).execute()));
  });
  return found;
}

export async function updateDevicesByIds(
  db: Db,
  ids: readonly number[],
  changes: Partial<Insertable<DeviceTable>>,
): Promise<void> {
  await inChunks(ids, (chunk) => db.updateTable('devices').set(changes).where('id', 'in', chunk).execute());
}

export async function deleteDevicesByIds(db: Db, ids: readonly number[]): Promise<void> {
  await inChunks(ids, (chunk) => db.deleteFrom('devices').where('id', 'in', chunk).execute());
}

/**
 * A page (by id) of the devices not online since `cutoff`; those never online count from their
 * registration.
 */
export function listDevicesOfflineSince(db: Db, cutoff: number, afterId: number, limit: number) {
  return db
    .selectFrom('devices')
    .select(['id', 'peer_id', 'last_online', 'created_at'])
    .where('id', '>', afterId)
    .where((eb) =>
      eb.or([
        eb('last_online', '<', cutoff),
        eb.and([eb('last_online', 'is', null), eb('created_at', '<', cutoff)]),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
}
