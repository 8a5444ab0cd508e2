import type { AddressBookRow, Db } from '../../db/schema.js';
import { Conflict, Forbidden, NotFound } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
import { SerialQueue } from '../../lib/serial-queue.js';
import { offsetOf, type Page } from '../paging.js';
import type { SettingsService } from '../settings/service.js';
import { deviceScopeOf, reachBook, showsDevice } from './book-access.js';
import { createMissingTags } from './book-tags.js';
import { parseLegacyData } from './legacy-format.js';
import { readLegacyBook, replaceWithLegacyBook } from './legacy-sync.js';
import { cleanTags, type PeerFields, peerColumns } from './peer-fields.js';
import { parseTags, presentPeer, presentProfile, presentTag } from './presenter.js';
import { RecycleBinService } from './recycle-bin.js';
import {
  countPeers,
  deleteBinnedPeers,
  deleteTags,
  findPeer,
  findPersonalBook,
  findSharedBookByName,
  findTag,
  insertPeer,
  insertPersonalBookIfMissing,
  insertTag,
  listAllPeers,
  listPeers,
  listRulesFor,
  listSharedBooks,
  listTags,
  movePeersToBin,
  type PeerFilter,
  touchBook,
  updatePeer,
  updateTag,
} from './repository.js';
import { actingUserOf, type Caller, effectiveRule, type RuleFacts } from './rules.js';
import { ShareRulesService } from './share-rules.js';
import { PERSONAL_BOOK_NAME, SharedBooksService } from './shared-books.js';
import { sharingRefusal } from './sharing-policy.js';
import { defaultTagColor, normalizeColor } from './tag-colors.js';

/**
 * Address books: personal and shared books, their peers and tags. Creating, changing and deleting
 * shared books, their sharing rules and the recycle bin are the three services below.
 */
