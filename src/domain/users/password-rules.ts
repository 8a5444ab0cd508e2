import { BadRequest } from '../../http/errors.js';

/** The shortest password anyone may set, unless an administrator changes it (setting `min_password_length`). */
export const DEFAULT_MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;
/** What an administrator may set the minimum to: never so low that a password may be empty. */
export const MIN_PASSWORD_LENGTH_RANGE = { minimum: 4, maximum: MAX_PASSWORD_LENGTH } as const;

/**
 * The rules for every password that is set (new users, resets, one's own change, `set-password`).
 * Logins do not apply them, so that passwords set under older rules keep working.
 */
export function checkPasswordRules(password: string, minLength: number): void {
  if (password.length < minLength) {
    throw new BadRequest('password_too_short', { min: minLength });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new BadRequest('field_too_long', { field: 'password', max: MAX_PASSWORD_LENGTH });
  }
}
