import type { Db, StrategyRow } from '../../db/schema.js';

export function listStrategies(db: Db): Promise<StrategyRow[]> {
  return db.selectFrom('strategies').selectAll().orderBy('id').execute();
}

export function findStrategyByName(db: Db, name: string): Promise<StrategyRow | undefined> {
  return db.selectFrom('strategies').selectAll().where('name', '=', name).executeTakeFirst();
}

export function findStrategyById(db: Db, id: number): Promise<StrategyRow | undefined> {
  return db.selectFrom('strategies').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertStrategy(
  db: Db,
  strategy: { guid: string; name: string; options: string; now: number },
): Promise<number> {
  const row = await db
    .insertInto('strategies')
    .values({
      guid: strategy.guid,
      name: strategy.name,
      options: strategy.options,
      enabled: 1,
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
  changes: { name?: string; options?: string; enabled?: number; updated_at: number },
): Promise<void> {
  await db.updateTable('strategies').set(changes).where('id', '=', id).execute();
}

/** Sets (or, with null, clears) the strategy of the given devices, users and device groups. */
export async function assignStrategy(
  db: Db,
  strategyId: number | null,
  targets: { deviceIds: number[]; userIds: number[]; deviceGroupIds: number[] },
): Promise<void> {
  if (targets.deviceIds.length > 0) {
    await db
      .updateTable('devices')
      .set({ strategy_id: strategyId })
      .where('id', 'in', targets.deviceIds)
      .execute();
  }
  if (targets.userIds.length > 0) {
    await db
      .updateTable('users')
      .set({ strategy_id: strategyId })
      .where('id', 'in', targets.userIds)
      .execute();
  }
  if (targets.deviceGroupIds.length > 0) {
    await db
      .updateTable('device_groups')
      .set({ strategy_id: strategyId })
      .where('id', 'in', targets.deviceGroupIds)
      .execute();
  }
}
