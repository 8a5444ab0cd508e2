import type { AddressBookRow, Db } from '../../db/schema.js';
import { BadRequest, Conflict, NotFound } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { type Actor, describe, recordConsoleAudit } from '../console-audit/record.js';
import type { SettingsService } from '../settings/service.js';
import { checkSharing, reachSharedBook } from './book-access.js';
import { findSharedBookByName } from './repository.js';
import { actingUserOf, type Caller } from './rules.js';
import { deleteBooks, findUserByExactName, insertBook, updateBook } from './sharing-repository.js';

/** The name the client gives the personal book; a shared book of that name would hide it there. */
export const PERSONAL_BOOK_NAME = 'My address book';

export interface NewSharedBook {
  name: string;
  note: string;
  /** The default password suggested for the book's peers; "" for none. */
  password: string;
}

/** What ab.py's update-ab sends: only the keys given change. */
export interface SharedBookChanges {
  name?: string | undefined;
  note?: string | undefined;
  /** A user name. */
  owner?: string | undefined;
  password?: string | undefined;
}

/**
 * Creating, changing and deleting shared address books (ab.py add-ab, update-ab, delete-ab; the
 * console's Shared tab). Full control of a book (owner, rule 3, administrators, API tokens) allows
 * changing and deleting it; creating one and changing its owner are sharing (see sharingRefusal).
 */
export class SharedBooksService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
  ) {}

  /** Creates a shared book owned by the caller (a token's creator); answers its guid. */
  async create(caller: Caller, input: NewSharedBook, actor: Actor): Promise<{ guid: string }> {
    const ownerId = actingUserOf(caller);
    await checkSharing(this.settings, { kind: 'create-book' }, caller);
    checkName(input.name);
    return this.db.transaction().execute(async (trx) => {
      if (await findSharedBookByName(trx, input.name)) {
        throw new Conflict('shared_book_exists', { name: input.name });
      }
      const now = this.clock();
      const book = await insertBook(trx, {
        guid: uuidv7(now),
        name: input.name,
        note: input.note,
        owner_id: ownerId,
        personal: 0,
        password: input.password,
        created_at: now,
        updated_at: now,
      });
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.addressBook,
        operation: CONSOLE_OPERATION.addAddressBook,
        detail: describe('address book', [book.name]),
        now,
      });
      return { guid: book.guid };
    });
  }

  /** A rename is audited as such; the other changes as an update of the book. */
  async update(caller: Caller, guid: string, changes: SharedBookChanges, actor: Actor): Promise<void> {
    const book = await reachSharedBook(this.db, caller, guid);
    if (Object.values(changes).every((value) => value === undefined)) {
      throw new BadRequest('book_nothing_to_change');
    }
    if (changes.name !== undefined) checkName(changes.name);
    // Before the lookup, so that a refused caller cannot tell which user names exist.
    if (changes.owner !== undefined) {
      await checkSharing(this.settings, { kind: 'change-owner', currentOwnerId: book.owner_id }, caller);
    }
    const owner = changes.owner === undefined ? undefined : await findUserByExactName(this.db, changes.owner);
    if (changes.owner !== undefined && !owner) {
      throw new NotFound('share_user_not_found', { name: changes.owner });
    }

    await this.db.transaction().execute(async (trx) => {
      const now = this.clock();
      const renamed = changes.name !== undefined && changes.name !== book.name;
      if (renamed && changes.name !== undefined) {
        const clash = await findSharedBookByName(trx, changes.name);
        if (clash && clash.id !== book.id) {
          throw new Conflict('shared_book_exists', { name: changes.name });
        }
      }
      await updateBook(trx, book.id, {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.note !== undefined ? { note: changes.note } : {}),
        ...(owner ? { owner_id: owner.id } : {}),
        ...(changes.password !== undefined ? { password: changes.password } : {}),
        updated_at: now,
      });
      if (renamed) {
        await recordConsoleAudit(trx, actor, {
          area: CONSOLE_AREA.addressBook,
          operation: CONSOLE_OPERATION.changeAddressBookName,
          detail: `address book: ${book.name} → ${changes.name}`,
          now,
        });
      }
      const other = [
        changes.note !== undefined ? 'note' : null,
        owner ? `owner ${owner.name}` : null,
        // The password itself never goes into the log.
        changes.password !== undefined ? (changes.password === '' ? 'password removed' : 'password') : null,
      ].filter((part) => part !== null);
      if (other.length > 0) {
        await recordConsoleAudit(trx, actor, {
          area: CONSOLE_AREA.addressBook,
          operation: CONSOLE_OPERATION.updateAddressBook,
          detail: `address book: ${changes.name ?? book.name} (${other.join(', ')})`,
          now,
        });
      }
    });
  }

  /** All or nothing: one book the caller may not delete, or that does not exist, refuses the whole call. */
  async remove(caller: Caller, guids: readonly string[], actor: Actor): Promise<void> {
    const books: AddressBookRow[] = [];
    for (const guid of new Set(guids)) books.push(await reachSharedBook(this.db, caller, guid));
    await this.db.transaction().execute(async (trx) => {
      await deleteBooks(
        trx,
        books.map((b) => b.id),
      );
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.addressBook,
        operation: CONSOLE_OPERATION.deleteAddressBook,
        detail: describe(
          'address books',
          books.map((b) => b.name),
        ),
        now: this.clock(),
      });
    });
  }
}

function checkName(name: string): void {
  if (name.trim() === '') throw new BadRequest('field_empty', { field: 'name' });
  if (name === PERSONAL_BOOK_NAME) {
    throw new BadRequest('personal_book_name', { name: PERSONAL_BOOK_NAME });
  }
}