export class AddressBooksService {
  readonly shared: SharedBooksService;
  readonly rules: ShareRulesService;
  readonly recycleBin: RecycleBinService;
  private readonly legacyPushes = new SerialQueue();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
  ) {
    this.shared = new SharedBooksService(db, clock, settings);
    this.rules = new ShareRulesService(db, clock, settings);
    this.recycleBin = new RecycleBinService(db, clock, settings);
  }

  /**
   * The client reads max_peer_one_ab; the console reads can_share to offer creating shared books and
   * changing their rules only to those the server lets do it.
   */
  async settingsForClient(caller: Caller): Promise<{ max_peer_one_ab: number; can_share: boolean }> {
    const settings = await this.settings.get();
    const refusal = sharingRefusal(
      { kind: 'change-rules' },
      caller,
      settings.allow_non_admin_share_address_books,
    );
    return { max_peer_one_ab: settings.max_peer_one_ab, can_share: refusal === null };
  }

  /**
   * The guid of the caller's personal book, created on first use when the caller may write it (`create`);
   * otherwise a missing book is "not found" (an address_book:r token must not write).
   */
  async personalGuid(caller: Caller, create: boolean): Promise<string> {
    const owner = actingUserOf(caller);
    if (create) return (await this.personalBook(owner)).guid;
    const book = await findPersonalBook(this.db, owner);
    if (!book) {
      throw new NotFound('personal_book_missing');
    }
    return book.guid;
  }

  /** The shared books the caller can see, each with the caller's rule on it. */
  async listSharedProfiles(caller: Caller, filter: { name?: string | undefined }, page: Page) {
    // Sorted here rather than in SQL, where the two databases collate names differently.
    const books = (await listSharedBooks(this.db, filter.name)).sort(
      (a, b) => a.name.localeCompare(b.name) || a.id - b.id,
    );
    const rulesByBook = new Map<number, RuleFacts[]>();
    if (caller.kind === 'user' && !caller.isAdmin) {
      for (const r of await listRulesFor(this.db, caller)) {
        const list = rulesByBook.get(r.ab_id) ?? [];
        list.push({ userId: r.user_id, userGroupId: r.user_group_id, rule: r.rule });
        rulesByBook.set(r.ab_id, list);
      }
    }
    const visible = books
      .map((book) => {
        const facts = { personal: false, ownerId: book.owner_id };
        return { book, rule: effectiveRule(facts, caller, rulesByBook.get(book.id) ?? []) };
      })
      .filter((entry) => entry.rule > 0);
    return {
      total: visible.length,
      data: visible
        .slice(offsetOf(page), offsetOf(page) + page.pageSize)
        .map((v) => presentProfile(v.book, v.rule)),
    };
  }

  async listPeers(caller: Caller, guid: string, filter: PeerFilter, page: Page) {
    const { book } = await this.reachBook(caller, guid, 'read');
    const total = await countPeers(this.db, book.id, filter);
    const rows = await listPeers(this.db, book.id, filter, page);
    const scope = await deviceScopeOf(this.db, caller);
    return { total, data: rows.map((row) => presentPeer(row, book.personal === 1, showsDevice(row, scope))) };
  }

  async listTags(caller: Caller, guid: string) {
    const { book } = await this.reachBook(caller, guid, 'read');
    return (await listTags(this.db, book.id)).map(presentTag);
  }

  async addPeer(caller: Caller, guid: string, peerId: string, fields: PeerFields): Promise<void> {
    const { book } = await this.reachBook(caller, guid, 'write');
    // Read before the transaction: on SQLite a query outside it would wait for it to end.
    const max = (await this.settings.get()).max_peer_one_ab;
    await this.db.transaction().execute(async (trx) => {
      if (await findPeer(trx, book.id, peerId)) {
        throw new Conflict('peer_exists', { id: peerId });
      }
      // Adding again what was deleted makes a new entry: the old one leaves the recycle bin for good.
      await deleteBinnedPeers(trx, book.id, [peerId]);
      if (max > 0 && (await countPeers(trx, book.id)) >= max) {
        throw new Forbidden('address_book_limit', { max });
      }
      const now = this.clock();
      const inserted = await insertPeer(trx, {
        ...peerColumns(fields, book.personal === 1),
        ab_id: book.id,
        peer_id: peerId,
        created_at: now,
        updated_at: now,
      });
      if (!inserted) throw new Conflict('peer_exists', { id: peerId });
      await createMissingTags(trx, book.id, fields.tags ?? [], now);
      await touchBook(trx, book.id, now);
    });
  }

  /** Changes only the fields given. */
  async updatePeer(caller: Caller, guid: string, peerId: string, fields: PeerFields): Promise<void> {
    const { book } = await this.reachBook(caller, guid, 'write');
    await this.db.transaction().execute(async (trx) => {
      const peer = await findPeer(trx, book.id, peerId);
      if (!peer) throw new NotFound('peer_not_in_book', { id: peerId });
      const now = this.clock();
      await updatePeer(trx, peer.id, { ...peerColumns(fields, book.personal === 1), updated_at: now });
      await createMissingTags(trx, book.id, fields.tags ?? [], now);
      await touchBook(trx, book.id, now);
    });
  }

  /**
   * Moves peers to the book's recycle bin; peers that are not in the book are skipped. Server Pro's
   * documentation says deleting a device from an address book moves it to the bin, with no word of
   * another path for the console, whose delete is this same call: so the client's and ab.py's
   * deletions land in the bin too, from where the console restores them or deletes them for good.
   */
  async deletePeers(caller: Caller, guid: string, peerIds: readonly string[]): Promise<void> {
    const { book } = await this.reachBook(caller, guid, 'write');
    await this.db.transaction().execute(async (trx) => {
      const now = this.clock();
      if ((await movePeersToBin(trx, book.id, peerIds, now)) > 0) await touchBook(trx, book.id, now);
    });
  }

  /**
   * Adds a tag; without a colour it gets the one ab.py would have picked for its name. A tag of that
   * name the book already has gets the colour given (and keeps its own without one): `ab.py add-peer
   * --tags` creates tags, and the `add-tag` that follows, or a script run twice, must not fail.
   */
  async addTag(caller: Caller, guid: string, name: string, color: number | undefined): Promise<void> {
    const { book } = await this.reachBook(caller, guid, 'write');
    await this.db.transaction().execute(async (trx) => {
      const now = this.clock();
      const existing = await findTag(trx, book.id, name);
      if (existing) {
        if (color === undefined || normalizeColor(color) === Number(existing.color)) return;
        await updateTag(trx, existing.id, { color: normalizeColor(color) });
      } else {
        const given = color === undefined ? defaultTagColor(name) : normalizeColor(color);
        // A concurrent add of the same name may win the insert; either way the book has the tag.
        await insertTag(trx, { ab_id: book.id, name, color: given, created_at: now });
      }
      await touchBook(trx, book.id, now);
    });
  }

  /** Renames the tag and the same tag on every peer of the book. */
  async renameTag(caller: Caller, guid: string, from: string, to: string): Promise<void> {
    const { book } = await this.reachBook(caller, guid, 'write');
    await this.db.transaction().execute(async (trx) => {
      const tag = await findTag(trx, book.id, from);
      if (!tag) throw new NotFound('tag_not_in_book', { name: from });
      if (from === to) return;
      if (await findTag(trx, book.id, to)) {
        throw new Conflict('tag_exists', { name: to });
      }
      const now = this.clock();
      await updateTag(trx, tag.id, { name: to });
      await this.rewritePeerTags(trx, book.id, now, (tags) => tags.map((t) => (t === from ? to : t)));
      await touchBook(trx, book.id, now);
    });
  }

  async updateTagColor(caller: Caller, guid: string, name: string, color: number): Promise<void> {
    const { book } = await this.reachBook(caller, guid, 'write');
    const tag = await findTag(this.db, book.id, name);
    if (!tag) throw new NotFound('tag_not_in_book', { name });
    await updateTag(this.db, tag.id, { color: normalizeColor(color) });
    await touchBook(this.db, book.id, this.clock());
  }

  /** Deletes the tags and takes them off every peer of the book; unknown names are skipped. */
  async deleteTags(caller: Caller, guid: string, names: readonly string[]): Promise<void> {
    const { book } = await this.reachBook(caller, guid, 'write');
    const doomed = new Set(names);
    await this.db.transaction().execute(async (trx) => {
      const now = this.clock();
      await deleteTags(trx, book.id, names);
      await this.rewritePeerTags(trx, book.id, now, (tags) => tags.filter((t) => !doomed.has(t)));
      await touchBook(trx, book.id, now);
    });
  }

  /**
   * For device presets and `rustdesk --assign`: puts a peer into the shared book of that exact name,
   * or updates the given fields when it is there (with `fillEmptyOnly` only those still empty), and tags
   * it. False when there is no such book, or when adding the peer would exceed max_peer_one_ab (the
   * limit binds devices as it binds people).
   */
  async addPeerToBookByName(
    bookName: string,
    peerId: string,
    fields: { tag?: string; alias?: string; password?: string; note?: string },
    options: { fillEmptyOnly: boolean } = { fillEmptyOnly: false },
  ): Promise<boolean> {
    if (peerId === '') return false;
    const book = await findSharedBookByName(this.db, bookName);
    if (!book) return false;
    const max = (await this.settings.get()).max_peer_one_ab;
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock();
      const tags = fields.tag ? [fields.tag] : [];
      const given = { alias: fields.alias, password: fields.password, note: fields.note };
      const peer = await findPeer(trx, book.id, peerId);
      if (peer) {
        // Presets come from unauthenticated devices: they may not replace what a book's editors set.
        if (options.fillEmptyOnly) {
          for (const key of ['alias', 'password', 'note'] as const) if (peer[key] !== '') delete given[key];
        }
        const merged = cleanTags([...parseTags(peer.tags), ...tags]);
        await updatePeer(trx, peer.id, {
          ...peerColumns({ ...given, tags: merged }, false),
          updated_at: now,
        });
      } else {
        if (max > 0 && (await countPeers(trx, book.id)) >= max) return false;
        await deleteBinnedPeers(trx, book.id, [peerId]);
        await insertPeer(trx, {
          ...peerColumns({ ...given, tags }, false),
          ab_id: book.id,
          peer_id: peerId,
          created_at: now,
          updated_at: now,
        });
      }
      await createMissingTags(trx, book.id, tags, now);
      await touchBook(trx, book.id, now);
      return true;
    });
  }

  /** The caller's personal book in the legacy format, with its last change in epoch seconds. */
  async legacyPull(caller: Caller): Promise<{ data: string; updated_at: number }> {
    const book = await this.personalBook(actingUserOf(caller));
    return readLegacyBook(this.db, book, await deviceScopeOf(this.db, caller));
  }

  /**
   * Replaces the caller's personal book with a legacy push (the `data` text), within max_peer_one_ab.
   * A push of the largest legal size is tens of thousands of statements and parse work: pushes run one
   * at a time, so that a member posting many of them at once cannot crowd other requests out.
   */
  legacyPush(caller: Caller, data: string): Promise<void> {
    return this.legacyPushes.run(async () => {
      const pushed = parseLegacyData(data);
      const owner = actingUserOf(caller);
      const max = (await this.settings.get()).max_peer_one_ab;
      if (max > 0 && new Set(pushed.peers.map((p) => p.id)).size > max) {
        throw new Forbidden('address_book_limit', { max });
      }
      const book = await this.personalBook(owner);
      await this.db.transaction().execute((trx) => replaceWithLegacyBook(trx, book.id, pushed, this.clock()));
    });
  }

  private reachBook(caller: Caller, guid: string, purpose: 'read' | 'write') {
    return reachBook(this.db, caller, guid, purpose);
  }

  private async personalBook(ownerId: number): Promise<AddressBookRow> {
    const existing = await findPersonalBook(this.db, ownerId);
    if (existing) return existing;
    const now = this.clock();
    // A unique index allows one personal book per user: of two racing first requests, one inserts.
    await insertPersonalBookIfMissing(this.db, {
      guid: uuidv7(now),
      name: PERSONAL_BOOK_NAME,
      owner_id: ownerId,
      personal: 1,
      created_at: now,
      updated_at: now,
    });
    const book = await findPersonalBook(this.db, ownerId);
    if (!book) throw new Error('personal address book vanished after creation');
    return book;
  }

  /** Peers in the recycle bin too, so that one restored carries the book's current tag names. */
  private async rewritePeerTags(trx: Db, abId: number, now: number, rewrite: (tags: string[]) => string[]) {
    for (const peer of await listAllPeers(trx, abId, 'all')) {
      const before = parseTags(peer.tags);
      const after = cleanTags(rewrite(before));
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        await updatePeer(trx, peer.id, { tags: JSON.stringify(after), updated_at: now });
      }
    }
  }
}
