import { describe, expect, it } from 'vitest';
import {
  type AccessEdge,
  type AccessSubject,
  accessScope,
  canReach,
  canReachDeviceGroup,
  canReachUser,
  type DeviceFacts,
} from '../../src/domain/access/policy.js';

/*
 * A small world: user groups G1 (the subject's), G2 and G3; device groups DG1 and DG2.
 * Ids of users, groups and device groups are deliberately disjoint so that a mix-up shows.
 */
const G1 = 11;
const G2 = 12;
const G3 = 13;
const DG1 = 21;
const DG2 = 22;

interface Person extends AccessSubject {
  name: string;
}
const person = (name: string, id: number, groupId: number, extra: Partial<Person> = {}): Person => ({
  name,
  id,
  groupId,
  isAdmin: false,
  status: 1,
  ...extra,
});

const me = person('me', 1, G1);
const colleague = person('colleague', 2, G1);
const colleagueOff = person('disabled colleague', 3, G1, { status: 0 });
const invited = person('invited colleague', 4, G1, { status: -1 });
const partner = person('partner (G2)', 5, G2);
const stranger = person('stranger (G3)', 6, G3);
const strangerOff = person('disabled stranger (G3)', 7, G3, { status: 0 });
const admin = person('admin (G3)', 8, G3, { isAdmin: true });
const meOff = person('me, disabled', 9, G1, { status: 0 });
const adminOff = person('admin, disabled', 10, G3, { isAdmin: true, status: 0 });

const edge = (e: Partial<AccessEdge>): AccessEdge => ({
  fromUserGroupId: null,
  fromUserId: null,
  toUserGroupId: null,
  toDeviceGroupId: null,
  ...e,
});

const EDGES = {
  none: [],
  'G1→G2': [edge({ fromUserGroupId: G1, toUserGroupId: G2 })],
  'me→G2': [edge({ fromUserId: me.id, toUserGroupId: G2 })],
  'G1→DG1': [edge({ fromUserGroupId: G1, toDeviceGroupId: DG1 })],
  'me→DG1': [edge({ fromUserId: me.id, toDeviceGroupId: DG1 })],
  'G2→G1': [edge({ fromUserGroupId: G2, toUserGroupId: G1 })],
  'others only': [
    edge({ fromUserGroupId: G3, toUserGroupId: G2 }),
    edge({ fromUserId: partner.id, toDeviceGroupId: DG1 }),
    edge({ fromUserId: colleague.id, toUserGroupId: G2 }),
  ],
  all: [
    edge({ fromUserGroupId: G1, toUserGroupId: G2 }),
    edge({ fromUserId: me.id, toUserGroupId: G2 }),
    edge({ fromUserGroupId: G1, toDeviceGroupId: DG1 }),
    edge({ fromUserId: me.id, toDeviceGroupId: DG1 }),
  ],
} satisfies Record<string, AccessEdge[]>;
type EdgeSet = keyof typeof EDGES;

/** A device assigned to `owner` (or to nobody), in device group `deviceGroupId` (or none). */
function device(owner: Person | null, deviceGroupId: number | null = null, status = 1): DeviceFacts {
  return {
    status,
    userId: owner?.id ?? null,
    ownerGroupId: owner?.groupId ?? null,
    ownerStatus: owner?.status ?? null,
    deviceGroupId,
  };
}

const DISABLED = 0;

