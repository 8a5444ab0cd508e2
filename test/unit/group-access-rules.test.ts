import { describe, expect, it } from 'vitest';
import { checkRules, RULE_TYPE, ruleOf, rulesByGroup } from '../../src/domain/user-groups/access-rules.js';

describe('user group access rules', () => {
  it('allowed_outgoings take user groups (0) and device groups (1)', () => {
    expect(
      checkRules('allowed_outgoings', [
        { type: 0, name: 'A' },
        { type: 1, name: 'B' },
      ]),
    ).toEqual([
      { type: 0, name: 'A' },
      { type: 1, name: 'B' },
    ]);
    expect(() =>
      checkRules('allowed_outgoings', [
        { type: 0, name: 'A' },
        { type: 2, name: 'u' },
      ]),
    ).toThrow(
      expect.objectContaining({
        status: 400,
        message: 'allowed_outgoings[1].type must be 0 (user group) or 1 (device group)',
      }),
    );
  });

  it('allowed_incomings take user groups (0) and users (2)', () => {
    expect(checkRules('allowed_incomings', [{ type: 2, name: 'u' }])).toEqual([{ type: 2, name: 'u' }]);
    for (const type of [1, 3, -1]) {
      expect(() => checkRules('allowed_incomings', [{ type, name: 'x' }])).toThrow(
        'allowed_incomings[0].type must be 0 (user group) or 2 (user)',
      );
    }
  });

  it('drops repeated rules, keeping the first, but not the same name of another type', () => {
    expect(
      checkRules('allowed_outgoings', [
        { type: 0, name: 'A' },
        { type: 1, name: 'A' },
        { type: 0, name: 'A' },
      ]),
    ).toEqual([
      { type: 0, name: 'A' },
      { type: 1, name: 'A' },
    ]);
  });

  it('reads edge ends back as {type, name}, grouped by user group', () => {
    const end = { userGroupName: null, deviceGroupName: null, userName: null };
    expect(ruleOf({ groupId: 1, ...end, userGroupName: 'G' })).toEqual({
      type: RULE_TYPE.userGroup,
      name: 'G',
    });
    expect(ruleOf({ groupId: 1, ...end, deviceGroupName: 'D' })).toEqual({
      type: RULE_TYPE.deviceGroup,
      name: 'D',
    });
    expect(ruleOf({ groupId: 1, ...end, userName: 'u' })).toEqual({ type: RULE_TYPE.user, name: 'u' });
    expect(ruleOf({ groupId: 1, ...end })).toBeNull();
    const grouped = rulesByGroup([
      { groupId: 1, ...end, userGroupName: 'G' },
      { groupId: 2, ...end, userName: 'u' },
      { groupId: 1, ...end, deviceGroupName: 'D' },
      { groupId: 2, ...end },
    ]);
    expect([...grouped.entries()]).toEqual([
      [
        1,
        [
          { type: 0, name: 'G' },
          { type: 1, name: 'D' },
        ],
      ],
      [2, [{ type: 2, name: 'u' }]],
    ]);
  });
});
