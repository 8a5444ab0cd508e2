/** The body of POST /api/strategies/assign: without `strategy`, the targets lose theirs. */
export interface AssignRequest {
  strategy?: string;
  peers: string[];
  users: string[];
  groups: string[];
}

export const TARGET_KINDS = ['devices', 'users', 'deviceGroups'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** A row of a target list, reduced to what assignment needs. */
export interface Target {
  guid: string;
  /** The strategy the target carries itself (not one it inherits), or null. */
  ownStrategy: string | null;
}

export type TargetSelection = Record<TargetKind, readonly Target[]>;

/** A device's own strategy: the list shows the one in effect, and where it comes from. */
export function deviceOwnStrategy(device: {
  strategy_name: string | null;
  strategy_source: string | null;
}): string | null {
  return device.strategy_source === 'device' ? device.strategy_name : null;
}

/** Users and device groups list their own strategy; the users' list says "" for none. */
export function ownStrategyOf(row: { strategy_name: string | null }): string | null {
  return row.strategy_name === null || row.strategy_name === '' ? null : row.strategy_name;
}

export function selectedCount(selection: TargetSelection): number {
  return TARGET_KINDS.reduce((sum, kind) => sum + selection[kind].length, 0);
}

function guids(targets: readonly Target[]): string[] {
  return [...new Set(targets.map((target) => target.guid))];
}

/** Gives the strategy to every selected target. */
export function assignRequest(strategyGuid: string, selection: TargetSelection): AssignRequest {
  return {
    strategy: strategyGuid,
    peers: guids(selection.devices),
    users: guids(selection.users),
    groups: guids(selection.deviceGroups),
  };
}

/**
 * Takes this strategy away from the selected targets that carry it themselves. The API would take any
 * strategy away; a target with another strategy (or one it only inherits) keeps what it has.
 */
export function unassignRequest(strategyName: string, selection: TargetSelection): AssignRequest {
  const carrying = (targets: readonly Target[]) =>
    guids(targets.filter((target) => target.ownStrategy === strategyName));
  return {
    peers: carrying(selection.devices),
    users: carrying(selection.users),
    groups: carrying(selection.deviceGroups),
  };
}

/** How many targets a request names. */
export function requestSize(request: AssignRequest): number {
  return request.peers.length + request.users.length + request.groups.length;
}
