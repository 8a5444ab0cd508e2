/**
 * Which strategy governs a device, and what its next heartbeat must push. Pure functions.
 *
 * The strategy in effect is the device's own, else its user's, else its device group's. A disabled
 * strategy still holds its place but pushes nothing. The client remembers the `modified_at` it last got;
 * when ours differs, we push the options, plus "" for every key it got earlier that the new options no
 * longer set, so that the client reverts them (client-api.md §6).
 */

export interface StrategySnapshot {
  id: number;
  enabled: boolean;
  options: Record<string, string>;
  /** Distinct for every strategy and every edit (see StrategiesService), so it identifies a version. */
  stamp: number;
}

export interface StrategyAssignments {
  device: number | null;
  user: number | null;
  deviceGroup: number | null;
}

export type StrategySource = 'device' | 'user' | 'device_group';

export function strategyInEffect(
  assigned: StrategyAssignments,
): { strategyId: number; source: StrategySource } | null {
  if (assigned.device !== null) return { strategyId: assigned.device, source: 'device' };
  if (assigned.user !== null) return { strategyId: assigned.user, source: 'user' };
  if (assigned.deviceGroup !== null) return { strategyId: assigned.deviceGroup, source: 'device_group' };
  return null;
}

/** What a device should hold now: the options and the stamp that names them (0 = no strategy). */
export interface EffectiveOptions {
  stamp: number;
  options: Record<string, string>;
}

/** What a device without a strategy in effect holds: shared, since every heartbeat of one asks. */
const NO_OPTIONS: EffectiveOptions = Object.freeze({ stamp: 0, options: Object.freeze({}) });

export function effectiveOptions(strategy: StrategySnapshot | undefined): EffectiveOptions {
  if (!strategy?.enabled) return NO_OPTIONS;
  return { stamp: strategy.stamp, options: strategy.options };
}

/**
 * What we told a device last: the stamp and option keys of our last push, and the keys it may still
 * hold from before that push if it never applied it (a lost answer).
 */
export interface PushState {
  stamp: number;
  keys: string[];
  previous: string[];
}

export const EMPTY_PUSH_STATE: PushState = { stamp: 0, keys: [], previous: [] };

export function samePushState(a: PushState, b: PushState): boolean {
  return a.stamp === b.stamp && sameKeys(a.keys, b.keys) && sameKeys(a.previous, b.previous);
}

// A loop, not `every` with a closure: every heartbeat compares push states.
function sameKeys(x: string[], y: string[]): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

export interface PushDecision {
  /** What to put in the heartbeat response, or null when the client is up to date. */
  push: { modified_at: number; strategy: { config_options: Record<string, string> } } | null;
  state: PushState;
}

/** @param clientStamp the `modified_at` the client sent, i.e. the last push it applied */
export function decidePush(clientStamp: number, state: PushState, target: EffectiveOptions): PushDecision {
  const targetKeys = Object.keys(target.options);
  if (clientStamp === target.stamp) {
    return { push: null, state: { stamp: target.stamp, keys: targetKeys, previous: [] } };
  }
  // If the client applied our last push it holds exactly its keys; otherwise maybe the older ones too.
  const possiblyHeld =
    clientStamp === state.stamp ? state.keys : [...new Set([...state.previous, ...state.keys])];
  const reverts = possiblyHeld.filter((key) => !(key in target.options));
  const configOptions: Record<string, string> = {};
  for (const key of reverts) configOptions[key] = '';
  Object.assign(configOptions, target.options);
  return {
    push: { modified_at: target.stamp, strategy: { config_options: configOptions } },
    state: { stamp: target.stamp, keys: targetKeys, previous: reverts },
  };
}
