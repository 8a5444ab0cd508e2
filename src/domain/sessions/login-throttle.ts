import { TooManyRequests } from '../../http/errors.js';
import { MINUTE_MS } from '../../lib/clock.js';

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
  windowMs: 15 * MINUTE_MS,
  lockMs: 5 * MINUTE_MS,
  delayStepMs: 500,
  maxDelayMs: 3000,
};
/** Per address: looser, because an office behind one NAT address shares it. */
export const ADDRESS_LIMITS: ThrottleLimits = { ...USER_LIMITS, freeFailures: 10, maxFailures: 30 };

interface Entry {
  /** Failures inside the window, counting the attempts still being checked. */
  failures: number;
  windowStart: number;
  lockedUntil: number;
}

const MAX_ENTRIES = 100_000;

/**
 * Counts failed password checks per key in memory; a restart forgets them, which errs on the side of
 * the real user. An attempt counts as a failure from the moment it is let through (`reserve`), before
 * the slow password check: otherwise many guesses sent at once would all pass the check together.
 */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly limits: { user: ThrottleLimits; address: ThrottleLimits }) {}

  private keys(username: string, address: string): Array<[string, ThrottleLimits]> {
    return [
      [userKey(username), this.limits.user],
      [addressKey(address), this.limits.address],
    ];
  }

  /**
   * One password check under the throttle (a login, or the current password of a password change):
   * counted before `verify` runs, then taken back or confirmed. `verify` answers what the right password
   * proves (the user), or undefined for a wrong one, which is answered only after the throttle's delay.
   * `completes` says whether what was proven ends the login: a right password that a second factor must
   * follow takes its attempt back but does not clear the user's count, or guessing codes would restart
   * at zero with each new password login.
   */
  async check<T>(
    username: string,
    address: string,
    now: number,
    verify: () => Promise<T | undefined>,
    completes: (proven: T) => boolean = () => true,
  ): Promise<T | undefined> {
    this.reserve(username, address, now);
    const proven = await verify();
    if (proven !== undefined) {
      this.recordSuccess(username, address, completes(proven));
      return proven;
    }
    const delay = this.recordFailure(username, address, now);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    return undefined;
  }

  /**
   * Lets one password check through and counts it as a failure until `recordSuccess` takes it back.
   * Throws TooManyRequests while the username or the address is locked, or when the attempts already
   * under way would use up what is left of its allowance.
   */
  reserve(username: string, address: string, now: number): void {
    if (this.entries.size > MAX_ENTRIES) this.sweep(now);
    const entries: Entry[] = [];
    for (const [key, limits] of this.keys(username, address)) {
      let entry = this.entries.get(key);
      if (entry && entry.lockedUntil > now) {
        throw tooMany(entry.lockedUntil - now);
      }
      if (!entry || now - entry.windowStart > limits.windowMs) {
        entry = { failures: 0, windowStart: now, lockedUntil: 0 };
        this.entries.set(key, entry);
      }
      // Checks still under way that would reach the limit if they fail: the lock is coming.
      if (entry.failures >= limits.maxFailures) throw tooMany(limits.lockMs);
      entries.push(entry);
    }
    for (const entry of entries) entry.failures += 1;
  }

  /** The reserved attempt failed: locks a key that reached its limit; returns how long to wait before answering. */
  recordFailure(username: string, address: string, now: number): number {
    let delay = 0;
    for (const [key, limits] of this.keys(username, address)) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      const over = entry.failures - limits.freeFailures;
      if (over > 0) delay = Math.max(delay, Math.min(over * limits.delayStepMs, limits.maxDelayMs));
      if (entry.failures >= limits.maxFailures && entry.lockedUntil <= now) {
        entry.lockedUntil = now + limits.lockMs;
        entry.failures = 0;
        entry.windowStart = now;
      }
    }
    return delay;
  }

  /**
   * The reserved attempt had the right password: clears the username's count (or, when the login is not
   * complete yet, only takes the attempt back), and takes the attempt back from the address's (which it
   * does not clear: one known account must not reset it).
   */
  recordSuccess(username: string, address: string, clearUser = true): void {
    if (clearUser) this.entries.delete(userKey(username));
    const keys = clearUser ? [addressKey(address)] : [userKey(username), addressKey(address)];
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry) entry.failures = Math.max(0, entry.failures - 1);
    }
  }

  private sweep(now: number): void {
    const longestWindow = Math.max(this.limits.user.windowMs, this.limits.address.windowMs);
    for (const [key, entry] of this.entries) {
      if (entry.lockedUntil <= now && now - entry.windowStart > longestWindow) this.entries.delete(key);
    }
  }
}

const userKey = (username: string) => `u:${username.toLowerCase()}`;
const addressKey = (address: string) => `a:${address}`;

function tooMany(waitMs: number): TooManyRequests {
  return new TooManyRequests('login_throttled', Math.ceil(waitMs / 1000));
}
