import { MINUTE_MS } from '../../lib/clock.js';
import { hashSecret, newSecret } from '../../lib/ids.js';
import type { LoginInput } from './service.js';

/** How long the second step of a login may take (a mailed code: longer), and how many wrong codes it may get. */
export const PENDING_LOGIN_TTL_MS = 5 * MINUTE_MS;
export const EMAIL_CODE_TTL_MS = 10 * MINUTE_MS;
export const PENDING_LOGIN_TRIES = 5;
const MAX_PENDING = 10_000;

export interface PendingLogin {
  userId: number;
  username: string;
  client: LoginInput['client'];
  /** What proved the first factor: 'password', or an SSO source's label (see SessionsService.loginProven). */
  via: string;
  /** sha256 of the code mailed for this login (e-mail verification); null when TOTP is asked. */
  emailCodeHash: string | null;
  expiresAt: number;
  triesLeft: number;
}

/**
 * Logins whose password was right and that wait for the second factor, in memory: a restart asks for
 * the password again. The client holds an opaque secret (`secret` of client-api.md §5.3); only its hash
 * is kept.
 */
export class PendingLogins {
  private readonly pending = new Map<string, PendingLogin>();

  open(login: Omit<PendingLogin, 'expiresAt' | 'triesLeft'>, now: number): string {
    if (this.pending.size >= MAX_PENDING) this.sweep(now);
    const secret = newSecret('');
    const ttl = login.emailCodeHash === null ? PENDING_LOGIN_TTL_MS : EMAIL_CODE_TTL_MS;
    this.pending.set(hashSecret(secret), { ...login, expiresAt: now + ttl, triesLeft: PENDING_LOGIN_TRIES });
    return secret;
  }

  /** The pending login of `secret` for `username`, unless it expired or used up its tries. */
  find(secret: string, username: string, now: number): PendingLogin | undefined {
    const key = hashSecret(secret);
    const login = this.pending.get(key);
    if (!login || login.expiresAt <= now || login.triesLeft <= 0) {
      this.pending.delete(key);
      return undefined;
    }
    return login.username === username ? login : undefined;
  }

  /** A wrong code: one try fewer, and the login is gone once they are used up. */
  failed(secret: string): void {
    const key = hashSecret(secret);
    const login = this.pending.get(key);
    if (login && --login.triesLeft <= 0) this.pending.delete(key);
  }

  close(secret: string): void {
    this.pending.delete(hashSecret(secret));
  }

  private sweep(now: number): void {
    for (const [key, login] of this.pending) if (login.expiresAt <= now) this.pending.delete(key);
    // Still full (a flood of right passwords): the oldest give way; their users log in again.
    for (const key of this.pending.keys()) {
      if (this.pending.size < MAX_PENDING) break;
      this.pending.delete(key);
    }
  }
}
