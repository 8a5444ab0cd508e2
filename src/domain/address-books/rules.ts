import type { Principal } from '../../http/access.js';
import { Unauthorized } from '../../http/errors.js';

/**
 * Who may do what in an address book (features.md §14, client-api.md §7.1).
 * The values are the ones the RustDesk client and ab.py use for a book's `rule`.
 */
export const NO_ACCESS = 0;
export const READ = 1;
export const READ_WRITE = 2;
export const FULL_CONTROL = 3;
export type Rule = typeof NO_ACCESS | typeof READ | typeof READ_WRITE | typeof FULL_CONTROL;

/** The caller of an address-book operation, reduced to what the decision needs. */
export type Caller =
  | { kind: 'user'; userId: number; userGroupId: number; isAdmin: boolean }
  /** An API token acts for scripts; its personal book is the one of the administrator who created it. */
  | { kind: 'token'; creatorId: number };

export interface BookFacts {
  personal: boolean;
  ownerId: number;
}

/** One row of ab_rules: neither user nor user group means everyone. */
export interface RuleFacts {
  userId: number | null;
  userGroupId: number | null;
  rule: number;
}

/**
 * The caller's rule on a book. A personal book belongs to its owner alone (administrators and tokens
 * included: it holds that user's remembered password hashes). On a shared book the owner, any
 * administrator and API tokens have full control; otherwise the most specific rule wins: one for the
 * user, then one for the user's group, then one for everyone. A stored value outside 1–3 is ignored.
 */
export function effectiveRule(book: BookFacts, caller: Caller, rules: readonly RuleFacts[]): Rule {
  if (book.personal) return actingUserOf(caller) === book.ownerId ? FULL_CONTROL : NO_ACCESS;
  if (caller.kind === 'token' || caller.isAdmin || caller.userId === book.ownerId) return FULL_CONTROL;

  const valid = rules.filter((r) => r.rule === READ || r.rule === READ_WRITE || r.rule === FULL_CONTROL);
  const tiers = [
    valid.filter((r) => r.userId === caller.userId),
    valid.filter((r) => r.userId === null && r.userGroupId === caller.userGroupId),
    valid.filter((r) => r.userId === null && r.userGroupId === null),
  ];
  const tier = tiers.find((t) => t.length > 0);
  return tier ? (Math.max(...tier.map((r) => r.rule)) as Rule) : NO_ACCESS;
}

export function canRead(rule: Rule): boolean {
  return rule >= READ;
}

/** Read/write covers peers and tags; full control adds sharing and deleting the book. */
export function canWrite(rule: Rule): boolean {
  return rule >= READ_WRITE;
}

/** The user the caller is, or acts for (an API token's creator): its personal book is theirs. */
export function actingUserOf(caller: Caller): number {
  return caller.kind === 'user' ? caller.userId : caller.creatorId;
}

/** The caller of a route that has passed the access check. */
export function callerOf(principal: Principal | null): Caller {
  if (principal?.kind === 'token') return { kind: 'token', creatorId: principal.token.created_by };
  if (principal?.kind === 'user') {
    return {
      kind: 'user',
      userId: principal.user.id,
      userGroupId: principal.user.group_id,
      isAdmin: principal.user.is_admin === 1,
    };
  }
  throw new Unauthorized();
}
