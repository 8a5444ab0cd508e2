import { describe, expect, it } from 'vitest';
import {
  isTagFilterActive,
  matchesTagFilter,
  NO_TAG_FILTER,
  readTagFilter,
  toggleTag,
  toggleUntagged,
  writeTagFilter,
} from './tag-filter';

describe('the tag filter', () => {
  it('travels through the address bar and back, tag names with commas included', () => {
    const filter = { tags: ['office, floor 2', 'vip'], untagged: false, matchAll: true };
    const params = writeTagFilter(filter);
    expect(params).toEqual({ tags: '["office, floor 2","vip"]', untagged: '', match: 'all' });
    expect(readTagFilter(params)).toEqual(filter);
    expect(writeTagFilter(NO_TAG_FILTER)).toEqual({ tags: '', untagged: '', match: '' });
  });

  it('reads a damaged address as no tags rather than failing', () => {
    expect(readTagFilter({ tags: '[oops', untagged: '', match: '' })).toEqual(NO_TAG_FILTER);
    expect(readTagFilter({ tags: '{"a":1}', untagged: 'yes', match: 'any' })).toEqual(NO_TAG_FILTER);
    expect(readTagFilter({ tags: '["a",3,"a"]', untagged: '', match: '' }).tags).toEqual(['a']);
  });

  it('matches any selected tag, or every one with "match all"', () => {
    const any = { tags: ['a', 'b'], untagged: false, matchAll: false };
    expect(matchesTagFilter(['b', 'c'], any)).toBe(true);
    expect(matchesTagFilter(['c'], any)).toBe(false);
    expect(matchesTagFilter([], any)).toBe(false);
    const all = { ...any, matchAll: true };
    expect(matchesTagFilter(['b', 'c'], all)).toBe(false);
    expect(matchesTagFilter(['a', 'b', 'c'], all)).toBe(true);
  });

  it('matches only peers without tags when "untagged" is on, and everything when nothing is on', () => {
    const untagged = { ...NO_TAG_FILTER, untagged: true };
    expect(matchesTagFilter([], untagged)).toBe(true);
    expect(matchesTagFilter(['a'], untagged)).toBe(false);
    expect(matchesTagFilter(['a'], NO_TAG_FILTER)).toBe(true);
    expect(isTagFilterActive(NO_TAG_FILTER)).toBe(false);
    expect(isTagFilterActive(untagged)).toBe(true);
  });

  it('keeps tags and "untagged" apart when either is clicked', () => {
    const tagged = toggleTag(NO_TAG_FILTER, 'a');
    expect(tagged).toEqual({ tags: ['a'], untagged: false, matchAll: false });
    expect(toggleTag(tagged, 'a').tags).toEqual([]);
    const untagged = toggleUntagged(tagged);
    expect(untagged).toEqual({ tags: [], untagged: true, matchAll: false });
    expect(toggleTag(untagged, 'b')).toEqual({ tags: ['b'], untagged: false, matchAll: false });
  });
});
