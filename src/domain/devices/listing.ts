import { type ExpressionBuilder, type RawBuilder, sql } from 'kysely';
import { matchesPattern } from '../../db/filters.js';
import type { Db } from '../../db/schema.js';
import { countRows, offsetOf, type Page, type Paged } from '../paging.js';

/**
 * The management device list as SQL: each device with its user, the user's group, its device group
 * and the three strategies that may govern it. Text filters follow the scripts' conventions
 * (`matchesPattern`); presence (online, last heartbeat) lives in memory and is the service's part.
 */
export interface DeviceFilter {
  id?: string | undefined;
  /** The name shown: the console's override, else the reported hostname. */
  deviceName?: string | undefined;
  deviceUsername?: string | undefined;
  userName?: string | undefined;
  /** The user group of the assigned user. */
  groupName?: string | undefined;
  deviceGroupName?: string | undefined;
  /** Exactly the devices of this device group (a name may hold `%` or be "-", which patterns read otherwise). */
  deviceGroupGuid?: string | undefined;
  ip?: string | undefined;
  version?: string | undefined;
  os?: string | undefined;
  note?: string | undefined;
  /** The name of the strategy in effect (device's, else user's, else device group's). */
  strategyName?: string | undefined;
  status?: number | undefined;
  /** Only devices whose stored last_online is before this time (epoch ms) or never set. */
  lastOnlineBefore?: number | undefined;
  /** Only the devices assigned to this user: a non-administrator's own list. */
  ownerId?: number | undefined;
}

export const DEVICE_SORT_KEYS = [
  'id',
  'device_name',
  'device_username',
  'user_name',
  'group_name',
  'device_group_name',
  'strategy_name',
  'status',
  'last_online',
  'created_at',
  'os',
  'version',
  'ip',
  'note',
] as const;
export type DeviceSortKey = (typeof DEVICE_SORT_KEYS)[number];

export interface DeviceSort {
  key: DeviceSortKey;
  direction: 'asc' | 'desc';
}

export const DEFAULT_DEVICE_SORT: DeviceSort = { key: 'created_at', direction: 'asc' };

function joined(db: Db) {
  return db
    .selectFrom('devices')
    .leftJoin('users as owner', 'owner.id', 'devices.user_id')
    .leftJoin('user_groups as owner_group', 'owner_group.id', 'owner.group_id')
    .leftJoin('device_groups', 'device_groups.id', 'devices.device_group_id')
    .leftJoin('strategies as device_strategy', 'device_strategy.id', 'devices.strategy_id')
    .leftJoin('strategies as user_strategy', 'user_strategy.id', 'owner.strategy_id')
    .leftJoin('strategies as group_strategy', 'group_strategy.id', 'device_groups.strategy_id');
}

type Joined = ReturnType<typeof joined>;

const isEmpty = (column: string) => sql<boolean>`${sql.ref(column)} = ''`;
const isSet = (column: string) => sql<boolean>`${sql.ref(column)} is not null`;
const isUnset = (column: string) => sql<boolean>`${sql.ref(column)} is null`;

/** A name the console may override: the filter applies to what is shown (override, else reported). */
function matchesShown<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  override: string,
  reported: string,
  pattern: string,
) {
  if (pattern === '-') return eb.and([isEmpty(override), matchesPattern(reported, '-')]);
  return eb.or([
    eb.and([eb.not(isEmpty(override)), matchesPattern(override, pattern)]),
    eb.and([isEmpty(override), matchesPattern(reported, pattern)]),
  ]);
}

/** The strategy in effect: the device's own, else its user's, else its device group's. */
function matchesStrategyInEffect<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, pattern: string) {
  return eb.or([
    eb.and([isSet('devices.strategy_id'), matchesPattern('device_strategy.name', pattern)]),
    eb.and([
      isUnset('devices.strategy_id'),
      isSet('owner.strategy_id'),
      matchesPattern('user_strategy.name', pattern),
    ]),
    eb.and([
      isUnset('devices.strategy_id'),
      isUnset('owner.strategy_id'),
      matchesPattern('group_strategy.name', pattern),
    ]),
  ]);
}

const PLAIN_PATTERNS = {
  id: 'devices.peer_id',
  userName: 'owner.name',
  groupName: 'owner_group.name',
  deviceGroupName: 'device_groups.name',
  ip: 'devices.ip',
  version: 'devices.version',
  os: 'devices.os',
  note: 'devices.note',
} as const satisfies Partial<Record<keyof DeviceFilter, string>>;

function filtered(db: Db, filter: DeviceFilter): Joined {
  let query = joined(db);
  for (const [key, column] of Object.entries(PLAIN_PATTERNS)) {
    const pattern = filter[key as keyof typeof PLAIN_PATTERNS];
    if (pattern !== undefined) query = query.where(matchesPattern(column, pattern));
  }
  const { deviceName, deviceUsername, deviceGroupGuid, strategyName, status, lastOnlineBefore, ownerId } =
    filter;
  if (deviceName !== undefined)
    query = query.where((eb) => matchesShown(eb, 'devices.device_name', 'devices.hostname', deviceName));
  if (deviceUsername !== undefined)
    query = query.where((eb) =>
      matchesShown(eb, 'devices.device_username', 'devices.username', deviceUsername),
    );
  if (deviceGroupGuid !== undefined) query = query.where('device_groups.guid', '=', deviceGroupGuid);
  if (strategyName !== undefined) query = query.where((eb) => matchesStrategyInEffect(eb, strategyName));
  if (status !== undefined) query = query.where('devices.status', '=', status);
  if (lastOnlineBefore !== undefined)
    query = query.where((eb) =>
      eb.or([eb('devices.last_online', 'is', null), eb('devices.last_online', '<=', lastOnlineBefore)]),
    );
  if (ownerId !== undefined) query = query.where('devices.user_id', '=', ownerId);
  return query;
}

