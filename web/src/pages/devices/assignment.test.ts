import { describe, expect, it } from 'vitest';
import { assignmentOf } from './assignment';

describe('the bulk Assign form', () => {
  it('sends only what was filled in, trimmed, and null for what is to be removed', () => {
    expect(assignmentOf({ user_name: ' alice ', device_group_name: '', strategy_name: '  ' })).toEqual({
      user_name: 'alice',
    });
    expect(assignmentOf({ user_name: 'alice', remove_user_name: true, remove_strategy_name: true })).toEqual({
      user_name: null,
      strategy_name: null,
    });
  });

  it('asks for nothing when nothing was filled in', () => {
    expect(assignmentOf({})).toEqual({});
  });
});
