import { isUniqueViolation } from '../../db/errors.js';
import type { Db, StrategyRow } from '../../db/schema.js';
import { BadRequest, type Codes, Conflict, type ErrorDetail, NotFound } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { type Actor, describe, recordConsoleAudit } from '../console-audit/record.js';
import type { DeviceDirectory } from '../devices/directory.js';
import { validateOptions } from './catalogue.js';
import {
  type EffectiveOptions,
  effectiveOptions,
  type StrategyAssignments,
  type StrategySnapshot,
  strategyInEffect,
} from './effective.js';
import { parseOptions, presentStrategy, presentStrategyDetail } from './presenter.js';
import {
  assignStrategy,
  countGovernedDevices,
  deleteStrategy,
  findDirectAssignments,
  findStrategyByGuid,
  findStrategyById,
  findStrategyByName,
  findTargetsByGuid,
  findTargetsById,
  insertStrategy,
  listStrategies,
  listStrategiesWithCounts,
  strategyNames,
  type TargetKind,
  type TargetRow,
  updateStrategy,
} from './repository.js';

export interface StrategyTargets {
  deviceIds: number[];
  userIds: number[];
  deviceGroupIds: number[];
}

/** Targets as the management API names them: guids of devices, users and device groups. */
export interface StrategyTargetGuids {
  devices: string[];
  users: string[];
  deviceGroups: string[];
}

export interface NewStrategy {
  name: string;
  options: Record<string, string>;
  note?: string;
  enabled?: boolean;
}

export interface StrategyChanges {
  name?: string;
  note?: string;
  /** Replaces the whole option map. */
  options?: Record<string, string>;
  enabled?: boolean;
}

export const MAX_NAME_LENGTH = 100;
export const MAX_NOTE_LENGTH = 1000;

const TARGET_NOUNS: Record<TargetKind, string> = {
  devices: 'devices',
  users: 'users',
  device_groups: 'device groups',
};

type ResolvedTargets = Record<TargetKind, TargetRow[]>;

/**
 * Strategies: named maps of client options pushed to the devices they govern. All of them are kept in
 * memory (there are few) for the heartbeat. Every change of what devices receive (options, enabled)
 * bumps `updated_at` to a value no other strategy has, so that it names one version of one strategy:
 * the heartbeat compares it with the client's `modified_at`. Renaming or a new note does not, so that
 * devices do not re-apply options their users changed locally.
 */
