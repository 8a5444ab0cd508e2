/**
 * Who may reach which device (features.md §6, §7, §9), as pure functions over plain data.
 *
 * A logged-in user reaches a device when the device is assigned to them, when its assigned user is in
 * their user group or in a user group that a cross-group rule opens to them, or when it is in a device
 * group that a rule opens to them. Rules come from the user's group or from the user alone
 * (features §6 "user-level ACL"). Administrators reach every device. Nobody reaches a disabled device
 * or a device whose assigned user is disabled (features §5.4, §8.4).
 *
 * The decision has two halves so that lists can be paged in the database: `accessScope` says what a
 * user is allowed (a few id lists), and `canReach` applies it to one device. The repository turns the
 * same scope into one SQL condition; a test checks that both halves agree.
 */

/** users.status / devices.status values the decision depends on. */
export const USER_DISABLED = 0;
export const DEVICE_ENABLED = 1;

/** The logged-in user asking. */
export interface AccessSubject {
  id: number;
  groupId: number;
  isAdmin: boolean;
  /** users.status: 1 normal, 0 disabled, -1 unverified. */
  status: number;
}

/** One row of group_access: `from` (a user group or a single user) may reach `to`. */
export interface AccessEdge {
  fromUserGroupId: number | null;
  fromUserId: number | null;
  /** The users of this user group, and their devices. */
  toUserGroupId: number | null;
  toDeviceGroupId: number | null;
}

/** What one user may reach: everything, or whatever matches one of the id lists. */
export interface AccessScope {
  all: boolean;
  /** Devices assigned to these users. */
  userIds: number[];
  /** Devices whose assigned user is in one of these user groups, and those users themselves. */
  userGroupIds: number[];
  /** Devices in these device groups, and the groups themselves. */
  deviceGroupIds: number[];
}

/** A device as the decision sees it, with the facts of its assigned user. */
export interface DeviceFacts {
  /** devices.status: 1 enabled, 0 disabled. */
  status: number;
  userId: number | null;
  ownerGroupId: number | null;
  ownerStatus: number | null;
  deviceGroupId: number | null;
}

/** A user as the decision sees it, when listing the users whose devices one may reach. */
export interface UserFacts {
  id: number;
  groupId: number;
  status: number;
}

/** The scope of `subject`, given any list of edges (those that do not start at the subject are ignored). */
export function accessScope(subject: AccessSubject, edges: readonly AccessEdge[]): AccessScope {
  // A disabled account cannot log in; should one still be asked about, it reaches nothing.
  if (subject.status === USER_DISABLED)
    return { all: false, userIds: [], userGroupIds: [], deviceGroupIds: [] };
  if (subject.isAdmin) return { all: true, userIds: [], userGroupIds: [], deviceGroupIds: [] };
  const userGroupIds = new Set([subject.groupId]);
  const deviceGroupIds = new Set<number>();
  for (const edge of edges) {
    const fromSubject = edge.fromUserId === subject.id || edge.fromUserGroupId === subject.groupId;
    if (!fromSubject) continue;
    if (edge.toUserGroupId !== null) userGroupIds.add(edge.toUserGroupId);
    if (edge.toDeviceGroupId !== null) deviceGroupIds.add(edge.toDeviceGroupId);
  }
  return {
    all: false,
    userIds: [subject.id],
    userGroupIds: [...userGroupIds].sort((a, b) => a - b),
    deviceGroupIds: [...deviceGroupIds].sort((a, b) => a - b),
  };
}

/** Whether a user holding `scope` may reach `device`. */
export function canReach(scope: AccessScope, device: DeviceFacts): boolean {
  if (device.status !== DEVICE_ENABLED) return false;
  if (device.userId !== null && device.ownerStatus === USER_DISABLED) return false;
  if (scope.all) return true;
  if (device.userId !== null && scope.userIds.includes(device.userId)) return true;
  if (device.ownerGroupId !== null && scope.userGroupIds.includes(device.ownerGroupId)) return true;
  return device.deviceGroupId !== null && scope.deviceGroupIds.includes(device.deviceGroupId);
}

/** Whether `user` belongs in the list of users whose devices a holder of `scope` may reach. */
export function canReachUser(scope: AccessScope, user: UserFacts): boolean {
  if (user.status === USER_DISABLED) return false;
  return scope.all || scope.userIds.includes(user.id) || scope.userGroupIds.includes(user.groupId);
}

/** Whether a holder of `scope` sees the device group `deviceGroupId` in their accessible list. */
export function canReachDeviceGroup(scope: AccessScope, deviceGroupId: number): boolean {
  return scope.all || scope.deviceGroupIds.includes(deviceGroupId);
}
