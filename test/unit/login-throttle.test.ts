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

describe('LoginThrottle', () => {
  it('answers the first failures at once, then more and more slowly, capped', () => {
    const throttle = new LoginThrottle({ user, address });
    const delays = [1, 2, 3, 4].map(() => throttle.recordFailure('alice', '10.0.0.1', 0));
    expect(delays).toEqual([0, 0, 100, 200]);
    throttle.recordSuccess('alice');
    const t2 = new LoginThrottle({ user: { ...user, maxFailures: 100 }, address });
    const capped = Array.from({ length: 8 }, () => t2.recordFailure('bob', '10.0.0.2', 0));
    expect(Math.max(...capped)).toBe(250);
  });

  it('refuses a username after maxFailures, for lockMs only', () => {
    const throttle = new LoginThrottle({ user, address });
    for (let i = 0; i < 5; i++) throttle.recordFailure('alice', `10.0.0.${i}`, 1000);
    expect(() => throttle.check('alice', '10.9.9.9', 1000)).toThrow(TooManyRequests);
    expect(() => throttle.check('ALICE', '10.9.9.9', 1000)).toThrow(TooManyRequests);
    expect(() => throttle.check('bob', '10.9.9.9', 1000)).not.toThrow();
    expect(() => throttle.check('alice', '10.9.9.9', 1000 + 30_001)).not.toThrow();
  });

  it('refuses an address that fails for many usernames', () => {
    const throttle = new LoginThrottle({ user, address });
    for (let i = 0; i < 8; i++) throttle.recordFailure(`user${i}`, '10.0.0.1', 0);
    expect(() => throttle.check('someone', '10.0.0.1', 10)).toThrow(TooManyRequests);
    expect(() => throttle.check('someone', '10.0.0.2', 10)).not.toThrow();
  });

  it('forgets failures older than the window', () => {
    const throttle = new LoginThrottle({ user, address });
    for (let i = 0; i < 4; i++) throttle.recordFailure('alice', '10.0.0.1', 0);
    throttle.recordFailure('alice', '10.0.0.1', 61_000);
    expect(() => throttle.check('alice', '10.0.0.1', 61_000)).not.toThrow();
  });

  it('a success clears the username count but not the address count', () => {
    const throttle = new LoginThrottle({ user, address });
    for (let i = 0; i < 4; i++) throttle.recordFailure('alice', '10.0.0.1', 0);
    throttle.recordSuccess('alice');
    for (let i = 0; i < 4; i++) throttle.recordFailure('alice', '10.0.0.2', 1);
    expect(() => throttle.check('alice', '10.0.0.3', 2)).not.toThrow();
    for (let i = 0; i < 4; i++) throttle.recordFailure('carol', '10.0.0.1', 2);
    expect(() => throttle.check('dave', '10.0.0.1', 3)).toThrow(TooManyRequests);
  });
});
