/**
 * Access rules as the API models them (admin-api.md §4.2): edges between a user or user group and a
 * user group or device group, each read from both ends. A user group lists the edges leaving it
 * (`allowed_outgoings`: user groups and device groups its users may reach) and those ending at it
 * (`allowed_incomings`: user groups and users that may reach its users); a device group lists only
 * those ending at it. The editors work on names per kind; these functions map both ways.
 */

/** The `type` of a rule end. */
export const RULE_TYPE = { userGroup: 0, deviceGroup: 1, user: 2 } as const;

export interface AccessRule {
  type: number;
  name: string;
}

/** The names of one kind of rule end, in the order the server gave them. */
export function namesOf(rules: readonly AccessRule[], type: number): string[] {
  return rules.filter((rule) => rule.type === type).map((rule) => rule.name);
}

/** Rules of one kind from a list of names: trimmed, without blanks and repeats. */
function rulesOf(type: number, names: readonly string[]): AccessRule[] {
  const unique = [...new Set(names.map((name) => name.trim()).filter((name) => name !== ''))];
  return unique.map((name) => ({ type, name }));
}

const keyOf = (rule: AccessRule) => `${rule.type}:${rule.name}`;

/** Whether two rule lists hold the same rules, whatever their order. */
export function sameRules(a: readonly AccessRule[], b: readonly AccessRule[]): boolean {
  const left = new Set(a.map(keyOf));
  const right = new Set(b.map(keyOf));
  return left.size === right.size && [...left].every((key) => right.has(key));
}

/** What may reach a group's members: the "can be accessed from" editor of both group kinds. */
export type IncomingAccess = {
  fromUserGroups: string[];
  fromUsers: string[];
};

/** The two editors of a user group. */
export type UserGroupAccess = IncomingAccess & {
  toUserGroups: string[];
  toDeviceGroups: string[];
};

export function incomingAccessOf(group: { allowed_incomings: readonly AccessRule[] }): IncomingAccess {
  return {
    fromUserGroups: namesOf(group.allowed_incomings, RULE_TYPE.userGroup),
    fromUsers: namesOf(group.allowed_incomings, RULE_TYPE.user),
  };
}

export function userGroupAccessOf(group: {
  allowed_incomings: readonly AccessRule[];
  allowed_outgoings: readonly AccessRule[];
}): UserGroupAccess {
  return {
    toUserGroups: namesOf(group.allowed_outgoings, RULE_TYPE.userGroup),
    toDeviceGroups: namesOf(group.allowed_outgoings, RULE_TYPE.deviceGroup),
    ...incomingAccessOf(group),
  };
}

function incomingRules(values: IncomingAccess): AccessRule[] {
  return [
    ...rulesOf(RULE_TYPE.userGroup, values.fromUserGroups),
    ...rulesOf(RULE_TYPE.user, values.fromUsers),
  ];
}

/**
 * The PATCH body for a device group's edited "accessed from" rules: only when they changed, since a
 * given list replaces the group's rules (and would undo a change made meanwhile elsewhere).
 */
export function incomingAccessChanges(
  group: { allowed_incomings: readonly AccessRule[] },
  values: IncomingAccess,
): { allowed_incomings?: AccessRule[] } {
  const incomings = incomingRules(values);
  return sameRules(incomings, group.allowed_incomings) ? {} : { allowed_incomings: incomings };
}

/** The PATCH body for a user group's edited rules: each direction only when it changed. */
export function userGroupAccessChanges(
  group: { allowed_incomings: readonly AccessRule[]; allowed_outgoings: readonly AccessRule[] },
  values: UserGroupAccess,
): { allowed_incomings?: AccessRule[]; allowed_outgoings?: AccessRule[] } {
  const outgoings = [
    ...rulesOf(RULE_TYPE.userGroup, values.toUserGroups),
    ...rulesOf(RULE_TYPE.deviceGroup, values.toDeviceGroups),
  ];
  return {
    ...incomingAccessChanges(group, values),
    ...(sameRules(outgoings, group.allowed_outgoings) ? {} : { allowed_outgoings: outgoings }),
  };
}
