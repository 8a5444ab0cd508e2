import type { Selectable } from 'kysely';
import { matchesPattern } from '../../db/filters.js';
import type { Db, DeviceGroupTable } from '../../db/schema.js';
import { findEdgesInto } from '../access/edges-repository.js';
import { countRows, offsetOf, type Page, type Paged } from '../paging.js';

export type DeviceGroupRow = Selectable<DeviceGroupTable>;

export function findDeviceGroupByName(
  db: Db,
  name: string,
): Promise<Selectable<DeviceGroupTable> | undefined> {
  return db.selectFrom('device_groups').selectAll().where('name', '=', name).executeTakeFirst();
}

export function findDeviceGroupByGuid(db: Db, guid: string): Promise<DeviceGroupRow | undefined> {
  return db.selectFrom('device_groups').selectAll().where('guid', '=', guid).executeTakeFirst();
}

/** A device group as the list shows it: with its strategy's name and how many devices it holds. */
export type ListedDeviceGroup = DeviceGroupRow & { strategy_name: string | null; device_count: number };

function listed(db: Db) {
  return db
    .selectFrom('device_groups')
    .leftJoin('strategies', 'strategies.id', 'device_groups.strategy_id')
    .selectAll('device_groups')
    .select((eb) => [
      'strategies.name as strategy_name',
      eb
        .selectFrom('devices')
        .select(eb.fn.countAll().as('n'))
        .whereRef('devices.device_group_id', '=', 'device_groups.id')
        .as('device_count'),
    ]);
}

function withCount<T extends { device_count: unknown }>(row: T): T & { device_count: number } {
  return { ...row, device_count: Number(row.device_count ?? 0) };
}

/** A page of the groups whose name matches the pattern (see matchesPattern), in the order they were made. */
export async function listDeviceGroups(
  db: Db,
  filter: { name?: string | undefined },
  page: Page,
): Promise<Paged<ListedDeviceGroup>> {
  let counting = db.selectFrom('device_groups');
  let query = listed(db);
  if (filter.name !== undefined) {
    counting = counting.where(matchesPattern('device_groups.name', filter.name));
    query = query.where(matchesPattern('device_groups.name', filter.name));
  }
  const total = await countRows(counting);
  const rows = await query.orderBy('device_groups.id').limit(page.pageSize).offset(offsetOf(page)).execute();
  return { total, rows: rows.map(withCount) };
}

export async function findListedDeviceGroup(db: Db, id: number): Promise<ListedDeviceGroup | undefined> {
  const row = await listed(db).where('device_groups.id', '=', id).executeTakeFirst();
  return row && withCount(row);
}

export async function insertDeviceGroup(
  db: Db,
  group: { guid: string; name: string; note: string; now: number },
): Promise<number> {
  const row = await db
    .insertInto('device_groups')
    .values({
      guid: group.guid,
      name: group.name,
      note: group.note,
      created_at: group.now,
      updated_at: group.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateDeviceGroup(
  db: Db,
  id: number,
  changes: { name?: string; note?: string; updated_at: number },
): Promise<void> {
  await db.updateTable('device_groups').set(changes).where('id', '=', id).execute();
}

/** Deletes a group: its members become ungrouped and the rules that open it to others go with it. */
export async function deleteDeviceGroup(db: Db, id: number): Promise<void> {
  await db.updateTable('devices').set({ device_group_id: null }).where('device_group_id', '=', id).execute();
  await db.deleteFrom('group_access').where('to_device_group_id', '=', id).execute();
  await db.deleteFrom('device_groups').where('id', '=', id).execute();
}

/** The RustDesk IDs of a group's members. */
export async function listMemberPeerIds(db: Db, groupId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('devices')
    .select('peer_id')
    .where('device_group_id', '=', groupId)
    .execute();
  return rows.map((row) => row.peer_id);
}

/** Who may reach the devices of a group: a user group or a user, by name. */
export interface IncomingAccess {
  deviceGroupId: number;
  userGroupName: string | null;
  userName: string | null;
}

/** The access rules that open these device groups to user groups and users (`allowed_incomings`). */
export async function findIncomingAccess(db: Db, groupIds: readonly number[]): Promise<IncomingAccess[]> {
  return (await findEdgesInto(db, 'to_device_group_id', groupIds)).map((edge) => ({
    deviceGroupId: edge.targetId,
    userGroupName: edge.userGroupName,
    userName: edge.userName,
  }));
}

/** Replaces who may reach a device group: only the rules that end at it are touched. */
export async function replaceIncomingAccess(
  db: Db,
  groupId: number,
  sources: ReadonlyArray<{ userGroupId: number } | { userId: number }>,
  now: number,
): Promise<void> {
  await db.deleteFrom('group_access').where('to_device_group_id', '=', groupId).execute();
  if (sources.length === 0) return;
  await db
    .insertInto('group_access')
    .values(
      sources.map((source) => ({
        from_user_group_id: 'userGroupId' in source ? source.userGroupId : null,
        from_user_id: 'userId' in source ? source.userId : null,
        to_user_group_id: null,
        to_device_group_id: groupId,
        created_at: now,
      })),
    )
    .execute();
}
