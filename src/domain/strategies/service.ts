import type { Db, StrategyRow } from '../../db/schema.js';
import { BadRequest, Conflict, NotFound } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
import type { DeviceDirectory } from '../devices/directory.js';
import type { StrategySnapshot } from './effective.js';
import {
  assignStrategy,
  findStrategyById,
  findStrategyByName,
  insertStrategy,
  listStrategies,
  updateStrategy,
} from './repository.js';

export interface StrategyTargets {
  deviceIds: number[];
  userIds: number[];
  deviceGroupIds: number[];
}

/**
 * Strategies: named maps of client options pushed to the devices they govern. All of them are kept in
 * memory (there are few) for the heartbeat. Every change bumps `updated_at` to a value no other
 * strategy has, so that it names one version of one strategy: the heartbeat compares it with the
 * client's `modified_at`.
 */
export class StrategiesService {
  private snapshots: Map<number, StrategySnapshot> | undefined;
  private lastStamp = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly directory: DeviceDirectory,
  ) {}

  async snapshot(id: number): Promise<StrategySnapshot | undefined> {
    return (await this.load()).get(id);
  }

  async create(input: { name: string; options: Record<string, string> }): Promise<StrategyRow> {
    const name = checkName(input.name);
    const stamp = await this.nextStamp();
    return this.db.transaction().execute(async (trx) => {
      if (await findStrategyByName(trx, name)) throw new Conflict(`Strategy '${name}' already exists`);
      const id = await insertStrategy(trx, {
        guid: uuidv7(this.clock()),
        name,
        options: JSON.stringify(input.options),
        now: stamp,
      });
      this.snapshots = undefined;
      return (await findStrategyById(trx, id)) as StrategyRow;
    });
  }

  /** Renames, replaces the options, or enables/disables a strategy; devices it governs get the change. */
  async update(
    id: number,
    changes: { name?: string; options?: Record<string, string>; enabled?: boolean },
  ): Promise<void> {
    const stamp = await this.nextStamp();
    await this.db.transaction().execute(async (trx) => {
      const current = await findStrategyById(trx, id);
      if (!current) throw new NotFound('Strategy not found');
      const name = changes.name === undefined ? undefined : checkName(changes.name);
      if (name !== undefined && name !== current.name && (await findStrategyByName(trx, name))) {
        throw new Conflict(`Strategy '${name}' already exists`);
      }
      await updateStrategy(trx, id, {
        ...(name !== undefined ? { name } : {}),
        ...(changes.options ? { options: JSON.stringify(changes.options) } : {}),
        ...(changes.enabled !== undefined ? { enabled: changes.enabled ? 1 : 0 } : {}),
        updated_at: stamp,
      });
    });
    this.snapshots = undefined;
  }

  /** Gives the targets this strategy, or with null takes their strategy away. */
  async assign(strategyId: number | null, targets: StrategyTargets): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (strategyId !== null && !(await findStrategyById(trx, strategyId)))
        throw new NotFound('Strategy not found');
      await assignStrategy(trx, strategyId, targets);
    });
    this.directory.clear();
  }

  private async load(): Promise<Map<number, StrategySnapshot>> {
    if (!this.snapshots) {
      const rows = await listStrategies(this.db);
      this.snapshots = new Map(rows.map((row) => [row.id, toSnapshot(row)]));
    }
    return this.snapshots;
  }

  /**
   * The current time, or one past the newest stamp when the clock has not moved on. Taken before the
   * write's transaction (the cache reads outside it) and never handed out twice.
   */
  private async nextStamp(): Promise<number> {
    const newest = Math.max(0, ...[...(await this.load()).values()].map((s) => s.stamp));
    this.lastStamp = Math.max(this.clock(), newest + 1, this.lastStamp + 1);
    return this.lastStamp;
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new BadRequest('name must not be empty');
  return trimmed;
}

function toSnapshot(row: StrategyRow): StrategySnapshot {
  let options: Record<string, string> = {};
  try {
    const parsed: unknown = JSON.parse(row.options);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      options = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    }
  } catch {
    options = {};
  }
  return { id: row.id, enabled: row.enabled === 1, options, stamp: row.updated_at };
}
