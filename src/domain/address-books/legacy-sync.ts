import type { Insertable, Selectable, Updateable } from 'kysely';
import type { AbPeerTable, AddressBookRow, Db } from '../../db/schema.js';
import type { AccessScope } from '../access/policy.js';
import { showsDevice } from './book-access.js';
import { formatLegacyData, type LegacyBook } from './legacy-format.js';
import { cleanTags, peerColumns } from './peer-fields.js';
import { parseTags, presentPeer, presentTag } from './presenter.js';
import {
  deleteAllTags,
  deleteBinnedPeers,
  deleteLivePeers,
  insertPeers,
  insertTags,
  listLivePeersInChunks,
  listPeers,
  listTags,
  movePeersToBin,
  touchBook,
} from './repository.js';
import { defaultTagColor } from './tag-colors.js';

/** A personal book as the legacy pull answers it; peers show the same names as in the new API. */
export async function readLegacyBook(
  db: Db,
  book: AddressBookRow,
  scope: AccessScope,
): Promise<{ data: string; updated_at: number }> {
  const tags = await listTags(db, book.id);
  const peers = await listPeers(db, book.id, {});
  return {
    data: formatLegacyData({
      tags: tags.map(presentTag),
      peers: peers.map((row) => ({ ...presentPeer(row, true, showsDevice(row, scope)), hash: row.hash })),
    }),
    updated_at: Math.floor(book.updated_at / 1000),
  };
}

/**
 * Replaces a personal book's peers and tags with a legacy push (run it in a transaction). Fields the
 * legacy format does not carry (notes, RDP settings…) and fields a client left out (Sciter sends no
 * hashes or colours) are kept from what the book already had, so that a legacy client does not wipe
 * what a newer one set. A peer listed twice is stored once, with its last values.
 *
 * A push is how a legacy client deletes, so the peers it leaves out go to the recycle bin as a
 * deletion in the new API does; a pushed ID that was in the bin comes back as a new entry.
 */
export async function replaceWithLegacyBook(
  db: Db,
  bookId: number,
  pushed: LegacyBook,
  now: number,
): Promise<void> {
  const oldPeers = new Map((await listLivePeersInChunks(db, bookId)).map((p) => [p.peer_id, p]));
  const oldColors = new Map((await listTags(db, bookId)).map((t) => [t.name, Number(t.color)]));
  const peers = new Map(pushed.peers.map((p) => [p.id, p]));
  const left = [...oldPeers.keys()].filter((id) => !peers.has(id));
  await deleteBinnedPeers(db, bookId, [...peers.keys()]);
  await movePeersToBin(db, bookId, left, now);
  await deleteLivePeers(db, bookId);
  await deleteAllTags(db, bookId);
  const tagNames = [...pushed.tags];
  // Built and written a slice at a time, with a turn of the event loop between slices (each statement
  // yields): a book of 10,000 peers built at once held the event loop for a hundred milliseconds.
  const pushedPeers = [...peers.values()];
  for (let start = 0; start < pushedPeers.length; start += PEERS_PER_SLICE) {
    const rows: Insertable<AbPeerTable>[] = pushedPeers.slice(start, start + PEERS_PER_SLICE).map((p) => {
      const old = oldPeers.get(p.id);
      return {
        ...(old ? keptColumns(old) : BLANK_PEER),
        ...peerColumns(p, true),
        ab_id: bookId,
        peer_id: p.id,
        created_at: old?.created_at ?? now,
        updated_at: now,
      };
    });
    for (const row of rows) tagNames.push(...parseTags(row.tags ?? '[]'));
    await insertPeers(db, rows);
  }
  await insertTags(
    db,
    cleanTags(tagNames).map((name) => ({
      ab_id: bookId,
      name,
      color: pushed.tagColors.get(name) ?? oldColors.get(name) ?? defaultTagColor(name),
      created_at: now,
    })),
  );
  await touchBook(db, bookId, now);
}

const PEERS_PER_SLICE = 500;

/**
 * The columns of a peer the book did not have. Every row of a multi-row insert must name the same
 * columns: SQLite has no DEFAULT in VALUES, so a column one row leaves out would be NULL there.
 */
const BLANK_PEER: Updateable<AbPeerTable> = {
  alias: '',
  tags: '[]',
  note: '',
  hash: '',
  username: '',
  hostname: '',
  platform: '',
  force_always_relay: '',
  rdp_port: '',
  rdp_username: '',
  login_name: '',
};

/** What a peer already had that a legacy push may leave out (the same columns as BLANK_PEER). */
function keptColumns(old: Selectable<AbPeerTable>): Updateable<AbPeerTable> {
  return {
    alias: old.alias,
    tags: old.tags,
    note: old.note,
    hash: old.hash,
    username: old.username,
    hostname: old.hostname,
    platform: old.platform,
    force_always_relay: old.force_always_relay,
    rdp_port: old.rdp_port,
    rdp_username: old.rdp_username,
    login_name: old.login_name,
  };
}
