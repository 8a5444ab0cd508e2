import type { Principal } from '../../http/access.js';
import { BadRequest, Forbidden, Unauthorized } from '../../http/errors.js';
import type { ActorVia } from '../console-audit/record.js';

/**
 * Who changes a user account: a manager (an administrator's session or an API token, which acts as an
 * administrator within its scope, on non-administrators only) or a member, who may touch only their own account.
 * `userId` is the logged-in user and `sessionId` their login session, both null for an API token.
 */
export type AccountCaller =
  | { manager: true; userId: number | null; sessionId: number | null }
  | { manager: false; userId: number; sessionId: number };

/** What a member may change on their own account (features.md §3.3); the rest is the administrators'. */
export const OWN_ACCOUNT_FIELDS = [
  'display_name',
  'email',
  'password',
  'current_password',
  'email_verification',
  'email_alarm_notification',
] as const;

/** The fields of a change a member may not make, in the order given. */
export function fieldsBeyondOwnAccount(changes: Record<string, unknown>): string[] {
  const allowed: readonly string[] = OWN_ACCOUNT_FIELDS;
  return Object.keys(changes).filter((key) => changes[key] !== undefined && !allowed.includes(key));
}

/**
 * Throws unless `caller` may read or change the account of `targetId` (undefined: no such user) at all.
 * A member learns nothing about other accounts, not even whether they exist.
 */
export function ensureMayTouchAccount(caller: AccountCaller, targetId: number | undefined): void {
  if (!caller.manager && caller.userId !== targetId) {
    throw new Forbidden('own_account_only');
  }
}

export interface AdminFacts {
  isAdmin: boolean;
  status: number;
}

/** An administrator who can log in: the kind of user the server must never run out of. */
export function isEnabledAdmin(user: AdminFacts): boolean {
  return user.isAdmin && user.status === 1;
}

/**
 * Throws when a change would take away the last enabled administrator (disabling, demoting or deleting
 * them), which would leave nobody to manage the server but the offline `set-password` tool.
 */
export function ensureAdminRemains(
  name: string,
  before: AdminFacts,
  after: AdminFacts | null,
  otherEnabledAdmins: number,
): void {
  const loses = isEnabledAdmin(before) && (after === null || !isEnabledAdmin(after));
  ensureAdminsRemain(loses ? [name] : [], otherEnabledAdmins);
}

/**
 * The same for a change to several users at once: `losing` are the enabled administrators the change
 * disables or deletes, `otherEnabledAdmins` those it leaves alone. The refusal names them all.
 */
export function ensureAdminsRemain(losing: readonly string[], otherEnabledAdmins: number): void {
  if (losing.length === 0 || otherEnabledAdmins > 0) return;
  const [only] = losing;
  if (losing.length === 1 && only !== undefined) throw new BadRequest('last_admin', { name: only });
  throw new BadRequest('last_admins', { names: losing });
}

/**
 * API tokens manage non-administrators only. A token that could set an administrator's password or
 * e-mail, reset their 2FA, re-enable or delete them would be an administrator itself, and so would one
 * that creates administrators; those changes need an administrator's own (console) session. Throws
 * when a token's change reaches any of `users` who is an administrator.
 */
export function ensureTokenSparesAdministrators(
  via: ActorVia,
  users: readonly { name: string; is_admin: number }[],
): void {
  if (via !== 'token') return;
  const admins = users.filter((user) => user.is_admin === 1).map((user) => user.name);
  if (admins.length > 0) {
    throw new Forbidden('token_cannot_change_admins', { names: admins });
  }
}

/** The same rule for creating a user, or changing one: a token cannot grant administrator rights. */
export function ensureTokenMakesNoAdministrator(via: ActorVia, makesAdministrator: boolean): void {
  if (via === 'token' && makesAdministrator) {
    throw new Forbidden('token_cannot_make_admin');
  }
}

/** Names of users: printable, without surrounding spaces (they are typed at login and in scripts). */
export function checkUserName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new BadRequest('field_empty', { field: 'name' });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new BadRequest('field_control_characters', { field: 'name' });
  }
  return trimmed;
}

/** An e-mail address, or empty for none. Only the shape is checked; no mail is sent. */
export function checkEmail(email: string): string {
  const trimmed = email.trim();
  if (trimmed !== '' && !/^[^\s@]+@[^\s@]+$/.test(trimmed)) {
    throw new BadRequest('field_not_email', { field: 'email' });
  }
  return trimmed;
}

/** The caller of an account operation: tokens and administrators manage, other users are members. */
export function accountCallerOf(principal: Principal | null): AccountCaller {
  if (principal?.kind === 'user') {
    const { sessionId } = principal;
    const userId = principal.user.id;
    return principal.user.is_admin === 1
      ? { manager: true, userId, sessionId }
      : { manager: false, userId, sessionId };
  }
  if (principal?.kind === 'token') return { manager: true, userId: null, sessionId: null };
  throw new Unauthorized();
}
