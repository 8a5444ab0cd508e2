import { describe, expect, it } from 'vitest';
import {
  abilitiesOf,
  addEach,
  bookChangesOf,
  isBookRule,
  newBookBodyOf,
  newRuleBodyOf,
  peerBodyOf,
  targetOf,
} from './book-forms';

describe('what the page offers on a book', () => {
  it('shows no edit action on a read-only book', () => {
    expect(abilitiesOf({ personal: false, rule: 1 })).toEqual({ editPeers: false, manage: false });
  });
  it('lets read/write edit peers but not manage the book, and full control manage it', () => {
    expect(abilitiesOf({ personal: false, rule: 2 })).toEqual({ editPeers: true, manage: false });
    expect(abilitiesOf({ personal: false, rule: 3 })).toEqual({ editPeers: true, manage: true });
  });
  it('never manages a personal book, which cannot be renamed, shared or deleted', () => {
    expect(abilitiesOf({ personal: true, rule: 3 })).toEqual({ editPeers: true, manage: false });
  });
  it('knows the three rules', () => {
    expect([0, 1, 2, 3, 4].filter(isBookRule)).toEqual([1, 2, 3]);
  });
});

describe('the peer form', () => {
  it('trims, drops empty and repeated tags, and sends no password when none is typed', () => {
    expect(peerBodyOf({ id: ' 123 ', alias: ' pc ', tags: ['a', ' a', '', 'b'], note: 'n' }, false)).toEqual({
      id: '123',
      alias: 'pc',
      tags: ['a', 'b'],
      note: 'n',
    });
  });
  it('sets or removes the password of a shared book', () => {
    expect(peerBodyOf({ id: '1', password: 's3cret' }, false).password).toBe('s3cret');
    expect(peerBodyOf({ id: '1', password: 's3cret', removePassword: true }, false).password).toBe('');
  });
  it('never sends a password to a personal book', () => {
    expect(peerBodyOf({ id: '1', password: 's3cret' }, true)).not.toHaveProperty('password');
  });
});

describe('the book form', () => {
  it('creates with a default password only when one is typed', () => {
    expect(newBookBodyOf({ name: ' Sales ', note: 'team' })).toEqual({ name: 'Sales', note: 'team' });
    expect(newBookBodyOf({ name: 'Sales', password: 'pw' })).toEqual({
      name: 'Sales',
      note: '',
      info: { password: 'pw' },
    });
  });
  it('edits keeping, replacing or removing the default password', () => {
    expect(bookChangesOf('g', { name: 'A', note: '' })).toEqual({ guid: 'g', name: 'A', note: '' });
    expect(bookChangesOf('g', { name: 'A', password: 'new' }).info).toEqual({ password: 'new' });
    expect(bookChangesOf('g', { name: 'A', password: 'new', removePassword: true }).info).toEqual({
      password: '',
    });
  });
});

describe('the share form', () => {
  it('names a user, a group, or neither for everyone', () => {
    expect(newRuleBodyOf('b', { target: 'user', name: ' alice ', rule: 1 })).toEqual({
      guid: 'b',
      rule: 1,
      user: 'alice',
    });
    expect(newRuleBodyOf('b', { target: 'group', name: 'Sales', rule: 2 })).toEqual({
      guid: 'b',
      rule: 2,
      group: 'Sales',
    });
    expect(newRuleBodyOf('b', { target: 'everyone', name: 'ignored', rule: 3 })).toEqual({
      guid: 'b',
      rule: 3,
    });
  });
  it('reads the target of a listed rule', () => {
    const rule = { guid: 'r', rule: 1, created_at: 0 };
    expect(targetOf({ ...rule, user: 'alice', group: null })).toBe('user');
    expect(targetOf({ ...rule, user: null, group: 'Sales' })).toBe('group');
    expect(targetOf({ ...rule, user: null, group: null })).toBe('everyone');
  });
});

describe('adding peers one by one', () => {
  const conflict = new Error('409');
  const isConflict = (error: unknown) => error === conflict;

  it('counts the ones already there and adds the rest, once each', async () => {
    const added: string[] = [];
    const outcome = await addEach(
      ['1', '2', '1', '3'],
      async (id) => {
        if (id === '2') throw conflict;
        added.push(id);
      },
      isConflict,
    );
    expect(outcome).toEqual({ added: 2, present: 1 });
    expect(added).toEqual(['1', '3']);
  });

  it('stops at the first other refusal and says how far it got', async () => {
    const full = new Error('full');
    const outcome = await addEach(
      ['1', '2', '3'],
      async (id) => {
        if (id === '2') throw full;
      },
      isConflict,
    );
    expect(outcome).toEqual({ added: 1, present: 0, error: full });
  });
});
