import type { Db } from '../../db/schema.js';
import { Forbidden } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { type Actor, describe, recordConsoleAudit } from '../console-audit/record.js';
import type { Page } from '../paging.js';
import type { SettingsService } from '../settings/service.js';
import { deviceScopeOf, reachBook, showsDevice } from './book-access.js';
import { createMissingTags } from './book-tags.js';
import { parseTags, presentBinnedPeer } from './presenter.js';
import {
  countPeers,
  deleteAllBinnedPeers,
  deleteBinnedPeers,
  listPeers,
  type PeerFilter,
  restoreBinnedPeers,
  touchBook,
} from './repository.js';
import type { Caller } from './rules.js';

/**
 * The recycle bin of each book (features.md §14): deleted peers wait there until they are restored or
 * deleted for good. It belongs to whoever may write the book (read/write and up); deleting for good
 * and emptying are console-audited, as in Server Pro.
 */
export class RecycleBinService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
  ) {}

  /** Most recently deleted first. */
  async list(caller: Caller, guid: string, filter: PeerFilter, page: Page) {
    const { book } = await reachBook(this.db, caller, guid, 'write');
    const total = await countPeers(this.db, book.id, filter, 'binned');
    const rows = await listPeers(this.db, book.id, filter, page, 'binned');
    const scope = await deviceScopeOf(this.db, caller);
    return {
      total,
      data: rows.map((row) => presentBinnedPeer(row, book.personal === 1, showsDevice(row, scope))),
    };
  }

  /** Peers that are not in the bin are skipped; the book's max_peer_one_ab still holds. */
  async restore(caller: Caller, guid: string, peerIds: readonly string[]): Promise<void> {
    const { book } = await reachBook(this.db, caller, guid, 'write');
    const max = (await this.settings.get()).max_peer_one_ab;
    const wanted = [...new Set(peerIds)];
    await this.db.transaction().execute(async (trx) => {
      const now = this.clock();
      const restored = await restoreBinnedPeers(trx, book.id, wanted, now);
      if (restored.length === 0) return;
      if (max > 0 && (await countPeers(trx, book.id)) > max) {
        throw new Forbidden('address_book_limit', { max });
      }
      await createMissingTags(
        trx,
        book.id,
        restored.flatMap((peer) => parseTags(peer.tags)),
        now,
      );
      await touchBook(trx, book.id, now);
    });
  }

  async deleteForGood(caller: Caller, guid: string, peerIds: readonly string[], actor: Actor): Promise<void> {
    const { book } = await reachBook(this.db, caller, guid, 'write');
    await this.db.transaction().execute(async (trx) => {
      const deleted = await deleteBinnedPeers(trx, book.id, [...new Set(peerIds)]);
      if (deleted.length === 0) return;
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.addressBook,
        operation: CONSOLE_OPERATION.deleteRecycleBinDevices,
        detail: describe(`recycle bin of ${book.name}, peers`, deleted),
        now: this.clock(),
      });
    });
  }

  async empty(caller: Caller, guid: string, actor: Actor): Promise<void> {
    const { book } = await reachBook(this.db, caller, guid, 'write');
    await this.db.transaction().execute(async (trx) => {
      const count = await deleteAllBinnedPeers(trx, book.id);
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.addressBook,
        operation: CONSOLE_OPERATION.emptyRecycleBin,
        detail: `address book: ${book.name} (${count} ${count === 1 ? 'peer' : 'peers'} deleted)`,
        now: this.clock(),
      });
    });
  }
}
