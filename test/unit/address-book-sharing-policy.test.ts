import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src/domain/address-books/rules.js';
import {
  type SharingChange,
  type SharingRefusal,
  sharingRefusal,
} from '../../src/domain/address-books/sharing-policy.js';

const OWNER = 1;
const owner: Caller = { kind: 'user', userId: OWNER, userGroupId: 10, isAdmin: false };
const fullControlByRule: Caller = { kind: 'user', userId: 2, userGroupId: 10, isAdmin: false };
const admin: Caller = { kind: 'user', userId: 9, userGroupId: 10, isAdmin: true };
const token: Caller = { kind: 'token', creatorId: 9 };

const create: SharingChange = { kind: 'create-book' };
const rules: SharingChange = { kind: 'change-rules' };
const giveAway: SharingChange = { kind: 'change-owner', currentOwnerId: OWNER };

describe('sharingRefusal(change, caller, nonAdminSharing)', () => {
  const allowed: Array<[string, SharingChange, Caller, boolean]> = [
    ['an administrator creates with sharing off', create, admin, false],
    ['an administrator changes rules with sharing off', rules, admin, false],
    ['an administrator gives a book away with sharing off', giveAway, admin, false],
    ['an API token gives a book away with sharing off', giveAway, token, false],
    ['a member creates with sharing on', create, owner, true],
    ['full control by rule changes rules with sharing on', rules, fullControlByRule, true],
    ['the owner gives the book away with sharing on', giveAway, owner, true],
  ];
  it.each(allowed)('allows: %s', (_, change, caller, sharing) => {
    expect(sharingRefusal(change, caller, sharing)).toBeNull();
  });

  const refused: Array<[string, SharingChange, Caller, boolean, SharingRefusal]> = [
    ['a member creates with sharing off', create, owner, false, 'sharing_create_admin_only'],
    ['the owner changes rules with sharing off', rules, owner, false, 'sharing_admin_only'],
    [
      'full control by rule changes rules with sharing off',
      rules,
      fullControlByRule,
      false,
      'sharing_admin_only',
    ],
    ['the owner gives the book away with sharing off', giveAway, owner, false, 'sharing_admin_only'],
    [
      'full control by rule takes the book with sharing off',
      giveAway,
      fullControlByRule,
      false,
      'sharing_owner_only',
    ],
    [
      'full control by rule takes the book with sharing on',
      giveAway,
      fullControlByRule,
      true,
      'sharing_owner_only',
    ],
  ];
  it.each(refused)('refuses: %s', (_, change, caller, sharing, code) => {
    expect(sharingRefusal(change, caller, sharing)).toBe(code);
  });
});