/** [subject, edge set, device description, device, may the subject reach it?] */
const DEVICE_MATRIX: Array<[Person, EdgeSet, string, DeviceFacts, boolean]> = [
  // Rule 1: one's own devices.
  [me, 'none', 'my device', device(me), true],
  [me, 'none', 'my device, disabled', device(me, null, DISABLED), false],
  [me, 'none', 'my device in a device group nobody opened', device(me, DG2), true],
  // Rule 2: devices of users of one's own group; the group is symmetric.
  [me, 'none', "a colleague's device", device(colleague), true],
  [colleague, 'none', 'my device', device(me), true],
  [me, 'none', "a disabled colleague's device", device(colleagueOff), false],
  [me, 'none', "an invited (unverified) colleague's device", device(invited), true],
  [me, 'none', "a colleague's disabled device", device(colleague, null, DISABLED), false],
  // Rule 3: user groups opened by an edge from one's group or from oneself.
  [me, 'none', "a G2 user's device", device(partner), false],
  [me, 'G1→G2', "a G2 user's device", device(partner), true],
  [me, 'me→G2', "a G2 user's device", device(partner), true],
  [me, 'G1→G2', "a G2 user's device in a closed device group", device(partner, DG2), true],
  [me, 'G1→G2', "a G3 user's device", device(stranger), false],
  [colleague, 'me→G2', "a G2 user's device (the edge is mine, not my group's)", device(partner), false],
  [colleague, 'G1→G2', "a G2 user's device (my group's edge)", device(partner), true],
  [me, 'G2→G1', "a G2 user's device (edges have a direction)", device(partner), false],
  [partner, 'G2→G1', 'my device, seen from G2 through G2→G1', device(me), true],
  [partner, 'G1→G2', 'my device, seen from G2 through G1→G2', device(me), false],
  [me, 'others only', "a G2 user's device (edges of others)", device(partner), false],
  // Rule 4: device groups opened by an edge; cumulative with the user rules.
  [me, 'none', 'an unassigned device in DG1', device(null, DG1), false],
  [me, 'G1→DG1', 'an unassigned device in DG1', device(null, DG1), true],
  [me, 'me→DG1', 'an unassigned device in DG1', device(null, DG1), true],
  [me, 'G1→DG1', 'an unassigned device in DG2', device(null, DG2), false],
  [me, 'G1→DG1', "a G3 user's device in DG1", device(stranger, DG1), true],
  [me, 'none', "a G3 user's device in DG1", device(stranger, DG1), false],
  [colleague, 'me→DG1', 'an unassigned device in DG1 (the edge is mine)', device(null, DG1), false],
  [colleague, 'G1→DG1', 'an unassigned device in DG1 (my group’s edge)', device(null, DG1), true],
  [me, 'G1→DG1', 'a disabled device in DG1', device(null, DG1, DISABLED), false],
  [me, 'G1→DG1', "a disabled G3 user's device in DG1", device(strangerOff, DG1), false],
  [me, 'others only', 'an unassigned device in DG1 (edges of others)', device(null, DG1), false],
  // Unassigned devices with no device group: administrators only (features §8.7).
  [me, 'none', 'an unassigned device', device(null), false],
  [me, 'all', 'an unassigned device', device(null), false],
  [me, 'all', "a G3 user's device", device(stranger), false],
  // Administrators reach every device that is enabled and whose user is not disabled.
  [admin, 'none', 'their own device', device(admin), true],
  [admin, 'none', "a G1 user's device", device(me), true],
  [admin, 'none', 'an unassigned device', device(null), true],
  [admin, 'none', 'an unassigned device in DG2', device(null, DG2), true],
  [admin, 'none', 'a disabled device', device(me, null, DISABLED), false],
  [admin, 'none', "a disabled user's device", device(colleagueOff), false],
  [admin, 'all', "a disabled user's device in DG1", device(strangerOff, DG1), false],
  // A disabled account reaches nothing, administrator or not.
  [meOff, 'none', 'my device', device(meOff), false],
  [meOff, 'none', "a colleague's device", device(colleague), false],
  [meOff, 'all', 'an unassigned device in DG1', device(null, DG1), false],
  [adminOff, 'none', 'an unassigned device', device(null), false],
];

describe('canReach(accessScope(user, edges), device): the device matrix', () => {
  for (const [subject, edgeSet, what, facts, expected] of DEVICE_MATRIX) {
    it(`${subject.name}, edges [${edgeSet}]: ${expected ? 'reaches' : 'does not reach'} ${what}`, () => {
      expect(canReach(accessScope(subject, EDGES[edgeSet]), facts)).toBe(expected);
    });
  }

  it('covers every rule with both answers', () => {
    expect(DEVICE_MATRIX.length).toBeGreaterThanOrEqual(30);
    expect(DEVICE_MATRIX.some((row) => row[4])).toBe(true);
    expect(DEVICE_MATRIX.some((row) => !row[4])).toBe(true);
  });
});