export class StrategiesService {
  private snapshots: Map<number, StrategySnapshot> | undefined;
  /** Bumped by every write, so that a load that raced with a write is not cached. */
  private generation = 0;
  private lastStamp = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly directory: DeviceDirectory,
  ) {}

  async snapshot(id: number): Promise<StrategySnapshot | undefined> {
    return (await this.load()).get(id);
  }

  /** What a device with these assignments should hold: the options of the strategy in effect and its stamp. */
  async optionsInEffect(assigned: StrategyAssignments): Promise<EffectiveOptions> {
    const inEffect = strategyInEffect(assigned);
    return effectiveOptions(inEffect ? await this.snapshot(inEffect.strategyId) : undefined);
  }

  /**
   * `optionsInEffect` without waiting, for the heartbeat: undefined only when a strategy is in effect and
   * the strategies are not in memory (from a write until the next read loads them again).
   */
  optionsInEffectNow(assigned: StrategyAssignments): EffectiveOptions | undefined {
    const inEffect = strategyInEffect(assigned);
    if (!inEffect) return effectiveOptions(undefined);
    return this.snapshots ? effectiveOptions(this.snapshots.get(inEffect.strategyId)) : undefined;
  }

  /** Every strategy with the number of devices it governs in effect. */
  async list() {
    return (await listStrategiesWithCounts(this.db)).map((row) => presentStrategy(row, row.device_count));
  }

  /** One strategy as listed. */
  async get(guid: string) {
    const row = await this.byGuid(guid);
    return presentStrategy(row, await countGovernedDevices(this.db, row.id));
  }

  /** One strategy with the devices, users and device groups given it directly. */
  async view(guid: string) {
    const row = await this.byGuid(guid);
    return presentStrategyDetail(
      row,
      await countGovernedDevices(this.db, row.id),
      await findDirectAssignments(this.db, row.id),
    );
  }

  /** The id behind a guid; NotFound when there is none. */
  async idOf(guid: string): Promise<number> {
    return (await this.byGuid(guid)).id;
  }

  async create(input: NewStrategy, actor: Actor): Promise<StrategyRow> {
    const name = checkName(input.name);
    checkOptions(input.options);
    const note = checkNote(input.note ?? '');
    // Taken before the transaction: the stamp reads the cache, which reads outside it.
    const stamp = await this.nextStamp();
    const row = await this.write(() =>
      this.db.transaction().execute(async (trx) => {
        if (await findStrategyByName(trx, name)) throw new Conflict('strategy_exists', { name });
        const id = await insertStrategy(trx, {
          guid: uuidv7(this.clock()),
          name,
          options: JSON.stringify(input.options),
          note,
          ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
          now: stamp,
        });
        await recordConsoleAudit(trx, actor, {
          area: CONSOLE_AREA.strategy,
          operation: CONSOLE_OPERATION.addStrategy,
          detail: `strategy: ${name}`,
          now: this.clock(),
        });
        return (await findStrategyById(trx, id)) as StrategyRow;
      }),
    );
    return row;
  }

  /**
   * Renames, annotates, replaces the options, or enables/disables a strategy; the devices it governs get
   * a change of options or status at their next heartbeat. Nothing is written when nothing changes.
   */
  async update(id: number, changes: StrategyChanges, actor: Actor): Promise<StrategyRow> {
    const name = changes.name === undefined ? undefined : checkName(changes.name);
    const note = changes.note === undefined ? undefined : checkNote(changes.note);
    if (changes.options !== undefined) checkOptions(changes.options);
    // Taken before the transaction: the stamp reads the cache, which reads outside it.
    const stamp = await this.nextStamp();
    return this.write(() =>
      this.db.transaction().execute(async (trx) => {
        const current = await findStrategyById(trx, id);
        if (!current) throw new NotFound('strategy_id_not_found');
        const set: Parameters<typeof updateStrategy>[2] = {};
        const said: string[] = [];
        if (name !== undefined && name !== current.name) {
          if (await findStrategyByName(trx, name)) throw new Conflict('strategy_exists', { name });
          set.name = name;
          said.push(`renamed from ${current.name}`);
        }
        if (note !== undefined && note !== current.note) {
          set.note = note;
          said.push('note');
        }
        if (changes.options !== undefined && !sameOptions(changes.options, parseOptions(current.options))) {
          set.options = JSON.stringify(changes.options);
          said.push('options');
        }
        if (changes.enabled !== undefined && (changes.enabled ? 1 : 0) !== current.enabled) {
          set.enabled = changes.enabled ? 1 : 0;
          said.push(changes.enabled ? 'enabled' : 'disabled');
        }
        if (said.length === 0) return current;
        if (set.options !== undefined || set.enabled !== undefined) set.updated_at = stamp;
        await updateStrategy(trx, id, set);
        await recordConsoleAudit(trx, actor, {
          area: CONSOLE_AREA.strategy,
          operation: CONSOLE_OPERATION.updateStrategy,
          detail: `strategy: ${set.name ?? current.name} (${said.join('; ')})`,
          now: this.clock(),
        });
        return (await findStrategyById(trx, id)) as StrategyRow;
      }),
    );
  }

  /** A new strategy with the options and note of another, named "<name> (copy)" unless a name is given. */
  async duplicate(id: number, requestedName: string | undefined, actor: Actor): Promise<StrategyRow> {
    const source = await findStrategyById(this.db, id);
    if (!source) throw new NotFound('strategy_id_not_found');
    const name =
      requestedName === undefined
        ? copyName(source.name, new Set(await strategyNames(this.db)))
        : checkName(requestedName);
    return this.create(
      { name, options: parseOptions(source.options), note: source.note, enabled: source.enabled === 1 },
      actor,
    );
  }

  /** Deletes a strategy; its devices fall back to the next strategy in effect at their next heartbeat. */
  async remove(id: number, actor: Actor): Promise<void> {
    await this.write(() =>
      this.db.transaction().execute(async (trx) => {
        const current = await findStrategyById(trx, id);
        if (!current) throw new NotFound('strategy_id_not_found');
        await deleteStrategy(trx, id);
        await recordConsoleAudit(trx, actor, {
          area: CONSOLE_AREA.strategy,
          operation: CONSOLE_OPERATION.deleteStrategy,
          detail: `strategy: ${current.name}`,
          now: this.clock(),
        });
      }),
    );
    this.directory.clear();
  }

  /** Gives the targets this strategy, or with null takes their strategy away. */
  async assign(strategyId: number | null, targets: StrategyTargets, actor: Actor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const strategy = strategyId === null ? null : ((await findStrategyById(trx, strategyId)) ?? null);
      if (strategyId !== null && !strategy) throw new NotFound('strategy_id_not_found');
      const resolved: ResolvedTargets = {
        devices: await findTargetsById(trx, 'devices', unique(targets.deviceIds)),
        users: await findTargetsById(trx, 'users', unique(targets.userIds)),
        device_groups: await findTargetsById(trx, 'device_groups', unique(targets.deviceGroupIds)),
      };
      const missing = describeMissing(
        resolved,
        {
          devices: unique(targets.deviceIds).map(String),
          users: unique(targets.userIds).map(String),
          device_groups: unique(targets.deviceGroupIds).map(String),
        },
        (row) => String(row.id),
      );
      if (missing.length > 0) throw new NotFound('strategy_targets_missing', { missing });
      await this.applyAssignment(trx, strategy, resolved, actor);
    });
    this.directory.clear();
  }

  /**
   * `POST /api/strategies/assign`: gives the strategy of this guid (or with null, no strategy) to the
   * devices, users and device groups of these guids. Any unknown guid fails the whole call.
   */
  async assignByGuid(strategyGuid: string | null, targets: StrategyTargetGuids, actor: Actor): Promise<void> {
    const wanted: Record<TargetKind, string[]> = {
      devices: unique(targets.devices.map(lower)),
      users: unique(targets.users.map(lower)),
      device_groups: unique(targets.deviceGroups.map(lower)),
    };
    await this.db.transaction().execute(async (trx) => {
      const strategy =
        strategyGuid === null ? null : ((await findStrategyByGuid(trx, lower(strategyGuid))) ?? null);
      if (strategyGuid !== null && !strategy)
        throw new NotFound('strategy_guid_not_found', { guid: strategyGuid });
      const resolved: ResolvedTargets = {
        devices: await findTargetsByGuid(trx, 'devices', wanted.devices),
        users: await findTargetsByGuid(trx, 'users', wanted.users),
        device_groups: await findTargetsByGuid(trx, 'device_groups', wanted.device_groups),
      };
      const missing = describeMissing(resolved, wanted, (row) => row.guid);
      if (missing.length > 0) throw new NotFound('strategy_targets_not_found', { missing });
      await this.applyAssignment(trx, strategy, resolved, actor);
    });
    this.directory.clear();
  }

  private async applyAssignment(
    trx: Db,
    strategy: StrategyRow | null,
    targets: ResolvedTargets,
    actor: Actor,
  ): Promise<void> {
    const kinds = (Object.keys(TARGET_NOUNS) as TargetKind[]).filter((kind) => targets[kind].length > 0);
    if (kinds.length === 0) return;
    await assignStrategy(trx, strategy?.id ?? null, {
      deviceIds: targets.devices.map((row) => row.id),
      userIds: targets.users.map((row) => row.id),
      deviceGroupIds: targets.device_groups.map((row) => row.id),
    });
    const listed = kinds.map((kind) =>
      describe(TARGET_NOUNS[kind], targets[kind].map((row) => row.label).sort()),
    );
    await recordConsoleAudit(trx, actor, {
      area: CONSOLE_AREA.strategy,
      operation: CONSOLE_OPERATION.assignStrategy,
      detail: [strategy ? `strategy: ${strategy.name}` : 'strategy: none (unassigned)', ...listed].join('; '),
      now: this.clock(),
    });
  }

  private async byGuid(guid: string): Promise<StrategyRow> {
    const row = await findStrategyByGuid(this.db, lower(guid));
    if (!row) throw new NotFound('strategy_guid_not_found', { guid });
    return row;
  }

  /** Runs a write, then drops the cached snapshots, so that the next heartbeat sees it. */
  private async write<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw new Conflict('strategy_name_taken');
      throw error;
    } finally {
      this.generation += 1;
      this.snapshots = undefined;
    }
  }

  private async load(): Promise<Map<number, StrategySnapshot>> {
    if (this.snapshots) return this.snapshots;
    const generation = this.generation;
    const rows = await listStrategies(this.db);
    const snapshots = new Map(rows.map((row) => [row.id, toSnapshot(row)]));
    if (generation === this.generation) this.snapshots = snapshots;
    return snapshots;
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
  if (trimmed === '') throw new BadRequest('field_empty', { field: 'name' });
  if (trimmed.length > MAX_NAME_LENGTH)
    throw new BadRequest('field_too_long', { field: 'name', max: MAX_NAME_LENGTH });
  return trimmed;
}

