import type { AbPeerRow } from '../../db/schema.js';

/** A book's peer with what is known of the registered device of the same RustDesk ID, if any. */
export type PeerWithDevice = AbPeerRow & {
  device_status: number | null;
  device_user_id: number | null;
  device_group_id: number | null;
  device_owner_group_id: number | null;
  device_owner_status: number | null;
  device_peer_id: string | null;
  device_hostname: string | null;
  device_name: string | null;
  device_reported_username: string | null;
  device_username: string | null;
  device_os: string | null;
  device_group_name: string | null;
};

const PLATFORMS: Record<string, string> = {
  windows: 'Windows',
  linux: 'Linux',
  macos: 'Mac OS',
  android: 'Android',
  ios: 'iOS',
};

/**
 * The platform name the client shows, from a device's `os` as sysinfo reports it
 * ("windows / Windows 11 Pro - 11 (22631)"); "" when it is not one the client knows.
 */
export function platformFromOs(os: string): string {
  const family = os.split(' / ')[0]?.trim().toLowerCase() ?? '';
  return PLATFORMS[family] ?? '';
}

/** Tags are stored as a JSON array; anything else reads as no tags rather than failing the page. */
export function parseTags(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

function firstNonEmpty(...values: Array<string | null>): string {
  return values.find((v) => v !== null && v !== '') ?? '';
}

/**
 * A peer as the client reads it (client-api.md §7.1): every field a string except `tags` (an array) and
 * `same_server` (a boolean). A peer registered on this server shows the device's own names, platform
 * and group, which is why the client stops syncing them when `same_server` is true; only with
 * `showDevice` (see showsDevice), else it reads as a peer of another server.
 */
export function presentPeer(row: PeerWithDevice, personal: boolean, showDevice: boolean) {
  const sameServer = showDevice && row.device_peer_id !== null;
  return {
    id: row.peer_id,
    ...(personal ? { hash: row.hash } : { password: row.password }),
    username: sameServer
      ? firstNonEmpty(row.device_username, row.device_reported_username, row.username)
      : row.username,
    hostname: sameServer ? firstNonEmpty(row.device_name, row.device_hostname, row.hostname) : row.hostname,
    platform: sameServer ? firstNonEmpty(platformFromOs(row.device_os ?? ''), row.platform) : row.platform,
    alias: row.alias,
    tags: parseTags(row.tags),
    note: row.note,
    same_server: sameServer,
    forceAlwaysRelay: row.force_always_relay === 'true' ? 'true' : 'false',
    rdpPort: row.rdp_port,
    rdpUsername: row.rdp_username,
    loginName: row.login_name,
    device_group_name: sameServer ? (row.device_group_name ?? '') : '',
  };
}

export function presentTag(row: { name: string; color: number }) {
  return { name: row.name, color: Number(row.color) };
}

/** A shared book as the client's AbProfile: `info.password` only when the book has a default password. */
export function presentProfile(
  row: { guid: string; name: string; note: string; password: string; owner_name: string },
  rule: number,
) {
  return {
    guid: row.guid,
    name: row.name,
    owner: row.owner_name,
    note: row.note,
    info: row.password === '' ? {} : { password: row.password },
    rule,
  };
}

/** A peer in the recycle bin: the peer as everywhere else, and when it was deleted (epoch seconds). */
export function presentBinnedPeer(row: PeerWithDevice, personal: boolean, showDevice: boolean) {
  return {
    ...presentPeer(row, personal, showDevice),
    deleted_at: Math.floor(Number(row.deleted_at ?? 0) / 1000),
  };
}

/** A sharing rule as ab.py's view-rule reads it: `user` and `group` are names, both null for everyone. */
export function presentRule(row: {
  guid: string;
  user_name: string | null;
  group_name: string | null;
  rule: number;
  created_at: number;
}) {
  return {
    guid: row.guid,
    user: row.user_name,
    group: row.group_name,
    rule: Number(row.rule),
    created_at: Math.floor(Number(row.created_at) / 1000),
  };
}

const RULE_NAMES: Record<number, string> = { 1: 'read-only', 2: 'read/write', 3: 'full control' };

/** "user alice", "group Sales" or "everyone". */
export function describeRuleTarget(row: { user_name: string | null; group_name: string | null }): string {
  if (row.user_name !== null) return `user ${row.user_name}`;
  return row.group_name !== null ? `group ${row.group_name}` : 'everyone';
}

/** "user alice: read/write", for console audit details. */
export function describeRule(row: { user_name: string | null; group_name: string | null; rule: number }) {
  return `${describeRuleTarget(row)}: ${RULE_NAMES[Number(row.rule)] ?? String(row.rule)}`;
}
