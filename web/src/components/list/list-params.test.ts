import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, hasFilters, listQuery, readListState, writeListState } from './list-params';

type Filters = { name: string; group: string };
const KEYS = ['name', 'group'] as const;

describe('list state in the address bar', () => {
  it('reads page, page size and filters, with defaults for what is missing', () => {
    expect(readListState<Filters>(new URLSearchParams('current=3&pageSize=50&name=pc%25'), KEYS)).toEqual({
      current: 3,
      pageSize: 50,
      filters: { name: 'pc%', group: '' },
    });
    expect(readListState<Filters>(new URLSearchParams(''), KEYS)).toEqual({
      current: 1,
      pageSize: DEFAULT_PAGE_SIZE,
      filters: { name: '', group: '' },
    });
  });

  it('ignores malformed or out-of-range numbers rather than sending them to the API', () => {
    for (const search of [
      'current=0',
      'current=-2',
      'current=1.5',
      'current=x',
      'pageSize=5000',
      'pageSize=0',
    ]) {
      const state = readListState<Filters>(new URLSearchParams(search), KEYS);
      expect(state.current, search).toBe(1);
      expect(state.pageSize, search).toBe(DEFAULT_PAGE_SIZE);
    }
  });

  it('writes only what differs from the defaults, and reads back the same state', () => {
    const state = { current: 2, pageSize: DEFAULT_PAGE_SIZE, filters: { name: 'alice', group: '' } };
    const params = writeListState<Filters>(state);
    expect(params.toString()).toBe('current=2&name=alice');
    expect(readListState<Filters>(params, KEYS)).toEqual(state);
    expect(
      writeListState<Filters>({ ...state, current: 1, filters: { name: '', group: '' } }).toString(),
    ).toBe('');
  });

  it('queries the API with current, pageSize and the filters that are set, trimmed', () => {
    expect(
      listQuery<Filters>({ current: 1, pageSize: 20, filters: { name: ' alice ', group: '  ' } }),
    ).toEqual({
      current: 1,
      pageSize: 20,
      name: 'alice',
    });
  });

  it('knows whether any filter is set (an empty list then says "nothing matches")', () => {
    expect(hasFilters({ name: '', group: ' ' })).toBe(false);
    expect(hasFilters({ name: 'a', group: '' })).toBe(true);
  });
});
