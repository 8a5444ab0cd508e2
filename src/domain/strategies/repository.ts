import type { Db, StrategyRow } from '../../db/schema.js';
import { countRows } from '../paging.js';

/** Values per IN list: well below the bound-parameter limits of SQLite and PostgreSQL. */
const CHUNK = 500;

async function inChunks<V, T>(values: readonly V[], query: (chunk: V[]) => Promise<T[]>): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < values.length; i += CHUNK) found.push(...(await query(values.slice(i, i + CHUNK))));
  return found;
}

export function listStrategies(db: Db): Promise<StrategyRow[]> {
  return db.selectFrom('strategies').selectAll().orderBy('id').execute();
}

export function findStrategyByName(db: Db, name: string): Promise<StrategyRow | undefined> {
  return db.selectFrom('strategies').selectAll().where('name', '=', name).executeTakeFirst();
}

export function findStrategyById(db: Db, id: number): Promise<StrategyRow | undefined> {
  return db.selectFrom('strategies').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findStrategyByGuid(db: Db, guid: string): Promise<StrategyRow | undefined> {
  return db.selectFrom('strategies').selectAll().where('guid', '=', guid).executeTakeFirst();
}

export async function strategyNames(db: Db): Promise<string[]> {
  return (await db.selectFrom('strategies').select('name').execute()).map((row) => row.name);
}

/**
 * Devices per strategy in effect: the device's own strategy, else its user's, else its device group's.
 * Devices governed by none are grouped under null.
 */
function governedDevices(db: Db) {
  return db
    .selectFrom('devices as d')
    .leftJoin('users as u', 'u.id', 'd.user_id')
    .leftJoin('device_groups as g', 'g.id', 'd.device_group_id')
    .select((eb) => [
      eb.fn.coalesce('d.strategy_id', 'u.strategy_id', 'g.strategy_id').as('strategy_id'),
      eb.fn.countAll<number>().as('devices'),
    ])
    .groupBy((eb) => eb.fn.coalesce('d.strategy_id', 'u.strategy_id', 'g.strategy_id'));
}

export type StrategyWithCount = StrategyRow & { device_count: number };

/** Every strategy with the number of devices it governs in effect, oldest first. */
export async function listStrategiesWithCounts(db: Db): Promise<StrategyWithCount[]> {
  const rows = await db
    .selectFrom('strategies as s')
    .leftJoin(governedDevices(db).as('c'), 'c.strategy_id', 's.id')
    .selectAll('s')
    .select((eb) => eb.fn.coalesce('c.devices', eb.lit(0)).as('device_count'))
    .orderBy('s.id')
    .execute();
  return rows.map((row) => ({ ...row, device_count: Number(row.device_count) }));
}

export async function countGovernedDevices(db: Db, strategyId: number): Promise<number> {
  return countRows(
    db
      .selectFrom('devices as d')
      .leftJoin('users as u', 'u.id', 'd.user_id')
      .leftJoin('device_groups as g', 'g.id', 'd.device_group_id')
      .where((eb) => eb(eb.fn.coalesce('d.strategy_id', 'u.strategy_id', 'g.strategy_id'), '=', strategyId)),
  );
}

export interface DirectAssignments {
  devices: Array<{ guid: string; peer_id: string }>;
  users: Array<{ guid: string; name: string }>;
  deviceGroups: Array<{ guid: string; name: string }>;
}

/** The devices, users and device groups given this strategy directly (not through a user or group). */
export async function findDirectAssignments(db: Db, strategyId: number): Promise<DirectAssignments> {
  const [devices, users, deviceGroups] = [
    await db
      .selectFrom('devices')
      .select(['guid', 'peer_id'])
      .where('strategy_id', '=', strategyId)
      .orderBy('peer_id')
      .execute(),
    await db
      .selectFrom('users')
      .select(['guid', 'name'])
      .where('strategy_id', '=', strategyId)
      .orderBy('name')
      .execute(),
    await db
      .selectFrom('device_groups')
      .select(['guid', 'name'])
      .where('strategy_id', '=', strategyId)
      .orderBy('name')
      .execute(),
  ];
  return { devices, users, deviceGroups };
}

export async function insertStrategy(
  db: Db,
  strategy: { guid: string; name: string; options: string; note?: string; enabled?: boolean; now: number },
): Promise<number> {
  const row = await db
    .insertInto('strategies')
    .values({
      guid: strategy.guid,
      name: strategy.name,
      options: strategy.options,
      note: strategy.note ?? '',
      enabled: strategy.enabled === false ? 0 : 1,
      created_at: strategy.now,
      updated_at: strategy.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateStrategy(
  db: Db,
  id: number,
  changes: { name?: string; note?: string; options?: string; enabled?: number; updated_at?: number },
): Promise<void> {
  await db.updateTable('strategies').set(changes).where('id', '=', id).execute();
}

/** Deletes a strategy; the foreign keys take it away from its devices, users and device groups. */
export async function deleteStrategy(db: Db, id: number): Promise<void> {
  await db.deleteFrom('strategies').where('id', '=', id).execute();
}

/** What a strategy can be given to. */
export type TargetKind = 'devices' | 'users' | 'device_groups';

/** A target with what people call it: a device's RustDesk ID, a user's or device group's name. */
export interface TargetRow {
  id: number;
  guid: string;
  label: string;
}

export function findTargetsByGuid(db: Db, kind: TargetKind, guids: readonly string[]): Promise<TargetRow[]> {
  return inChunks(guids, (chunk) => {
    switch (kind) {
      case 'devices':
        return db
          .selectFrom('devices')
          .select(['id', 'guid', 'peer_id as label'])
          .where('guid', 'in', chunk)
          .execute();
      case 'users':
        return db
          .selectFrom('users')
          .select(['id', 'guid', 'name as label'])
          .where('guid', 'in', chunk)
          .execute();
      case 'device_groups':
        return db
          .selectFrom('device_groups')
          .select(['id', 'guid', 'name as label'])
          .where('guid', 'in', chunk)
          .execute();
    }
  });
}

export function findTargetsById(db: Db, kind: TargetKind, ids: readonly number[]): Promise<TargetRow[]> {
  return inChunks(ids, (chunk) => {
    switch (kind) {
      case 'devices':
        return db
          .selectFrom('devices')
          .select(['id', 'guid', 'peer_id as label'])
          .where('id', 'in', chunk)
          .execute();
      case 'users':
        return db
          .selectFrom('users')
          .select(['id', 'guid', 'name as label'])
          .where('id', 'in', chunk)
          .execute();
      case 'device_groups':
        return db
          .selectFrom('device_groups')
          .select(['id', 'guid', 'name as label'])
          .where('id', 'in', chunk)
          .execute();
    }
  });
}

/** Sets (or, with null, clears) the strategy of the given devices, users and device groups. */
export async function assignStrategy(
  db: Db,
  strategyId: number | null,
  targets: { deviceIds: number[]; userIds: number[]; deviceGroupIds: number[] },
): Promise<void> {
  await inChunks(targets.deviceIds, async (chunk) => {
    await db.updateTable('devices').set({ strategy_id: strategyId }).where('id', 'in', chunk).execute();
    return [];
  });
  await inChunks(targets.userIds, async (chunk) => {
    await db.updateTable('users').set({ strategy_id: strategyId }).where('id', 'in', chunk).execute();
    return [];
  });
  await inChunks(targets.deviceGroupIds, async (chunk) => {
    await db.updateTable('device_groups').set({ strategy_id: strategyId }).where('id', 'in', chunk).execute();
    return [];
  });
}
