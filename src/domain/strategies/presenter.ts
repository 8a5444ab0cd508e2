import type { StrategyRow } from '../../db/schema.js';
import type { DirectAssignments } from './repository.js';

/** The stored option map; anything that is not an object of strings reads as no options. */
export function parseOptions(json: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]));
    }
  } catch {
    // A hand-edited row with broken JSON governs nothing rather than failing every heartbeat.
  }
  return {};
}

/**
 * A strategy as listed. Times are epoch seconds; `updated_at` is when what the devices receive (options,
 * enabled) last changed. `device_count` counts the devices it governs in effect.
 */
export function presentStrategy(row: StrategyRow, deviceCount: number) {
  return {
    guid: row.guid,
    name: row.name,
    enabled: row.enabled === 1,
    note: row.note,
    options: parseOptions(row.options),
    created_at: Math.floor(row.created_at / 1000),
    updated_at: Math.floor(row.updated_at / 1000),
    device_count: deviceCount,
  };
}

/** A strategy with the devices, users and device groups it is given to directly. */
export function presentStrategyDetail(row: StrategyRow, deviceCount: number, assigned: DirectAssignments) {
  return {
    ...presentStrategy(row, deviceCount),
    devices: assigned.devices.map((d) => ({ guid: d.guid, id: d.peer_id })),
    users: assigned.users.map((u) => ({ guid: u.guid, name: u.name })),
    device_groups: assigned.deviceGroups.map((g) => ({ guid: g.guid, name: g.name })),
  };
}
