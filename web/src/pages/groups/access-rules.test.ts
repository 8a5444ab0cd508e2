import { describe, expect, it } from 'vitest';
import {
  incomingAccessChanges,
  incomingAccessOf,
  RULE_TYPE,
  sameRules,
  userGroupAccessChanges,
  userGroupAccessOf,
} from './access-rules';

const engineering = {
  allowed_outgoings: [
    { type: RULE_TYPE.deviceGroup, name: 'Servers' },
    { type: RULE_TYPE.userGroup, name: 'Support' },
    { type: RULE_TYPE.deviceGroup, name: 'Laptops' },
  ],
  allowed_incomings: [
    { type: RULE_TYPE.user, name: 'alice' },
    { type: RULE_TYPE.userGroup, name: 'Admins' },
  ],
};

describe('access rules in the editors', () => {
  it('splits a group’s rules into names per kind of rule end', () => {
    expect(userGroupAccessOf(engineering)).toEqual({
      toUserGroups: ['Support'],
      toDeviceGroups: ['Servers', 'Laptops'],
      fromUserGroups: ['Admins'],
      fromUsers: ['alice'],
    });
    expect(incomingAccessOf({ allowed_incomings: [] })).toEqual({ fromUserGroups: [], fromUsers: [] });
  });

  it('sends nothing when the rules are the same, in whatever order', () => {
    expect(
      userGroupAccessChanges(engineering, {
        toUserGroups: ['Support'],
        toDeviceGroups: ['Laptops', 'Servers'],
        fromUserGroups: ['Admins'],
        fromUsers: ['alice'],
      }),
    ).toEqual({});
  });

  it('sends only the direction that changed, trimmed and without repeats', () => {
    expect(
      userGroupAccessChanges(engineering, {
        ...userGroupAccessOf(engineering),
        toDeviceGroups: ['Servers', ' Printers ', 'Servers', ''],
      }),
    ).toEqual({
      allowed_outgoings: [
        { type: RULE_TYPE.userGroup, name: 'Support' },
        { type: RULE_TYPE.deviceGroup, name: 'Servers' },
        { type: RULE_TYPE.deviceGroup, name: 'Printers' },
      ],
    });
    expect(userGroupAccessChanges(engineering, { ...userGroupAccessOf(engineering), fromUsers: [] })).toEqual(
      { allowed_incomings: [{ type: RULE_TYPE.userGroup, name: 'Admins' }] },
    );
  });

  it('clears a device group’s rules with an empty list', () => {
    const servers = { allowed_incomings: [{ type: RULE_TYPE.userGroup, name: 'Engineering' }] };
    expect(incomingAccessChanges(servers, { fromUserGroups: [], fromUsers: [] })).toEqual({
      allowed_incomings: [],
    });
    expect(incomingAccessChanges(servers, { fromUserGroups: ['Engineering'], fromUsers: ['bob'] })).toEqual({
      allowed_incomings: [
        { type: RULE_TYPE.userGroup, name: 'Engineering' },
        { type: RULE_TYPE.user, name: 'bob' },
      ],
    });
  });

  it('tells a user group from a user of the same name', () => {
    expect(
      sameRules([{ type: RULE_TYPE.userGroup, name: 'ops' }], [{ type: RULE_TYPE.user, name: 'ops' }]),
    ).toBe(false);
  });
});
