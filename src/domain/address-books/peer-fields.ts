import type { Updateable } from 'kysely';
import type { AbPeerTable } from '../../db/schema.js';

/** Longest values accepted, the same in the new API, the legacy blob and the device presets. */
export const LIMITS = {
  peerId: 256,
  text: 256,
  note: 4096,
  hash: 1024,
  tagName: 100,
  tagsPerPeer: 1000,
} as const;

/** What a client may set on a peer; `undefined` means "not given, leave it as it is". */
export interface PeerFields {
  alias?: string | undefined;
  tags?: readonly string[] | undefined;
  note?: string | undefined;
  password?: string | undefined;
  hash?: string | undefined;
  username?: string | undefined;
  hostname?: string | undefined;
  platform?: string | undefined;
  forceAlwaysRelay?: string | undefined;
  rdpPort?: string | undefined;
  rdpUsername?: string | undefined;
  loginName?: string | undefined;
}

/** Distinct, non-empty tag names in their first order. */
export function cleanTags(tags: readonly string[]): string[] {
  return [...new Set(tags.filter((t) => t !== ''))];
}

/**
 * The columns to write for the given fields. A personal book keeps the client's password hash and
 * never a plain password; a shared book keeps a plain password (shared with its readers) and never a hash.
 */
export function peerColumns(fields: PeerFields, personal: boolean): Updateable<AbPeerTable> {
  const columns: Updateable<AbPeerTable> = {};
  if (fields.alias !== undefined) columns.alias = fields.alias;
  if (fields.tags !== undefined) columns.tags = JSON.stringify(cleanTags(fields.tags));
  if (fields.note !== undefined) columns.note = fields.note;
  if (fields.password !== undefined && !personal) columns.password = fields.password;
  if (fields.hash !== undefined && personal) columns.hash = fields.hash;
  if (fields.username !== undefined) columns.username = fields.username;
  if (fields.hostname !== undefined) columns.hostname = fields.hostname;
  if (fields.platform !== undefined) columns.platform = fields.platform;
  if (fields.forceAlwaysRelay !== undefined) {
    columns.force_always_relay = fields.forceAlwaysRelay === 'true' ? 'true' : 'false';
  }
  if (fields.rdpPort !== undefined) columns.rdp_port = fields.rdpPort;
  if (fields.rdpUsername !== undefined) columns.rdp_username = fields.rdpUsername;
  if (fields.loginName !== undefined) columns.login_name = fields.loginName;
  return columns;
}