const lowered = (column: string) => sql`lower(${sql.ref(column)})`;
const shown = (override: string, reported: string) =>
  sql`lower(coalesce(nullif(${sql.ref(override)}, ''), ${sql.ref(reported)}))`;

/** Sort expressions; `nullable` ones put their empty rows last in both directions and on both databases. */
const SORT_EXPRESSIONS: Record<DeviceSortKey, { expression: RawBuilder<unknown>; nullable?: string }> = {
  // Numeric ids sort as numbers: shorter first, then by text.
  id: { expression: sql`length(${sql.ref('devices.peer_id')})` },
  device_name: { expression: shown('devices.device_name', 'devices.hostname') },
  device_username: { expression: shown('devices.device_username', 'devices.username') },
  user_name: { expression: lowered('owner.name'), nullable: 'owner.name' },
  group_name: { expression: lowered('owner_group.name'), nullable: 'owner_group.name' },
  device_group_name: { expression: lowered('device_groups.name'), nullable: 'device_groups.name' },
  strategy_name: {
    expression: sql`lower(coalesce(${sql.ref('device_strategy.name')}, ${sql.ref('user_strategy.name')}, ${sql.ref('group_strategy.name')}))`,
    nullable: 'strategy_name',
  },
  status: { expression: sql.ref('devices.status') },
  last_online: { expression: sql.ref('devices.last_online'), nullable: 'devices.last_online' },
  created_at: { expression: sql.ref('devices.created_at') },
  os: { expression: lowered('devices.os') },
  version: { expression: lowered('devices.version') },
  ip: { expression: lowered('devices.ip') },
  note: { expression: lowered('devices.note') },
};

function sorted<Q extends Joined>(query: Q, sort: DeviceSort): Q {
  const { expression, nullable } = SORT_EXPRESSIONS[sort.key];
  let ordered = query;
  if (nullable === 'strategy_name') {
    ordered = ordered.orderBy(
      sql`case when coalesce(${sql.ref('device_strategy.name')}, ${sql.ref('user_strategy.name')}, ${sql.ref('group_strategy.name')}) is null then 1 else 0 end`,
    ) as Q;
  } else if (nullable) {
    ordered = ordered.orderBy(sql`case when ${sql.ref(nullable)} is null then 1 else 0 end`) as Q;
  }
  ordered = ordered.orderBy(expression, sort.direction) as Q;
  if (sort.key === 'id') ordered = ordered.orderBy('devices.peer_id', sort.direction) as Q;
  return ordered.orderBy('devices.id', sort.direction) as Q;
}

function withColumns(query: Joined) {
  return query.select([
    'devices.id',
    'devices.guid',
    'devices.peer_id',
    'devices.status',
    'devices.last_online',
    'devices.device_name',
    'devices.device_username',
    'devices.hostname',
    'devices.username',
    'devices.os',
    'devices.cpu',
    'devices.memory',
    'devices.version',
    'devices.ip',
    'devices.note',
    'devices.created_at',
    'devices.strategy_id',
    'devices.user_id',
    'owner.name as user_name',
    'owner.guid as user_guid',
    'owner.strategy_id as user_strategy_id',
    'owner_group.name as group_name',
    'device_groups.name as device_group_name',
    'device_groups.guid as device_group_guid',
    'device_groups.strategy_id as device_group_strategy_id',
    'device_strategy.name as device_strategy_name',
    'user_strategy.name as user_strategy_name',
    'group_strategy.name as group_strategy_name',
  ]);
}

export type ManagedDeviceRow = Awaited<ReturnType<ReturnType<typeof withColumns>['executeTakeFirstOrThrow']>>;

/** One page of the devices that match, with the total. */
export async function listManagedDevices(
  db: Db,
  filter: DeviceFilter,
  sort: DeviceSort,
  page: Page,
): Promise<Paged<ManagedDeviceRow>> {
  const total = await countRows(filtered(db, filter));
  const rows = await sorted(withColumns(filtered(db, filter)), sort)
    .limit(page.pageSize)
    .offset(offsetOf(page))
    .execute();
  return { total, rows };
}

/** Every matching device, in order, with only what a presence test needs: a narrow scan. */
export function listManagedDeviceKeys(
  db: Db,
  filter: DeviceFilter,
  sort: DeviceSort,
): Promise<Array<{ id: number; peer_id: string; last_online: number | null }>> {
  return sorted(filtered(db, filter).select(['devices.id', 'devices.peer_id', 'devices.last_online']), sort)
    .$castTo<{ id: number; peer_id: string; last_online: number | null }>()
    .execute();
}

/** Full rows of these devices, in the order of `ids`. */
export async function findManagedDevicesByIds(db: Db, ids: readonly number[]): Promise<ManagedDeviceRow[]> {
  const byId = new Map<number, ManagedDeviceRow>();
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await withColumns(joined(db))
      .where('devices.id', 'in', ids.slice(start, start + 500))
      .execute();
    for (const row of rows) byId.set(row.id, row);
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export function findManagedDeviceByGuid(db: Db, guid: string): Promise<ManagedDeviceRow | undefined> {
  return withColumns(joined(db)).where('devices.guid', '=', guid).executeTakeFirst();
}
