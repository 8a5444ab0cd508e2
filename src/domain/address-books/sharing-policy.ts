import type { Codes } from '../../http/errors.js';
import type { Caller } from './rules.js';

/**
 * The ways to change who may reach a shared book: creating one (its owner reaches it), adding,
 * changing or deleting its rules, and giving it to another owner.
 */
export type SharingChange =
  | { kind: 'create-book' }
  | { kind: 'change-rules' }
  | { kind: 'change-owner'; currentOwnerId: number };

/** The error codes of a refusal. */
export type SharingRefusal = Codes<'sharing_owner_only' | 'sharing_create_admin_only' | 'sharing_admin_only'>;

/**
 * Why the caller may not make this change, or null when they may (issue 10, item 6). Administrators and
 * API tokens (which only administrators create) always may. Otherwise "allow non-administrators to
 * share address books" must be on, and only the owner gives a book away: full control by rule would
 * otherwise let its holder take the book and keep it after the rule is removed. The caller's full
 * control of the book is checked before this.
 */
export function sharingRefusal(
  change: SharingChange,
  caller: Caller,
  nonAdminSharing: boolean,
): SharingRefusal | null {
  if (caller.kind === 'token' || caller.isAdmin) return null;
  if (change.kind === 'change-owner' && caller.userId !== change.currentOwnerId) return 'sharing_owner_only';
  if (nonAdminSharing) return null;
  return change.kind === 'create-book' ? 'sharing_create_admin_only' : 'sharing_admin_only';
}
