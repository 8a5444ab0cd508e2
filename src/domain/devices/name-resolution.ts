import type { Db } from '../../db/schema.js';
import { NotFound, throwAll } from '../../http/errors.js';
import { findDeviceGroupByName } from '../device-groups/repository.js';
import { findStrategyByName } from '../strategies/repository.js';
import { findUserByName } from '../users/repository.js';
import type { NamedAssignments } from './assignments.js';
import type { DeviceChanges } from './device-changes.js';

/** The user, strategy and device group of many devices at once (bulk assign). */
export type BulkAssign = Pick<DeviceChanges, 'userName' | 'deviceGroupName' | 'strategyName'>;

export type AssignmentColumns = {
  user_id?: number | null;
  strategy_id?: number | null;
  device_group_id?: number | null;
};

/** The three assignments by name, the column each sets, and how to find a name. */
const ASSIGNABLE = [
  { field: 'userName', column: 'user_id', code: 'user_not_found', find: findUserByName },
  { field: 'strategyName', column: 'strategy_id', code: 'strategy_not_found', find: findStrategyByName },
  {
    field: 'deviceGroupName',
    column: 'device_group_id',
    code: 'device_group_not_found',
    find: findDeviceGroupByName,
  },
] as const;

/** Names to resolve (through applyNamedAssignments), and assignments to take away (null or ""). */
export function splitChanges(changes: DeviceChanges): {
  names: NamedAssignments;
  cleared: AssignmentColumns;
} {
  const names: NamedAssignments = {};
  const cleared: AssignmentColumns = {};
  for (const { field, column } of ASSIGNABLE) {
    const value = changes[field];
    if (value === null || value === '') cleared[column] = null;
    else if (value !== undefined) names[field] = value;
  }
  if (changes.note !== undefined) names.note = changes.note;
  if (changes.deviceName !== undefined) names.deviceName = changes.deviceName;
  if (changes.deviceUsername !== undefined) names.deviceUsername = changes.deviceUsername;
  return { names, cleared };
}

/** Resolves the names of a bulk assignment once, naming every one that does not exist. */
export async function resolveNames(db: Db, changes: BulkAssign): Promise<AssignmentColumns> {
  const columns: AssignmentColumns = {};
  const unknown: NotFound[] = [];
  for (const { field, column, code, find } of ASSIGNABLE) {
    const value = changes[field];
    if (value === undefined) continue;
    if (value === null || value === '') {
      columns[column] = null;
      continue;
    }
    const found = await find(db, value);
    if (found) columns[column] = found.id;
    else unknown.push(new NotFound(code, { name: value }));
  }
  throwAll(unknown);
  return columns;
}
