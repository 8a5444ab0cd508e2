import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { hashSecret } from '../../lib/ids.js';

/** RFC 6238 as authenticator apps expect it: SHA1, 6 digits, 30 s steps; ±1 step for clock drift. */
const PERIOD_S = 30;
const DIGITS = 6;
const WINDOW = 1;
export const ISSUER = 'rdconsole';
export const BACKUP_CODE_COUNT = 6;

const totpOf = (secret: string, label = '') =>
  new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_S,
    secret: Secret.fromBase32(secret),
  });

/** A new random secret (160 bits, the size RFC 4226 recommends), base32 as apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app scans. */
export function otpauthUri(secret: string, account: string): string {
  return totpOf(secret, account).toString();
}

/** The time step a 6-digit `code` belongs to within ±1 step of `now`, or null when it matches none. */
export function matchTotpStep(secret: string, code: string, now: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(secret).validate({ token: code, timestamp: now, window: WINDOW });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD_S) + delta;
}

/**
 * Backup codes: 10 characters of 32 (no l, o, 0, 1: they look alike), shown as xxxxx-xxxxx. 50 bits of
 * entropy each and used once: a plain sha256 at rest suffices.
 */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
export function newBackupCodes(): string[] {
  return Array.from({ length: BACKUP_CODE_COUNT }, () => {
    const chars = [...randomBytes(10)].map((byte) => ALPHABET[byte & 31]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** The stored form of a backup code; spaces, dashes and case do not matter when it is typed in. */
export function hashBackupCode(code: string): string {
  return hashSecret(code.toLowerCase().replace(/[\s-]/g, ''));
}
