import type { IncomingAccess, ListedDeviceGroup } from './repository.js';

/** Access rule types of `allowed_incomings` (admin-api.md §10): 0 a user group, 2 a user. */
export const ACCESS_FROM_USER_GROUP = 0;
export const ACCESS_FROM_USER = 2;

/** A device group as device_group.py and the console read it; times in epoch seconds. */
export function presentDeviceGroup(row: ListedDeviceGroup, incoming: readonly IncomingAccess[]) {
  return {
    guid: row.guid,
    name: row.name,
    note: row.note,
    created_at: Math.floor(row.created_at / 1000),
    allowed_incomings: incoming
      .filter((rule) => rule.deviceGroupId === row.id)
      .flatMap((rule) => {
        if (rule.userGroupName !== null) return [{ type: ACCESS_FROM_USER_GROUP, name: rule.userGroupName }];
        if (rule.userName !== null) return [{ type: ACCESS_FROM_USER, name: rule.userName }];
        return [];
      }),
    device_count: row.device_count,
    strategy_name: row.strategy_name,
  };
}

export type PresentedDeviceGroup = ReturnType<typeof presentDeviceGroup>;
