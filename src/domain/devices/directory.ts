import type { Db } from '../../db/schema.js';
import { versionNumber } from '../../lib/version.js';
import { EMPTY_PUSH_STATE, type PushState, type StrategyAssignments } from '../strategies/effective.js';
import type { Presence } from './presence.js';
import { findHeartbeatFacts } from './repository.js';

/** The facts about one device that a heartbeat needs. */
export interface HeartbeatFacts {
  id: number;
  peerId: string;
  uuid: string;
  /** The reported version as the heartbeat's `ver` number, to notice upgrades. */
  versionNumber: number;
  /** False for a device registered by --deploy or --assign that has not sent its sysinfo yet. */
  hasSysinfo: boolean;
  strategies: StrategyAssignments;
  /** What the last strategy push told the device. */
  pushState: PushState;
  /**
   * The device's presence as its last heartbeat since these facts were read left it: kept here so that
   * a heartbeat finds facts and presence with one lookup among all devices, not two.
   */
  presence: Presence | undefined;
}

/**
 * Whether a request naming these facts' ID and `uuid` comes from the machine that registered it. An
 * empty uuid on either side proves nothing, so it never matches.
 */
export function isRegisteredMachine(facts: HeartbeatFacts | null, uuid: string): facts is HeartbeatFacts {
  return facts !== null && uuid !== '' && facts.uuid === uuid;
}

/** False for a device registered by --deploy or --assign that has not sent its sysinfo yet. */
export function hasSentSysinfo(device: { os: string; version: string }): boolean {
  return device.os !== '' || device.version !== '';
}

/** Above this many cached entries (a flood of unknown ids, say) the cache starts over. */
const MAX_ENTRIES = 1_000_000;

/**
 * A read-through cache of device facts keyed by RustDesk ID, so that a heartbeat costs no query once
 * its device is known. Unknown ids are cached too. Every change to a device, its user, its device
 * group or a strategy assignment must `forget` the device (or `clear` everything).
 */
export class DeviceDirectory {
  private readonly cache = new Map<string, HeartbeatFacts | null>();
  /** Bumped by every forget/clear, so that a read that raced with a change is not cached. */
  private generation = 0;

  constructor(private readonly db: Db) {}

  /** The cached facts of a device (null: cached as unknown); undefined when `get` has to read them. */
  peek(peerId: string): HeartbeatFacts | null | undefined {
    return this.cache.get(peerId);
  }

  async get(peerId: string): Promise<HeartbeatFacts | null> {
    const cached = this.cache.get(peerId);
    if (cached !== undefined) return cached;
    const generation = this.generation;
    const row = await findHeartbeatFacts(this.db, peerId);
    // Every device that heartbeats has an entry, so entries share what they can: the key string, and
    // one object for "no strategy anywhere" and for "nothing pushed yet".
    const facts: HeartbeatFacts | null = row
      ? {
          id: row.id,
          peerId,
          uuid: row.uuid,
          versionNumber: versionNumber(row.version),
          hasSysinfo: hasSentSysinfo(row),
          strategies:
            row.strategy_id === null && row.user_strategy_id === null && row.device_group_strategy_id === null
              ? NO_STRATEGIES
              : {
                  device: row.strategy_id,
                  user: row.user_strategy_id,
                  deviceGroup: row.device_group_strategy_id,
                },
          pushState: parsePushState(row.strategy_push),
          presence: undefined,
        }
      : null;
    if (generation === this.generation) {
      if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
      this.cache.set(peerId, facts);
    }
    return facts;
  }

  forget(peerId: string): void {
    this.generation += 1;
    this.cache.delete(peerId);
  }

  clear(): void {
    this.generation += 1;
    this.cache.clear();
  }
}

/** Shared by every device that has no strategy of its own, of its user or of its device group. */
const NO_STRATEGIES: StrategyAssignments = Object.freeze({ device: null, user: null, deviceGroup: null });

function parsePushState(json: string): PushState {
  // What a device holds until its first push: the usual case, shared rather than parsed.
  if (json === '{}') return EMPTY_PUSH_STATE;
  try {
    const value = JSON.parse(json) as Partial<PushState>;
    const strings = (list: unknown) =>
      Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string') : [];
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? { stamp: Number(value.stamp) || 0, keys: strings(value.keys), previous: strings(value.previous) }
      : EMPTY_PUSH_STATE;
  } catch {
    return EMPTY_PUSH_STATE;
  }
}
