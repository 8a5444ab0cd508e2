import { BadRequest, type Codes } from '../../http/errors.js';
import type { AccessEnd } from './repository.js';

/** The `type` of an access rule in user_group.py and device_group.py (admin-api.md §4.2). */
export const RULE_TYPE = { userGroup: 0, deviceGroup: 1, user: 2 } as const;

/**
 * The two views of a user group's edges in `group_access`: `allowed_outgoings` (what its users may reach:
 * user groups and device groups) and `allowed_incomings` (who may reach its users: user groups and users).
 */
export type RuleDirection = 'allowed_incomings' | 'allowed_outgoings';

export interface AccessRule {
  type: number;
  name: string;
}

const TYPES_OF: Record<
  RuleDirection,
  { types: readonly number[]; refusal: Codes<'outgoing_rule_type' | 'incoming_rule_type'> }
> = {
  allowed_outgoings: { types: [RULE_TYPE.userGroup, RULE_TYPE.deviceGroup], refusal: 'outgoing_rule_type' },
  allowed_incomings: { types: [RULE_TYPE.userGroup, RULE_TYPE.user], refusal: 'incoming_rule_type' },
};

/** Checks each rule's type against its direction and drops repeated rules. */
export function checkRules(direction: RuleDirection, rules: readonly AccessRule[]): AccessRule[] {
  const { types, refusal } = TYPES_OF[direction];
  const seen = new Set<string>();
  const unique: AccessRule[] = [];
  rules.forEach((rule, index) => {
    if (!types.includes(rule.type)) throw new BadRequest(refusal, { field: `${direction}[${index}]` });
    const key = `${rule.type}:${rule.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    unique.push({ type: rule.type, name: rule.name });
  });
  return unique;
}

/** An edge end read back from the database as the `{type, name}` the scripts send. */
export function ruleOf(end: AccessEnd): AccessRule | null {
  if (end.userGroupName !== null) return { type: RULE_TYPE.userGroup, name: end.userGroupName };
  if (end.deviceGroupName !== null) return { type: RULE_TYPE.deviceGroup, name: end.deviceGroupName };
  if (end.userName !== null) return { type: RULE_TYPE.user, name: end.userName };
  return null;
}

/** Each group's rules, by group id, in the order the edges were made. */
export function rulesByGroup(ends: readonly AccessEnd[]): Map<number, AccessRule[]> {
  const byGroup = new Map<number, AccessRule[]>();
  for (const end of ends) {
    const rule = ruleOf(end);
    if (!rule) continue;
    const list = byGroup.get(end.groupId) ?? [];
    list.push(rule);
    byGroup.set(end.groupId, list);
  }
  return byGroup;
}
