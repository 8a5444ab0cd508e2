import { describe, expect, it } from 'vitest';
import { LoginAlarms } from '../../src/domain/sessions/login-alarms.js';

/** The alarm types crossed by `count` failures, `spacingMs` apart from `start`. */
function failures(alarms: LoginAlarms, count: number, spacingMs: number, start = 0, username = 'alice') {
  const crossed: number[] = [];
  for (let i = 0; i < count; i++) crossed.push(...alarms.failed(username, '10.0.0.1', start + i * spacingMs));
  return crossed;
}

describe('LoginAlarms', () => {
  it('typ 4 at the sixth failure within a minute, once, and again after it falls below', () => {
    const alarms = new LoginAlarms();
    expect(failures(alarms, 5, 1000)).toEqual([]);
    expect(alarms.failed('alice', '10.0.0.1', 5000)).toEqual([4]);
    expect(failures(alarms, 3, 1000, 6000)).toEqual([]);
    expect(alarms.failed('alice', '10.0.0.1', 200_000)).toEqual([]);
    expect(failures(alarms, 6, 1000, 201_000)).toEqual([4]);
  });

  it('typ 3 after thirty in a row; a success of the user name starts a new run, but not for the address', () => {
    const alarms = new LoginAlarms();
    // Five minutes apart: nothing within the minute, at most twelve within the hour.
    expect(failures(alarms, 30, 300_000)).toEqual([]);
    expect(alarms.failed('alice', '10.0.0.1', 30 * 300_000)).toEqual([3]);
    alarms.succeeded('alice');
    expect(failures(alarms, 31, 300_000, 10_000_000)).toEqual([3]);
    alarms.succeeded('alice');
    // The address is still over 30 in a row: no new record; bob's own run is short.
    expect(alarms.failed('bob', '10.0.0.1', 20_000_000)).toEqual([]);
  });

  it('typ 5 at the twentieth failure within an hour', () => {
    const alarms = new LoginAlarms();
    expect(failures(alarms, 19, 120_000)).toEqual([]);
    expect(alarms.failed('alice', '10.0.0.1', 19 * 120_000)).toEqual([5]);
  });
});
