import { describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from '../../src/lib/rate-limiter.js';

describe('FixedWindowLimiter', () => {
  const start = 1_800_000_000_000;

  it('admits `limit` events per key and window, then says how long until the next window', () => {
    let now = start + 15_000;
    const limiter = new FixedWindowLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i += 1) expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(45);
    expect(limiter.take('b')).toBe(0);
    now += 44_500;
    expect(limiter.take('a')).toBe(1);
    now += 500;
    expect(limiter.take('a')).toBe(0);
  });

  it('a limit of 0 admits everything', () => {
    const limiter = new FixedWindowLimiter(0, 60_000, () => start);
    for (let i = 0; i < 100; i += 1) expect(limiter.take('a')).toBe(0);
  });
});
