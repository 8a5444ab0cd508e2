import { describe, expect, it } from 'vitest';
import { EMPTY_CREATE_VALUES, editValuesOf, newUserBody, userChanges } from './user-forms';
import type { ManagedUser } from './users-api';

const ann: ManagedUser = {
  guid: '0190f2c4-0000-7000-8000-000000000001',
  name: 'ann',
  display_name: 'Ann',
  email: 'ann@example.com',
  note: '',
  status: 1,
  is_admin: false,
  group_name: 'Default',
  strategy_name: '',
  tfa_enforced: false,
  tfa_enabled: false,
  email_verification: false,
  default_password: false,
  local_password: true,
  auth_source: '',
  created_at: 1_700_000_000,
};

describe('the Create user form', () => {
  it('sends the name trimmed, the password as typed, and leaves empty optional fields out', () => {
    expect(
      newUserBody({ ...EMPTY_CREATE_VALUES, name: ' bob ', password: ' secret ', confirm: ' secret ' }),
    ).toEqual({ name: 'bob', password: ' secret ', group_name: 'Default' });
  });

  it('sends every field that was filled in, and the administrator flag only when set', () => {
    expect(
      newUserBody({
        name: 'bob',
        display_name: ' Bob B. ',
        email: ' bob@example.com ',
        note: ' front desk ',
        password: 'secret',
        confirm: 'secret',
        group_name: 'Sales',
        is_admin: true,
      }),
    ).toEqual({
      name: 'bob',
      display_name: 'Bob B.',
      email: 'bob@example.com',
      note: 'front desk',
      password: 'secret',
      group_name: 'Sales',
      is_admin: true,
    });
  });
});

describe('the Edit user form', () => {
  it('changes nothing when nothing was edited', () => {
    expect(userChanges(ann, editValuesOf(ann), false)).toEqual({});
  });

  it('sends only what differs, trimmed, including clearing a field', () => {
    expect(
      userChanges(
        ann,
        { ...editValuesOf(ann), display_name: ' Ann B. ', email: '', group_name: 'Sales' },
        false,
      ),
    ).toEqual({ display_name: 'Ann B.', email: '', group_name: 'Sales' });
    expect(userChanges(ann, { ...editValuesOf(ann), is_admin: true }, false)).toEqual({ is_admin: true });
  });

  it('sends a new password only when one was typed, with the current one for your own account', () => {
    const values = {
      ...editValuesOf(ann),
      password: 'new-pass',
      confirm: 'new-pass',
      current_password: 'old',
    };
    expect(userChanges(ann, values, false)).toEqual({ password: 'new-pass' });
    expect(userChanges(ann, values, true)).toEqual({ password: 'new-pass', current_password: 'old' });
  });
});
