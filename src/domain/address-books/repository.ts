import {
  type Expression,
  type Insertable,
  type Selectable,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';
import { jsonStringElements, matchesPattern } from '../../db/filters.js';
import type { AbPeerTable, AbTagTable, AddressBookRow, AddressBookTable, Db } from '../../db/schema.js';
import { countRows, offsetOf, type Page } from '../paging.js';
import type { PeerWithDevice } from './presenter.js';

/** Rows per multi-row statement: well below the bound-parameter limits of SQLite and PostgreSQL. */
const CHUNK = 500;

// Books

export function findBookByGuid(db: Db, guid: string): Promise<AddressBookRow | undefined> {
  return db.selectFrom('address_books').selectAll().where('guid', '=', guid).executeTakeFirst();
}

/** The oldest, should two requests ever have created one each at the same moment. */
export function findPersonalBook(db: Db, ownerId: number): Promise<AddressBookRow | undefined> {
  return db
    .selectFrom('address_books')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('personal', '=', 1)
    .executeTakeFirst();
}

export function findSharedBookByName(db: Db, name: string): Promise<AddressBookRow | undefined> {
  return db
    .selectFrom('address_books')
    .selectAll()
    .where('name', '=', name)
    .where('personal', '=', 0)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export async function insertPersonalBookIfMissing(db: Db, book: Insertable<AddressBookTable>): Promise<void> {
  await db
    .insertInto('address_books')
    .values(book)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function touchBook(db: Db, id: number, now: number): Promise<void> {
  await db.updateTable('address_books').set({ updated_at: now }).where('id', '=', id).execute();
}

/** Shared books with their owner's name, oldest first; optionally filtered by an ab.py name pattern. */
export function listSharedBooks(db: Db, namePattern: string | undefined) {
  let query = db
    .selectFrom('address_books')
    .innerJoin('users', 'users.id', 'address_books.owner_id')
    .select([
      'address_books.id',
      'address_books.guid',
      'address_books.name',
      'address_books.note',
      'address_books.password',
      'address_books.owner_id',
      'users.name as owner_name',
    ])
    .where('address_books.personal', '=', 0);
  if (namePattern !== undefined) query = query.where(matchesPattern('address_books.name', namePattern));
  return query.orderBy('address_books.id').execute();
}

/** The rules that could apply to a user (theirs, their group's, everyone's), of one book or of all. */
export function listRulesFor(db: Db, user: { userId: number; userGroupId: number }, abId?: number) {
  let query = db
    .selectFrom('ab_rules')
    .select(['ab_id', 'user_id', 'user_group_id', 'rule'])
    .where((eb) =>
      eb.or([
        eb('user_id', '=', user.userId),
        eb('user_group_id', '=', user.userGroupId),
        eb.and([eb('user_id', 'is', null), eb('user_group_id', 'is', null)]),
      ]),
    );
  if (abId !== undefined) query = query.where('ab_id', '=', abId);
  return query.execute();
}

// Peers

export interface PeerFilter {
  id?: string | undefined;
  alias?: string | undefined;
  tags?: PeerTagFilter | undefined;
}

/**
 * Server Pro's tags bar: the peers holding any of `names` (or, with `matchAll`, every one of them),
 * and with `untagged` the peers holding no tag as well. No names and not `untagged` is no filter.
 */
export interface PeerTagFilter {
  names: readonly string[];
  matchAll: boolean;
  untagged: boolean;
}

/**
 * Peers in the recycle bin keep their row (and so their RustDesk ID in the book's unique key) with
 * `deleted_at` set; every read but the bin's own asks for the live ones.
 */
export type PeerState = 'live' | 'binned';

function filteredPeers(db: Db, abId: number, filter: PeerFilter, state: PeerState) {
  let query = db
    .selectFrom('ab_peers')
    .where('ab_peers.ab_id', '=', abId)
    .where('ab_peers.deleted_at', state === 'live' ? 'is' : 'is not', null);
  if (filter.id !== undefined) query = query.where(matchesPattern('ab_peers.peer_id', filter.id));
  if (filter.alias !== undefined) query = query.where(matchesPattern('ab_peers.alias', filter.alias));
  const tagMatch = filter.tags && matchesTags(db, filter.tags);
  if (tagMatch) query = query.where(tagMatch);
  return query;
}

/**
 * Untagged peers, or peers with any (every, with matchAll) of the names; undefined when no filter.
 * `ab_peers.tags` always holds `JSON.stringify` of an array of names (the column defaults to '[]';
 * every write goes through cleanTags), and the wanted names travel the same way, as one parameter.
 */
function matchesTags(db: Db, filter: PeerTagFilter): Expression<SqlBool> | undefined {
  const held = jsonStringElements(db, sql.ref<string>('ab_peers.tags'));
  const wanted = jsonStringElements(db, sql.val(JSON.stringify(filter.names)));
  const conditions: Expression<SqlBool>[] = [];
  if (filter.untagged) conditions.push(sql<SqlBool>`not exists (${held})`);
  if (filter.names.length > 0) {
    conditions.push(
      filter.matchAll
        ? sql<SqlBool>`not exists (select 1 from (${wanted}) as wanted where wanted.tag not in (${held}))`
        : sql<SqlBool>`exists (select 1 from (${held}) as held where held.tag in (${wanted}))`,
    );
  }
  if (conditions.length === 0) return undefined;
  return conditions.length === 1 ? conditions[0] : sql<SqlBool>`(${sql.join(conditions, sql` or `)})`;
}

export async function countPeers(
  db: Db,
  abId: number,
  filter: PeerFilter = {},
  state: PeerState = 'live',
): Promise<number> {
  return countRows(filteredPeers(db, abId, filter, state));
}

/**
 * Peers (a page of them, or all) with the registered device of the same RustDesk ID, its device group
 * and what deciding who may reach it needs (see withReachableDevice).
 */
export function listPeers(
  db: Db,
  abId: number,
  filter: PeerFilter,
  page?: Page,
  state: PeerState = 'live',
): Promise<PeerWithDevice[]> {
  let query = filteredPeers(db, abId, filter, state)
    .leftJoin('devices', 'devices.peer_id', 'ab_peers.peer_id')
    .leftJoin('device_groups', 'device_groups.id', 'devices.device_group_id')
    .leftJoin('users as device_owner', 'device_owner.id', 'devices.user_id')
    .selectAll('ab_peers')
    .select([
      'devices.status as device_status',
      'devices.user_id as device_user_id',
      'devices.device_group_id',
      'device_owner.group_id as device_owner_group_id',
      'device_owner.status as device_owner_status',
      'devices.peer_id as device_peer_id',
      'devices.hostname as device_hostname',
      'devices.device_name as device_name',
      'devices.username as device_reported_username',
      'devices.device_username as device_username',
      'devices.os as device_os',
      'device_groups.name as device_group_name',
    ])
    .orderBy(state === 'live' ? 'ab_peers.id' : 'ab_peers.deleted_at', state === 'live' ? 'asc' : 'desc')
    .orderBy('ab_peers.id');
  if (page) query = query.limit(page.pageSize).offset(offsetOf(page));
  return query.execute();
}

/** A live peer of the book; one in the recycle bin is not found. */
export function findPeer(db: Db, abId: number, peerId: string): Promise<Selectable<AbPeerTable> | undefined> {
  return db
    .selectFrom('ab_peers')
    .selectAll()
    .where('ab_id', '=', abId)
    .where('peer_id', '=', peerId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Every peer of the book, oldest first: the live ones, or those and the ones in the recycle bin. */
export function listAllPeers(
  db: Db,
  abId: number,
  which: PeerState | 'all' = 'live',
): Promise<Selectable<AbPeerTable>[]> {
  let query = db.selectFrom('ab_peers').selectAll().where('ab_id', '=', abId);
  if (which !== 'all') query = query.where('deleted_at', which === 'live' ? 'is' : 'is not', null);
  return query.orderBy('id').execute();
}

/**
 * The live peers of the book in RustDesk-ID order, read a chunk at a time along the (ab_id, peer_id)
 * index: one statement reading a book of 10,000 peers would hold SQLite's event loop for tens of
 * milliseconds (see YieldAfterQuery).
 */
export async function listLivePeersInChunks(db: Db, abId: number): Promise<Selectable<AbPeerTable>[]> {
  const peers: Selectable<AbPeerTable>[] = [];
  for (let after = ''; ; ) {
    const chunk = await db
      .selectFrom('ab_peers')
      .selectAll()
      .where('ab_id', '=', abId)
      .where('peer_id', '>', after)
      .where('deleted_at', 'is', null)
      .orderBy('peer_id')
      .limit(CHUNK)
      .execute();
    peers.push(...chunk);
    const last = chunk.at(-1);
    if (chunk.length < CHUNK || last === undefined) return peers;
    after = last.peer_id;
  }
}

/** False when the book already holds a peer of that RustDesk ID (live or in the recycle bin). */
export async function insertPeer(db: Db, peer: Insertable<AbPeerTable>): Promise<boolean> {
  const row = await db
    .insertInto('ab_peers')
    .values(peer)
    .onConflict((oc) => oc.columns(['ab_id', 'peer_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertPeers(db: Db, peers: readonly Insertable<AbPeerTable>[]): Promise<void> {
  for (let i = 0; i < peers.length; i += CHUNK) {
    await db
      .insertInto('ab_peers')
      .values(peers.slice(i, i + CHUNK))
      .execute();
  }
}

export async function updatePeer(db: Db, id: number, changes: Updateable<AbPeerTable>): Promise<void> {
  await db.updateTable('ab_peers').set(changes).where('id', '=', id).execute();
}

/** Moves the live peers of those RustDesk IDs to the recycle bin; answers how many moved. */
export async function movePeersToBin(
  db: Db,
  abId: number,
  peerIds: readonly string[],
  now: number,
): Promise<number> {
  let moved = 0;
  for (let i = 0; i < peerIds.length; i += CHUNK) {
    const result = await db
      .updateTable('ab_peers')
      .set({ deleted_at: now, updated_at: now })
      .where('ab_id', '=', abId)
      .where('peer_id', 'in', peerIds.slice(i, i + CHUNK))
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    moved += Number(result.numUpdatedRows);
  }
  return moved;
}

/** Takes the peers of those RustDesk IDs out of the recycle bin; answers the restored rows. */
export async function restoreBinnedPeers(
  db: Db,
  abId: number,
  peerIds: readonly string[],
  now: number,
): Promise<Selectable<AbPeerTable>[]> {
  const restored: Selectable<AbPeerTable>[] = [];
  for (let i = 0; i < peerIds.length; i += CHUNK) {
    const chunk = peerIds.slice(i, i + CHUNK);
    restored.push(
      ...(await db
        .selectFrom('ab_peers')
        .selectAll()
        .where('ab_id', '=', abId)
        .where('peer_id', 'in', chunk)
        .where('deleted_at', 'is not', null)
        .execute()),
    );
    await db
      .updateTable('ab_peers')
      .set({ deleted_at: null, updated_at: now })
      .where('ab_id', '=', abId)
      .where('peer_id', 'in', chunk)
      .where('deleted_at', 'is not', null)
      .execute();
  }
  return restored;
}

/** Deletes for good the peers of those RustDesk IDs that are in the recycle bin; answers their IDs. */
export async function deleteBinnedPeers(db: Db, abId: number, peerIds: readonly string[]): Promise<string[]> {
  const deleted: string[] = [];
  for (let i = 0; i < peerIds.length; i += CHUNK) {
    const rows = await db
      .deleteFrom('ab_peers')
      .where('ab_id', '=', abId)
      .where('peer_id', 'in', peerIds.slice(i, i + CHUNK))
      .where('deleted_at', 'is not', null)
      .returning('peer_id')
      .execute();
    deleted.push(...rows.map((r) => r.peer_id));
  }
  return deleted;
}

/** Empties the book's recycle bin; answers how many peers were in it. */
export async function deleteAllBinnedPeers(db: Db, abId: number): Promise<number> {
  const result = await db
    .deleteFrom('ab_peers')
    .where('ab_id', '=', abId)
    .where('deleted_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes the book's live peers for good (a legacy push replaces them); the recycle bin stays. */
export async function deleteLivePeers(db: Db, abId: number): Promise<void> {
  await db.deleteFrom('ab_peers').where('ab_id', '=', abId).where('deleted_at', 'is', null).execute();
}

// Tags

export function listTags(db: Db, abId: number): Promise<Selectable<AbTagTable>[]> {
  return db.selectFrom('ab_tags').selectAll().where('ab_id', '=', abId).orderBy('id').execute();
}

export function findTag(db: Db, abId: number, name: string): Promise<Selectable<AbTagTable> | undefined> {
  return db
    .selectFrom('ab_tags')
    .selectAll()
    .where('ab_id', '=', abId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** False when the book already has a tag of that name. */
export async function insertTag(db: Db, tag: Insertable<AbTagTable>): Promise<boolean> {
  const row = await db
    .insertInto('ab_tags')
    .values(tag)
    .onConflict((oc) => oc.columns(['ab_id', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertTags(db: Db, tags: readonly Insertable<AbTagTable>[]): Promise<void> {
  for (let i = 0; i < tags.length; i += CHUNK) {
    await db
      .insertInto('ab_tags')
      .values(tags.slice(i, i + CHUNK))
      .execute();
  }
}

export async function updateTag(db: Db, id: number, changes: Updateable<AbTagTable>): Promise<void> {
  await db.updateTable('ab_tags').set(changes).where('id', '=', id).execute();
}

export async function deleteTags(db: Db, abId: number, names: readonly string[]): Promise<void> {
  for (let i = 0; i < names.length; i += CHUNK) {
    const chunk = names.slice(i, i + CHUNK);
    await db.deleteFrom('ab_tags').where('ab_id', '=', abId).where('name', 'in', chunk).execute();
  }
}

export async function deleteAllTags(db: Db, abId: number): Promise<void> {
  await db.deleteFrom('ab_tags').where('ab_id', '=', abId).execute();
}
