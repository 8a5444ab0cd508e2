import { Forbidden } from '../../http/errors.js';

/**
 * Which connection, file and alarm records a caller may see and act on: all of them, or only those of
 * the devices assigned to one user. The controlling side is not counted: its RustDesk ID is only what the
 * controller claimed, and must not open another user's records.
 */
export type LogScope = { kind: 'all' } | { kind: 'own'; userId: number };

/** The caller as the access check found it: an API token, or a logged-in user. */
export type LogCaller = { kind: 'token' } | { kind: 'user'; user: { id: number; is_admin: number } };

/**
 * Administrators and API tokens (their scope was checked before) see everything; other users see the
 * records of their own devices, or none when the setting "only admin can access logs" is on.
 */
export function logScopeOf(caller: LogCaller, onlyAdminCanAccessLogs: boolean): LogScope {
  if (caller.kind === 'token' || caller.user.is_admin === 1) return { kind: 'all' };
  if (onlyAdminCanAccessLogs) throw new Forbidden('logs_admin_only');
  return { kind: 'own', userId: caller.user.id };
}
