import { matchesPattern } from '../../db/filters.js';
import type { Db, UserGroupRow } from '../../db/schema.js';
import { findEdgesInto } from '../access/edges-repository.js';
import { countRows, offsetOf, type Page, type Paged } from '../paging.js';

export function findUserGroupByName(db: Db, name: string): Promise<UserGroupRow | undefined> {
  return db.selectFrom('user_groups').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertUserGroup(
  db: Db,
  group: { guid: string; name: string; note: string; now: number },
): Promise<number> {
  const row = await db
    .insertInto('user_groups')
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

export function findUserGroupByGuid(db: Db, guid: string): Promise<UserGroupRow | undefined> {
  return db.selectFrom('user_groups').selectAll().where('guid', '=', guid).executeTakeFirst();
}

/** A page of the groups whose name matches the pattern (see matchesPattern), in the order they were made. */
export async function listUserGroups(
  db: Db,
  filter: { name?: string | undefined },
  page: Page,
): Promise<Paged<UserGroupRow>> {
  let query = db.selectFrom('user_groups');
  if (filter.name !== undefined) query = query.where(matchesPattern('user_groups.name', filter.name));
  const total = await countRows(query);
  const rows = await query.selectAll().orderBy('id').limit(page.pageSize).offset(offsetOf(page)).execute();
  return { total, rows };
}

export async function updateUserGroup(
  db: Db,
  id: number,
  changes: { name?: string; note?: string; updated_at: number },
): Promise<void> {
  await db.updateTable('user_groups').set(changes).where('id', '=', id).execute();
}

/** Deletes a group without members (users.group_id restricts); its access rules go with it. */
export async function deleteUserGroup(db: Db, id: number): Promise<void> {
  await db.deleteFrom('user_groups').where('id', '=', id).execute();
}

/** How many users each of these groups holds; a group without users is absent. */
export async function countMembers(db: Db, groupIds: readonly number[]): Promise<Map<number, number>> {
  if (groupIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['group_id', (eb) => eb.fn.countAll().as('n')])
    .where('group_id', 'in', groupIds)
    .groupBy('group_id')
    .execute();
  return new Map(rows.map((row) => [row.group_id, Number(row.n)]));
}

/** One end of an access edge, by name: a user group, a device group or a user. */
export interface AccessEnd {
  /** The user group the edge starts at (outgoing) or ends at (incoming). */
  groupId: number;
  userGroupName: string | null;
  deviceGroupName: string | null;
  userName: string | null;
}

/** What these user groups may reach: edges from each of them to user groups and device groups. */
export async function findOutgoingEdges(db: Db, groupIds: readonly number[]): Promise<AccessEnd[]> {
  if (groupIds.length === 0) return [];
  const rows = await db
    .selectFrom('group_access')
    .leftJoin('user_groups as target', 'target.id', 'group_access.to_user_group_id')
    .leftJoin('device_groups', 'device_groups.id', 'group_access.to_device_group_id')
    .select([
      'group_access.from_user_group_id as group_id',
      'target.name as user_group_name',
      'device_groups.name as device_group_name',
    ])
    .where('group_access.from_user_group_id', 'in', groupIds)
    .orderBy('group_access.id')
    .execute();
  return rows.map((row) => ({
    groupId: row.group_id as number,
    userGroupName: row.user_group_name,
    deviceGroupName: row.device_group_name,
    userName: null,
  }));
}

/** Who may reach the users of these groups: edges to each of them from user groups and users. */
export async function findIncomingEdges(db: Db, groupIds: readonly number[]): Promise<AccessEnd[]> {
  return (await findEdgesInto(db, 'to_user_group_id', groupIds)).map((edge) => ({
    groupId: edge.targetId,
    userGroupName: edge.userGroupName,
    deviceGroupName: null,
    userName: edge.userName,
  }));
}

export async function deleteOutgoingEdges(db: Db, groupId: number): Promise<void> {
  await db.deleteFrom('group_access').where('from_user_group_id', '=', groupId).execute();
}

export async function deleteIncomingEdges(db: Db, groupId: number): Promise<void> {
  await db.deleteFrom('group_access').where('to_user_group_id', '=', groupId).execute();
}

export interface NewAccessEdge {
  fromUserGroupId: number | null;
  fromUserId: number | null;
  toUserGroupId: number | null;
  toDeviceGroupId: number | null;
}

export async function insertAccessEdges(db: Db, edges: readonly NewAccessEdge[], now: number): Promise<void> {
  if (edges.length === 0) return;
  await db
    .insertInto('group_access')
    .values(
      edges.map((edge) => ({
        from_user_group_id: edge.fromUserGroupId,
        from_user_id: edge.fromUserId,
        to_user_group_id: edge.toUserGroupId,
        to_device_group_id: edge.toDeviceGroupId,
        created_at: now,
      })),
    )
    .execute();
}
