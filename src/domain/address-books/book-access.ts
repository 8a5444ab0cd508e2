import type { AddressBookRow, Db } from '../../db/schema.js';
import { BadRequest, Forbidden, NotFound } from '../../http/errors.js';
import { type AccessScope, accessScope, canReach } from '../access/policy.js';
import { findAccessEdgesFrom } from '../access/repository.js';
import type { SettingsService } from '../settings/service.js';
import type { PeerWithDevice } from './presenter.js';
import { findBookByGuid, listRulesFor } from './repository.js';
import { type Caller, canWrite, effectiveRule, FULL_CONTROL, type Rule } from './rules.js';
import { type SharingChange, sharingRefusal } from './sharing-policy.js';

/**
 * What the caller wants to do with a book: read it; write its peers, tags and recycle bin; or manage
 * it (rename, delete, share), which needs full control.
 */
export type Purpose = 'read' | 'write' | 'manage';

/**
 * The book behind a guid if the caller may reach it for that purpose. A book the caller cannot even
 * read is "not found", so that guids of other people's books reveal nothing.
 */
export async function reachBook(
  db: Db,
  caller: Caller,
  guid: string,
  purpose: Purpose,
): Promise<{ book: AddressBookRow; rule: Rule }> {
  const book = await findBookByGuid(db, guid);
  const rule = book ? await ruleOn(db, caller, book) : 0;
  if (!book || rule === 0) throw new NotFound('address_book_guid_not_found');
  if (purpose === 'write' && !canWrite(rule)) {
    throw new Forbidden('address_book_read_only');
  }
  if (purpose === 'manage' && rule !== FULL_CONTROL) {
    throw new Forbidden('address_book_needs_full_control');
  }
  return { book, rule };
}

/** Like reachBook for managing, and refuses personal books, which can never be renamed, shared or deleted. */
export async function reachSharedBook(db: Db, caller: Caller, guid: string): Promise<AddressBookRow> {
  const { book } = await reachBook(db, caller, guid, 'manage');
  if (book.personal === 1) {
    throw new BadRequest('personal_book_fixed');
  }
  return book;
}

/** The caller's rule on one book. */
export async function ruleOn(db: Db, caller: Caller, book: AddressBookRow): Promise<Rule> {
  const rules =
    book.personal === 0 && caller.kind === 'user' && !caller.isAdmin
      ? (await listRulesFor(db, caller, book.id)).map((r) => ({
          userId: r.user_id,
          userGroupId: r.user_group_id,
          rule: r.rule,
        }))
      : [];
  return effectiveRule({ personal: book.personal === 1, ownerId: book.owner_id }, caller, rules);
}

/** A 403 unless the caller may make this change to who reaches a book. */
export async function checkSharing(
  settings: SettingsService,
  change: SharingChange,
  caller: Caller,
): Promise<void> {
  const refusal = sharingRefusal(change, caller, (await settings.get()).allow_non_admin_share_address_books);
  if (refusal !== null) throw new Forbidden(refusal);
}

/** users.status of an enabled account. */
const USER_ENABLED = 1;

/** The devices the caller may reach. API tokens are made by administrators, who reach every device. */
export async function deviceScopeOf(db: Db, caller: Caller): Promise<AccessScope> {
  // A caller got here with valid credentials, so their account is enabled.
  const subject =
    caller.kind === 'token'
      ? { id: 0, groupId: 0, isAdmin: true, status: USER_ENABLED }
      : { id: caller.userId, groupId: caller.userGroupId, isAdmin: caller.isAdmin, status: USER_ENABLED };
  return accessScope(subject, subject.isAdmin ? [] : await findAccessEdgesFrom(db, subject));
}

/**
 * Whether a peer may show the registered device of its RustDesk ID: anyone may type any ID into a book,
 * and the device's names, OS and group are for those who may reach it. Administrators also see the
 * details of disabled devices, as everywhere in the console.
 */
export function showsDevice(row: PeerWithDevice, scope: AccessScope): boolean {
  if (row.device_peer_id === null) return false;
  return (
    scope.all ||
    canReach(scope, {
      status: row.device_status ?? 0,
      userId: row.device_user_id,
      ownerGroupId: row.device_owner_group_id,
      ownerStatus: row.device_owner_status,
      deviceGroupId: row.device_group_id,
    })
  );
}
