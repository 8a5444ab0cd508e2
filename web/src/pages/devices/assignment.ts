import type { Assignment } from './devices-api';

export const ASSIGN_FIELDS = [
  { name: 'user_name', label: 'devices.user', kind: 'user' },
  { name: 'device_group_name', label: 'devices.deviceGroup', kind: 'deviceGroup' },
  { name: 'strategy_name', label: 'devices.strategy', kind: 'strategy' },
] as const;

type Field = (typeof ASSIGN_FIELDS)[number]['name'];
export type AssignValues = Record<Field, string> & Record<`remove_${Field}`, boolean>;

/** What the Assign form asks for: a name sets it, "remove" clears it, neither leaves it alone. */
export function assignmentOf(values: Partial<AssignValues>): Assignment {
  const assignment: Assignment = {};
  for (const { name } of ASSIGN_FIELDS) {
    const value = (values[name] ?? '').trim();
    if (values[`remove_${name}`]) assignment[name] = null;
    else if (value !== '') assignment[name] = value;
  }
  return assignment;
}
