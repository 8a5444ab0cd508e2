import type { ExpressionBuilder } from 'kysely';
import type { Database, Db } from '../../db/schema.js';
import { countRows, offsetOf, type Page, type Paged } from '../paging.js';
import type { UserWithGroup } from '../users/repository.js';
import { type AccessEdge, type AccessScope, DEVICE_ENABLED, USER_DISABLED } from './policy.js';

/** The group_access edges that start at this user or at their user group. */
export async function findAccessEdgesFrom(
  db: Db,
  subject: { id: number; groupId: number },
): Promise<AccessEdge[]> {
  const rows = await db
    .selectFrom('group_access')
    .select(['from_user_group_id', 'from_user_id', 'to_user_group_id', 'to_device_group_id'])
    .where((eb) =>
      eb.or([eb('from_user_id', '=', subject.id), eb('from_user_group_id', '=', subject.groupId)]),
    )
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    fromUserGroupId: row.from_user_group_id,
    fromUserId: row.from_user_id,
    toUserGroupId: row.to_user_group_id,
    toDeviceGroupId: row.to_device_group_id,
  }));
}

type DeviceScopeTables = Database & { owner: Database['users'] };

/** `canReach` as SQL, for a query over `devices` left-joined to its assigned user as `owner`. */
function deviceReachable(eb: ExpressionBuilder<DeviceScopeTables, 'devices' | 'owner'>, scope: AccessScope) {
  const blocks = [
    eb('devices.status', '=', DEVICE_ENABLED),
    eb.or([eb('devices.user_id', 'is', null), eb('owner.status', '<>', USER_DISABLED)]),
  ];
  if (scope.all) return eb.and(blocks);
  const grants = [];
  if (scope.userIds.length > 0) grants.push(eb('devices.user_id', 'in', scope.userIds));
  if (scope.userGroupIds.length > 0) grants.push(eb('owner.group_id', 'in', scope.userGroupIds));
  if (scope.deviceGroupIds.length > 0) grants.push(eb('devices.device_group_id', 'in', scope.deviceGroupIds));
  // An empty `or` is false on both dialects: a scope with no grant matches nothing.
  return eb.and([...blocks, eb.or(grants)]);
}

function reachableDevices(db: Db, scope: AccessScope, status: number | undefined) {
  const query = db
    .selectFrom('devices')
    .leftJoin('users as owner', 'owner.id', 'devices.user_id')
    .where((eb) => deviceReachable(eb, scope));
  return status === undefined ? query : query.where('devices.status', '=', status);
}

/** A reachable device with the names the client shows beside it. */
export interface ReachableDeviceRow {
  peer_id: string;
  status: number;
  hostname: string;
  username: string;
  os: string;
  device_name: string;
  device_username: string;
  note: string;
  owner_guid: string | null;
  owner_name: string | null;
  device_group_name: string | null;
}

/** The devices `scope` reaches, ordered by RustDesk ID; `status` narrows them further when given. */
export async function listReachableDevices(
  db: Db,
  scope: AccessScope,
  filter: { status?: number },
  page: Page,
): Promise<Paged<ReachableDeviceRow>> {
  const total = await countRows(reachableDevices(db, scope, filter.status));
  const rows = await reachableDevices(db, scope, filter.status)
    .leftJoin('device_groups', 'device_groups.id', 'devices.device_group_id')
    .select([
      'devices.peer_id',
      'devices.status',
      'devices.hostname',
      'devices.username',
      'devices.os',
      'devices.device_name',
      'devices.device_username',
      'devices.note',
      'owner.guid as owner_guid',
      'owner.name as owner_name',
      'device_groups.name as device_group_name',
    ])
    // Text order follows each database's collation; RustDesk IDs are digits, which sort alike everywhere.
    .orderBy('devices.peer_id')
    .orderBy('devices.id')
    .limit(page.pageSize)
    .offset(offsetOf(page))
    .execute();
  return { total, rows };
}

function reachableUsers(db: Db, scope: AccessScope, status: number | undefined) {
  const query = db
    .selectFrom('users')
    .innerJoin('user_groups', 'user_groups.id', 'users.group_id')
    .where('users.status', '<>', USER_DISABLED)
    .$if(!scope.all, (qb) =>
      qb.where((eb) => {
        const grants = [];
        if (scope.userIds.length > 0) grants.push(eb('users.id', 'in', scope.userIds));
        if (scope.userGroupIds.length > 0) grants.push(eb('users.group_id', 'in', scope.userGroupIds));
        return eb.or(grants);
      }),
    );
  return status === undefined ? query : query.where('users.status', '=', status);
}

/** The users `canReachUser` admits, `selfId` first, then by name. */
export async function listReachableUsers(
  db: Db,
  scope: AccessScope,
  selfId: number,
  filter: { status?: number },
  page: Page,
): Promise<Paged<UserWithGroup>> {
  const total = await countRows(reachableUsers(db, scope, filter.status));
  const rows = await reachableUsers(db, scope, filter.status)
    .selectAll('users')
    .select('user_groups.name as group_name')
    .orderBy((eb) => eb.case().when('users.id', '=', selfId).then(eb.lit(0)).else(eb.lit(1)).end())
    .orderBy('users.name')
    .orderBy('users.id')
    .limit(page.pageSize)
    .offset(offsetOf(page))
    .execute();
  return { total, rows };
}

function reachableDeviceGroups(db: Db, scope: AccessScope) {
  return db
    .selectFrom('device_groups')
    .$if(!scope.all, (qb) =>
      qb.where((eb) =>
        eb.or(scope.deviceGroupIds.length > 0 ? [eb('device_groups.id', 'in', scope.deviceGroupIds)] : []),
      ),
    );
}

/** The device groups `canReachDeviceGroup` admits, by name. */
export async function listReachableDeviceGroups(
  db: Db,
  scope: AccessScope,
  page: Page,
): Promise<Paged<{ name: string }>> {
  const total = await countRows(reachableDeviceGroups(db, scope));
  const rows = await reachableDeviceGroups(db, scope)
    .select(['device_groups.name'])
    .orderBy('device_groups.name')
    .orderBy('device_groups.id')
    .limit(page.pageSize)
    .offset(offsetOf(page))
    .execute();
  return { total, rows };
}
