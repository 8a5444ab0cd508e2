/**
 * The tag filter of a book's peers (Server Pro's tags bar): some tags, matched by any of them or, with
 * "match all", by every one; or "untagged", the peers with no tag. The API cannot filter by tag, so the
 * page applies it to the book's peers itself (see usePeerList).
 */
export interface TagFilter {
  tags: string[];
  untagged: boolean;
  matchAll: boolean;
}

/** How the tag filter sits in the address bar, beside the ID and alias filters. */
export interface TagFilterParams {
  tags: string;
  untagged: string;
  match: string;
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
  return { tags: [...new Set(tags)], untagged: params.untagged === '1', matchAll: params.match === 'all' };
}

export function writeTagFilter(filter: TagFilter): TagFilterParams {
  return {
    tags: filter.tags.length > 0 ? JSON.stringify(filter.tags) : '',
    untagged: filter.untagged ? '1' : '',
    match: filter.matchAll ? 'all' : '',
  };
}

export function isTagFilterActive(filter: TagFilter): boolean {
  return filter.untagged || filter.tags.length > 0;
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

export function matchesTagFilter(peerTags: readonly string[], filter: TagFilter): boolean {
  if (filter.untagged) return peerTags.length === 0;
  if (filter.tags.length === 0) return true;
  return filter.matchAll
    ? filter.tags.every((tag) => peerTags.includes(tag))
    : filter.tags.some((tag) => peerTags.includes(tag));
}