function checkNote(note: string): string {
  if (note.length > MAX_NOTE_LENGTH)
    throw new BadRequest('field_too_long', { field: 'note', max: MAX_NOTE_LENGTH });
  return note;
}

function checkOptions(options: Record<string, string>): void {
  const error = validateOptions(options);
  if (error) throw error;
}

/** "<name> (copy)", or "(copy 2)", "(copy 3)"… when taken; cut so that it stays within the name limit. */
function copyName(name: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (copy)' : ` (copy ${n})`;
    const candidate = `${name.slice(0, MAX_NAME_LENGTH - suffix.length).trimEnd()}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function sameOptions(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

const MISSING_CODES: Record<
  TargetKind,
  Codes<'missing_devices' | 'missing_users' | 'missing_device_groups'>
> = {
  devices: 'missing_devices',
  users: 'missing_users',
  device_groups: 'missing_device_groups',
};

/** The wanted values no row was found for, by kind: "devices: <guid>, <guid>; users: <guid>" in English. */
function describeMissing(
  found: ResolvedTargets,
  wanted: Record<TargetKind, string[]>,
  keyOf: (row: TargetRow) => string,
): ErrorDetail[] {
  return (Object.keys(TARGET_NOUNS) as TargetKind[]).flatMap((kind) => {
    const present = new Set(found[kind].map(keyOf));
    const absent = wanted[kind].filter((value) => !present.has(value));
    return absent.length > 0 ? [{ code: MISSING_CODES[kind], ids: absent }] : [];
  });
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function lower(guid: string): string {
  return guid.toLowerCase();
}

function toSnapshot(row: StrategyRow): StrategySnapshot {
  return {
    id: row.id,
    enabled: row.enabled === 1,
    options: parseOptions(row.options),
    stamp: row.updated_at,
  };
}
