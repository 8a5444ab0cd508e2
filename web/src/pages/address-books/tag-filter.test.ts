import { describe, expect, it } from 'vitest';
import { NO_TAG_FILTER, readTagFilter, toggleTag, toggleUntagged, writeTagFilter } from './tag-filter';

describe('the tag filter', () => {
  it('travels through the address bar and back, tag names with commas included', () => {
    const filter = { tags: ['office, floor 2', 'vip'], untagged: false, matchAll: true };
    const params = writeTagFilter(filter);
    expect(params).toEqual({ tags: '["office, floor 2","vip"]', untagged: '', tags_match: 'all' });
    expect(readTagFilter(params)).toEqual(filter);
    expect(writeTagFilter(NO_TAG_FILTER)).toEqual({ tags: '', untagged: '', tags_match: '' });
  });

  it('reads a damaged address as no tags rather than failing', () => {
    expect(readTagFilter({ tags: '[oops', untagged: '', tags_match: '' })).toEqual(NO_TAG_FILTER);
    expect(readTagFilter({ tags: '{"a":1}', untagged: 'yes', tags_match: 'any' })).toEqual(NO_TAG_FILTER);
    expect(readTagFilter({ tags: '["a",3,"a"]', untagged: '', tags_match: '' }).tags).toEqual(['a']);
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
