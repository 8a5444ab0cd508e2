/**
 * The tag filter of a book's peers (Server Pro's tags bar): some tags, matched by any of them or, with
 * "match all", by every one; or "untagged", the peers with no tag. The server applies it
 * (GET /api/ab/peers?tags=<JSON array>&tags_match=all&untagged=true), so a book of any size pages.
 */
export interface TagFilter {
  tags: string[];
  untagged: boolean;
  matchAll: boolean;
}

/** How the tag filter sits in the address bar, beside the ID and alias filters: the API's parameters. */
export interface TagFilterParams {
  tags: string;
  untagged: string;
  tags_match: string;
}

export const NO_TAG_FILTER: TagFilter = { tags: [], untagged: false, matchAll: false };

/** Tag names may hold any character, so the list travels as JSON; anything unreadable is no filter. */
export function readTagFilter(params: TagFilterParams): TagFilter {
  let tags: string[] = [];
  if (params.tags !== '') {
    try {
      const value: unknown = JSON.parse(params.tags);
      if (Array.isArray(value)) tags = value.filter((tag): tag is string => typeof tag === 'string');
    } catch {
      tags = [];
    }
  }
  return {
    tags: [...new Set(tags)],
    untagged: params.untagged === 'true',
    matchAll: params.tags_match === 'all',
  };
}

export function writeTagFilter(filter: TagFilter): TagFilterParams {
  return {
    tags: filter.tags.length > 0 ? JSON.stringify(filter.tags) : '',
    untagged: filter.untagged ? 'true' : '',
    tags_match: filter.matchAll ? 'all' : '',
  };
}

/** Clicking a tag chip: it joins or leaves the selection, and "untagged" no longer applies. */
export function toggleTag(filter: TagFilter, tag: string): TagFilter {
  const tags = filter.tags.includes(tag) ? filter.tags.filter((t) => t !== tag) : [...filter.tags, tag];
  return { ...filter, tags, untagged: false };
}

/** "Untagged" excludes the tags: no peer both has none and has one. */
export function toggleUntagged(filter: TagFilter): TagFilter {
  return { ...filter, tags: [], untagged: !filter.untagged };
}
