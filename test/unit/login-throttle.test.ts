import { describe, expect, it } from 'vitest';
import { LoginThrottle, type ThrottleLimits } from '../../src/domain/sessions/login-throttle.js';
import { TooManyRequests } from '../../src/http/errors.js';

const user: ThrottleLimits = {
  freeFailures: 2,
  maxFailures: 5,
  windowMs: 60_000,
  lockMs: 30_000,
  delayStepMs: 100,
  maxDelayMs: 250,
};
const address: ThrottleLimits = { ...user, freeFailures: 4, maxFailures: 8 };

/** One wrong password: let through, then found wrong. */
function fail(throttle: LoginThrottle, username: string, ip: string, now: number): number {
  throttle.reserve(username, ip, now);
  return throttle.recordFailure(username, ip, now);
}

function succeed(throttle: LoginThrottle, username: string, ip: string, now: number): void {
  throttle.reserve(username, ip, now);
  throttle.recordSuccess(username, ip);
}

describe('LoginThrottle', () => {
  it('answers the first failures at once, then more and more slowly, capped', () => {
    const throttle = new LoginThrottle({ user, address });
    const delays = [1, 2, 3, 4].map(() => fail(throttle, 'alice', '10.0.0.1', 0));
    expect(delays).toEqual([0, 0, 100, 200]);
    const t2 = new LoginThrottle({ user: { ...user, maxFailures: 100 }, address });
    const capped = Array.from({ length: 8 }, () => fail(t2, 'bob', '10.0.0.2', 0));
    expect(Math.max(...capped)).toBe(250);
  });

  it('refuses a username after maxFailures, for lockMs only', () => {
    const throttle = new LoginThrottle({ user, address });
    for (let i = 0; i < 5; i++) fail(throttle, 'alice', `10.0.0.${i}`, 1000);
    expect(() => throttle.reserve('alice', '10.9.9.9', 1000)).toThrow(TooManyRequests);
    expect(() => throttle.reserve('ALICE', '10.9.9.9', 1000)).toThrow(TooManyRequests);
    expect(() => throttle.reserve('bob', '10.9.9.9', 1000)).not.toThrow();
    expect(() => throttle.reserve('alice', '10.9.9.9', 1000 + 30_001)).not.toThrow();
  });

  it('counts checks still under way: no more than maxFailures get through at once', () => {
    const throttle = new LoginThrottle({ user, address });
    for (let i = 0; i < 5; i++) throttle.reserve('alice', '10.0.0.1', 0);
    expect(() => throttle.reserve('alice', '10.0.0.1', 0)).toThrow(TooManyRequests);
    // One of them had the right password: the username starts afresh, the address keeps the others.
    throttle.recordSuccess('alice', '10.0.0.1');
    expect(() => throttle.reserve('alice', '10.0.0.1', 0)).not.toThrow();
  });

  it('refuses an address that fails for many usernames', () => {
    const throttle = new LoginThrottle({ user, address });
    for (let i = 0; i < 8; i++) fail(throttle, `user${i}`, '10.0.0.1', 0);
    expect(() => throttle.reserve('someone', '10.0.0.1', 10)).toThrow(TooManyRequests);
    expect(() => throttle.reserve('someone', '10.0.0.2', 10)).not.toThrow();
  });

  it('forgets failures older than the window', () => {
    const throttle = new LoginThrottle({ user, address });
    for (let i = 0; i < 4; i++) fail(throttle, 'alice', '10.0.0.1', 0);
    fail(throttle, 'alice', '10.0.0.1', 61_000);
    expect(() => throttle.reserve('alice', '10.0.0.1', 61_000)).not.toThrow();
  });

  it('a success clears the username count but not the address count', () => {
    const throttle = new LoginThrottle({ user, address });
    for (let i = 0; i < 4; i++) fail(throttle, 'alice', '10.0.0.1', 0);
    succeed(throttle, 'alice', '10.0.0.1', 0);
    for (let i = 0; i < 4; i++) fail(throttle, 'alice', '10.0.0.2', 1);
    expect(() => throttle.reserve('alice', '10.0.0.3', 2)).not.toThrow();
    for (let i = 0; i < 4; i++) fail(throttle, 'carol', '10.0.0.1', 2);
    expect(() => throttle.reserve('dave', '10.0.0.1', 3)).toThrow(TooManyRequests);
  });
});

describe('LoginThrottle.check with a login that needs a second factor', () => {
  it('takes a right password back without clearing the user’s failures', async () => {
    const throttle = new LoginThrottle({ user, address });
    for (let i = 0; i < 4; i++) fail(throttle, 'alice', '10.0.0.1', 0);
    const proven = await throttle.check(
      'alice',
      '10.0.0.2',
      0,
      async () => 'alice',
      () => false,
    );
    expect(proven).toBe('alice');
    fail(throttle, 'alice', '10.0.0.3', 0);
    expect(() => throttle.reserve('alice', '10.0.0.4', 0)).toThrow(TooManyRequests);
  });
});
