import { TooManyRequests } from '../../http/errors.js';

export interface ThrottleLimits {
  /** Failures inside the window before each further failure is answered more slowly. */
  freeFailures: number;
  /** Failures inside the window after which the key is refused for `lockMs`. */
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  /** Extra delay per failure past `freeFailures`, capped at `maxDelayMs`. */
  delayStepMs: number;
  maxDelayMs: number;
}

/** Per username: strict, since a real user rarely fails ten times; the lock is short so they are not shut out long. */
export const USER_LIMITS: ThrottleLimits = {
  freeFailures: 3,
  maxFailures: 10,
  windowMs: 15 * 60_000,
  lockMs: 5 * 60_000,
  delayStepMs: 500,
  maxDelayMs: 3000,
};
/** Per address: looser, because an office behind one NAT address shares it. */
export const ADDRESS_LIMITS: ThrottleLimits = { ...USER_LIMITS, freeFailures: 10, maxFailures: 30 };

interface Entry {
  failures: number;
  windowStart: number;
  lockedUntil: number;
}

const MAX_ENTRIES = 100_000;

/** Counts failed logins per key in memory; a restart forgets them, which errs on the side of the real user. */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly limits: { user: ThrottleLimits; address: ThrottleLimits }) {}

  private keys(username: string, address: string): Array<[string, ThrottleLimits]> {
    return [
      [`u:${username.toLowerCase()}`, this.limits.user],
      [`a:${address}`, this.limits.address],
    ];
  }

  /** Throws TooManyRequests while either the username or the address is locked. */
  check(username: string, address: string, now: number): void {
    for (const [key] of this.keys(username, address)) {
      const entry = this.entries.get(key);
      if (entry && entry.lockedUntil > now) {
        throw new TooManyRequests(
          'Too many failed login attempts, try again later',
          Math.ceil((entry.lockedUntil - now) / 1000),
        );
      }
    }
  }

  /** Records a failure; returns how long to wait before answering it. */
  recordFailure(username: string, address: string, now: number): number {
    if (this.entries.size > MAX_ENTRIES) this.sweep(now);
    let delay = 0;
    for (const [key, limits] of this.keys(username, address)) {
      let entry = this.entries.get(key);
      if (!entry || now - entry.windowStart > limits.windowMs) {
        entry = { failures: 0, windowStart: now, lockedUntil: 0 };
        this.entries.set(key, entry);
      }
      entry.failures += 1;
      if (entry.failures >= limits.maxFailures) {
        entry.lockedUntil = now + limits.lockMs;
        entry.failures = 0;
        entry.windowStart = now;
      }
      const over = entry.failures - limits.freeFailures;
      if (over > 0) delay = Math.max(delay, Math.min(over * limits.delayStepMs, limits.maxDelayMs));
    }
    return delay;
  }

  /** A correct password clears the username's count (not the address's: one known account must not reset it). */
  recordSuccess(username: string): void {
    this.entries.delete(`u:${username.toLowerCase()}`);
  }

  private sweep(now: number): void {
    const longestWindow = Math.max(this.limits.user.windowMs, this.limits.address.windowMs);
    for (const [key, entry] of this.entries) {
      if (entry.lockedUntil <= now && now - entry.windowStart > longestWindow) this.entries.delete(key);
    }
  }
}
