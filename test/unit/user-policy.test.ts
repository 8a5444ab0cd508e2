import { describe, expect, it } from 'vitest';
import {
  accountCallerOf,
  checkEmail,
  checkUserName,
  ensureAdminRemains,
  ensureMayTouchAccount,
  ensureTokenMakesNoAdministrator,
  ensureTokenSparesAdministrators,
  fieldsBeyondOwnAccount,
  isEnabledAdmin,
} from '../../src/domain/users/policy.js';
import type { UserWithGroup } from '../../src/domain/users/repository.js';

const user = (id: number, isAdmin: boolean) => ({ id, is_admin: isAdmin ? 1 : 0 }) as UserWithGroup;

describe('who changes an account', () => {
  it('administrators and API tokens manage; other users are members', () => {
    expect(accountCallerOf({ kind: 'user', sessionId: 1, user: user(7, true) })).toEqual({
      manager: true,
      userId: 7,
      sessionId: 1,
    });
    expect(accountCallerOf({ kind: 'user', sessionId: 1, user: user(8, false) })).toEqual({
      manager: false,
      userId: 8,
      sessionId: 1,
    });
    const token = { kind: 'token', token: { created_by: 7 } } as Parameters<typeof accountCallerOf>[0];
    expect(accountCallerOf(token)).toEqual({ manager: true, userId: null, sessionId: null });
    expect(() => accountCallerOf(null)).toThrow(expect.objectContaining({ status: 401 }));
  });

  it('a member reaches only their own account, learning nothing about others', () => {
    expect(() => ensureMayTouchAccount({ manager: false, userId: 8, sessionId: 1 }, 8)).not.toThrow();
    for (const target of [9, undefined]) {
      expect(() => ensureMayTouchAccount({ manager: false, userId: 8, sessionId: 1 }, target)).toThrow(
        expect.objectContaining({ status: 403, message: 'You may only see and change your own account' }),
      );
    }
    expect(() => ensureMayTouchAccount({ manager: true, userId: null, sessionId: null }, 9)).not.toThrow();
  });

  it('a member may change display name, e-mail and password (with the current one), nothing else', () => {
    expect(
      fieldsBeyondOwnAccount({ display_name: 'A', email: 'a@b', password: 'x', current_password: 'y' }),
    ).toEqual([]);
    expect(
      fieldsBeyondOwnAccount({ note: 'x', display_name: 'A', is_admin: false, status: undefined }),
    ).toEqual(['note', 'is_admin']);
  });
});

describe('API tokens manage non-administrators only', () => {
  const member = { name: 'ann', is_admin: 0 };
  const admins = [
    { name: 'root', is_admin: 1 },
    { name: 'boss', is_admin: 1 },
  ];

  it('a token may not reach an administrator; sessions and the server itself may', () => {
    expect(() => ensureTokenSparesAdministrators('token', [member])).not.toThrow();
    expect(() => ensureTokenSparesAdministrators('token', [member, ...admins])).toThrow(
      expect.objectContaining({
        status: 403,
        message:
          "An API token cannot change administrators; use an administrator's console session: root, boss",
      }),
    );
    for (const via of ['session', 'system'] as const) {
      expect(() => ensureTokenSparesAdministrators(via, admins)).not.toThrow();
    }
  });

  it('a token may not make an administrator', () => {
    expect(() => ensureTokenMakesNoAdministrator('token', false)).not.toThrow();
    expect(() => ensureTokenMakesNoAdministrator('token', true)).toThrow(
      expect.objectContaining({ status: 403, message: expect.stringMatching(/^An API token cannot make/) }),
    );
    expect(() => ensureTokenMakesNoAdministrator('session', true)).not.toThrow();
  });
});

describe('the last enabled administrator', () => {
  const admin = { isAdmin: true, status: 1 };
  it.each([
    ['disabled', { isAdmin: true, status: 0 }],
    ['demoted', { isAdmin: false, status: 1 }],
    ['deleted', null],
  ])('cannot be %s while no other enabled administrator exists', (_case, after) => {
    expect(() => ensureAdminRemains('root', admin, after, 0)).toThrow(
      expect.objectContaining({
        status: 400,
        message: 'root is the last enabled administrator; make another user an administrator first',
      }),
    );
    expect(() => ensureAdminRemains('root', admin, after, 1)).not.toThrow();
  });

  it('changes that keep an enabled administrator, or touch other users, pass', () => {
    expect(() => ensureAdminRemains('root', admin, { isAdmin: true, status: 1 }, 0)).not.toThrow();
    expect(() => ensureAdminRemains('bob', { isAdmin: false, status: 1 }, null, 0)).not.toThrow();
    expect(() => ensureAdminRemains('old', { isAdmin: true, status: 0 }, null, 0)).not.toThrow();
    expect(isEnabledAdmin({ isAdmin: true, status: -1 })).toBe(false);
  });
});

describe('names and e-mail addresses', () => {
  it('trims user names and refuses empty ones and control characters', () => {
    expect(checkUserName('  alice ')).toBe('alice');
    expect(checkUserName('Mary Ann')).toBe('Mary Ann');
    expect(() => checkUserName('   ')).toThrow('name must not be empty');
    expect(() => checkUserName('a\nb')).toThrow('name must not contain control characters');
  });

  it('accepts an empty e-mail or one with a local part and a domain', () => {
    expect(checkEmail('')).toBe('');
    expect(checkEmail(' a@example.com ')).toBe('a@example.com');
    expect(checkEmail('root@localhost')).toBe('root@localhost');
    for (const bad of ['a', 'a@', '@b', 'a b@c', 'a@b@c']) {
      expect(() => checkEmail(bad), bad).toThrow('email is not a valid e-mail address');
    }
  });
});
