import { BadRequest } from '../../http/errors.js';
import { isNestedDeeperThan, MAX_JSON_DEPTH } from '../../lib/json.js';
import { LIMITS } from './peer-fields.js';
import { isColor, normalizeColor } from './tag-colors.js';

/**
 * The legacy address book (client-api.md §7.2) travels as one JSON document inside a JSON string:
 * `{"tags": [name], "peers": [{id, username, hostname, platform, alias, tags, hash}],
 *   "tag_colors": "<JSON string of {name: color}>"}`. Sciter sends neither hashes nor colours.
 */
export interface LegacyPeer {
  id: string;
  /** Absent fields are left as they are on a peer the book already has. */
  alias?: string;
  tags?: string[];
  hash?: string;
  username?: string;
  hostname?: string;
  platform?: string;
}

export interface LegacyBook {
  tags: string[];
  tagColors: Map<string, number>;
  peers: LegacyPeer[];
}

const PEER_TEXT_FIELDS = [
  ['alias', LIMITS.text],
  ['hash', LIMITS.hash],
  ['username', LIMITS.text],
  ['hostname', LIMITS.text],
  ['platform', LIMITS.text],
] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string, what: string): unknown {
  if (isNestedDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new BadRequest('json_too_deep', { field: what, depth: MAX_JSON_DEPTH });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('field_not_json', { field: what });
  }
}

function tagList(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) throw new BadRequest('tags_not_array', { field: where });
  return value.map((tag, i) => {
    if (typeof tag !== 'string') throw new BadRequest('field_not_string', { field: `${where}[${i}]` });
    if (tag.length > LIMITS.tagName) {
      throw new BadRequest('field_too_long', { field: `${where}[${i}]`, max: LIMITS.tagName });
    }
    return tag;
  });
}

function parsePeer(value: unknown, where: string): LegacyPeer {
  if (!isObject(value)) throw new BadRequest('field_not_object', { field: where });
  const { id } = value;
  if (typeof id !== 'string' || id === '') {
    throw new BadRequest('field_not_nonempty_string', { field: `${where}.id` });
  }
  if (id.length > LIMITS.peerId)
    throw new BadRequest('field_too_long', { field: `${where}.id`, max: LIMITS.peerId });
  const peer: LegacyPeer = { id };
  for (const [field, max] of PEER_TEXT_FIELDS) {
    const text = value[field];
    if (text === undefined || text === null) continue;
    if (typeof text !== 'string') throw new BadRequest('field_not_string', { field: `${where}.${field}` });
    if (text.length > max) throw new BadRequest('field_too_long', { field: `${where}.${field}`, max });
    peer[field] = text;
  }
  if (value.tags !== undefined && value.tags !== null) {
    peer.tags = tagList(value.tags, `${where}.tags`);
    if (peer.tags.length > LIMITS.tagsPerPeer) {
      throw new BadRequest('too_many_tags', { field: `${where}.tags`, max: LIMITS.tagsPerPeer });
    }
  }
  return peer;
}

function parseTagColors(value: unknown): Map<string, number> {
  const colors = new Map<string, number>();
  if (value === undefined || value === null || value === '') return colors;
  const parsed = typeof value === 'string' ? parseJson(value, 'data.tag_colors') : value;
  if (!isObject(parsed)) throw new BadRequest('tag_colors_not_object');
  for (const [name, color] of Object.entries(parsed)) {
    if (!isColor(color)) {
      throw new BadRequest('tag_color_invalid', { field: `data.tag_colors.${name}` });
    }
    colors.set(name, normalizeColor(color));
  }
  return colors;
}

/** Reads the `data` string of a legacy push; wrong JSON or wrong shapes are a 400 naming the place. */
export function parseLegacyData(data: string): LegacyBook {
  const parsed = parseJson(data, 'data');
  if (!isObject(parsed)) throw new BadRequest('data_not_object');
  const tags = parsed.tags === undefined || parsed.tags === null ? [] : tagList(parsed.tags, 'data.tags');
  const peersValue = parsed.peers ?? [];
  if (!Array.isArray(peersValue)) throw new BadRequest('field_not_array', { field: 'data.peers' });
  return {
    tags,
    tagColors: parseTagColors(parsed.tag_colors),
    peers: peersValue.map((p, i) => parsePeer(p, `data.peers[${i}]`)),
  };
}

/** The `data` string of a legacy pull. */
export function formatLegacyData(book: {
  tags: ReadonlyArray<{ name: string; color: number }>;
  peers: ReadonlyArray<{
    id: string;
    username: string;
    hostname: string;
    platform: string;
    alias: string;
    tags: string[];
    hash: string;
  }>;
}): string {
  return JSON.stringify({
    tags: book.tags.map((t) => t.name),
    peers: book.peers.map((p) => ({
      id: p.id,
      username: p.username,
      hostname: p.hostname,
      platform: p.platform,
      alias: p.alias,
      tags: p.tags,
      hash: p.hash,
    })),
    tag_colors: JSON.stringify(Object.fromEntries(book.tags.map((t) => [t.name, t.color]))),
  });
}