/** [subject, edge set, listed user, listed?] */
const USER_MATRIX: Array<[Person, EdgeSet, Person, boolean]> = [
  [me, 'none', me, true],
  [me, 'none', colleague, true],
  [me, 'none', colleagueOff, false],
  [me, 'none', invited, true],
  [me, 'none', partner, false],
  [me, 'G1→G2', partner, true],
  [me, 'me→G2', partner, true],
  [colleague, 'me→G2', partner, false],
  [me, 'G1→G2', stranger, false],
  [me, 'G1→DG1', stranger, false],
  [me, 'G2→G1', partner, false],
  [admin, 'none', me, true],
  [admin, 'none', partner, true],
  [admin, 'none', admin, true],
  [admin, 'none', colleagueOff, false],
  [meOff, 'all', colleague, false],
  [meOff, 'none', meOff, false],
];

describe('canReachUser: whose devices a user may reach', () => {
  for (const [subject, edgeSet, listed, expected] of USER_MATRIX) {
    it(`${subject.name}, edges [${edgeSet}]: ${expected ? 'lists' : 'does not list'} ${listed.name}`, () => {
      expect(canReachUser(accessScope(subject, EDGES[edgeSet]), listed)).toBe(expected);
    });
  }
});

/** [subject, edge set, device group, listed?] */
const DEVICE_GROUP_MATRIX: Array<[Person, EdgeSet, number, boolean]> = [
  [me, 'none', DG1, false],
  [me, 'G1→DG1', DG1, true],
  [me, 'me→DG1', DG1, true],
  [me, 'G1→DG1', DG2, false],
  [colleague, 'me→DG1', DG1, false],
  [colleague, 'G1→DG1', DG1, true],
  [me, 'G1→G2', DG1, false],
  [me, 'others only', DG1, false],
  [admin, 'none', DG1, true],
  [admin, 'none', DG2, true],
  [meOff, 'all', DG1, false],
];

describe('canReachDeviceGroup: the device groups a user sees', () => {
  for (const [subject, edgeSet, id, expected] of DEVICE_GROUP_MATRIX) {
    const name = id === DG1 ? 'DG1' : 'DG2';
    it(`${subject.name}, edges [${edgeSet}]: ${expected ? 'sees' : 'does not see'} ${name}`, () => {
      expect(canReachDeviceGroup(accessScope(subject, EDGES[edgeSet]), id)).toBe(expected);
    });
  }
});

describe('accessScope(user, edges)', () => {
  it('an administrator holds everything, whatever the edges', () => {
    expect(accessScope(admin, EDGES.all)).toEqual({
      all: true,
      userIds: [],
      userGroupIds: [],
      deviceGroupIds: [],
    });
  });

  it('a user holds themself, their group, and what edges from either open, once each and sorted', () => {
    const edges = [
      ...EDGES.all,
      edge({ fromUserGroupId: G1, toDeviceGroupId: DG2 }),
      edge({ fromUserId: me.id, toUserGroupId: G1 }),
      ...EDGES['others only'],
    ];
    expect(accessScope(me, edges)).toEqual({
      all: false,
      userIds: [me.id],
      userGroupIds: [G1, G2],
      deviceGroupIds: [DG1, DG2],
    });
  });

  it('an edge naming a user group and a device group at once opens both', () => {
    const both = edge({ fromUserId: me.id, toUserGroupId: G3, toDeviceGroupId: DG2 });
    expect(accessScope(me, [both])).toMatchObject({ userGroupIds: [G1, G3], deviceGroupIds: [DG2] });
  });

  it('a disabled user holds nothing', () => {
    expect(accessScope(meOff, EDGES.all)).toEqual({
      all: false,
      userIds: [],
      userGroupIds: [],
      deviceGroupIds: [],
    });
    expect(accessScope(adminOff, [])).toEqual({
      all: false,
      userIds: [],
      userGroupIds: [],
      deviceGroupIds: [],
    });
  });
});
