import { describe, expect, it } from 'vitest';
import {
  decidePush,
  EMPTY_PUSH_STATE,
  effectiveOptions,
  strategyInEffect,
} from '../../src/domain/strategies/effective.js';
import { versionNumber } from '../../src/lib/version.js';

describe('strategyInEffect', () => {
  it.each([
    [
      { device: 1, user: 2, deviceGroup: 3 },
      { strategyId: 1, source: 'device' },
    ],
    [
      { device: null, user: 2, deviceGroup: 3 },
      { strategyId: 2, source: 'user' },
    ],
    [
      { device: null, user: null, deviceGroup: 3 },
      { strategyId: 3, source: 'device_group' },
    ],
    [{ device: null, user: null, deviceGroup: null }, null],
  ])('%o → %o', (assigned, expected) => {
    expect(strategyInEffect(assigned)).toEqual(expected);
  });
});

describe('effectiveOptions', () => {
  const strategy = { id: 1, enabled: true, options: { 'enable-audio': 'N' }, stamp: 42 };
  it('an enabled strategy gives its options under its stamp', () => {
    expect(effectiveOptions(strategy)).toEqual({ stamp: 42, options: { 'enable-audio': 'N' } });
  });
  it('a disabled or missing strategy pushes nothing (stamp 0)', () => {
    expect(effectiveOptions({ ...strategy, enabled: false })).toEqual({ stamp: 0, options: {} });
    expect(effectiveOptions(undefined)).toEqual({ stamp: 0, options: {} });
  });
});

describe('decidePush', () => {
  const a = { stamp: 100, options: { 'enable-audio': 'N', 'enable-clipboard': 'N' } };
  const b = { stamp: 200, options: { 'enable-audio': 'Y' } };
  const none = { stamp: 0, options: {} };
  const told = (stamp: number, keys: string[], previous: string[] = []) => ({ stamp, keys, previous });

  it('pushes nothing to a client that holds the target stamp', () => {
    expect(decidePush(100, told(100, ['enable-audio', 'enable-clipboard']), a)).toEqual({
      push: null,
      state: told(100, ['enable-audio', 'enable-clipboard']),
    });
    expect(decidePush(0, EMPTY_PUSH_STATE, none)).toEqual({ push: null, state: told(0, []) });
  });

  it('pushes the options of a new strategy, all strings', () => {
    const decision = decidePush(0, EMPTY_PUSH_STATE, a);
    expect(decision.push).toEqual({ modified_at: 100, strategy: { config_options: a.options } });
    expect(decision.state).toEqual(told(100, ['enable-audio', 'enable-clipboard']));
    for (const value of Object.values(decision.push?.strategy.config_options ?? {}))
      expect(typeof value).toBe('string');
  });

  it('reverts with "" the keys the old strategy set and the new one does not', () => {
    const decision = decidePush(100, told(100, ['enable-audio', 'enable-clipboard']), b);
    expect(decision.push?.strategy.config_options).toEqual({ 'enable-audio': 'Y', 'enable-clipboard': '' });
  });

  it('reverts everything when the strategy goes away', () => {
    const decision = decidePush(100, told(100, ['enable-audio', 'enable-clipboard']), none);
    expect(decision.push).toEqual({
      modified_at: 0,
      strategy: { config_options: { 'enable-audio': '', 'enable-clipboard': '' } },
    });
  });

  it('repeats a revert whose answer was lost, and stops once the client applied a push', () => {
    const first = decidePush(100, told(100, ['enable-audio', 'enable-clipboard']), b);
    // The answer was lost: the client still says 100 and must get the revert again.
    const retry = decidePush(100, first.state, b);
    expect(retry.push?.strategy.config_options).toEqual({ 'enable-audio': 'Y', 'enable-clipboard': '' });
    // It applied B; then B changes to C before anything else: only B's keys need reverting.
    const c = { stamp: 300, options: { 'enable-camera': 'N' } };
    const next = decidePush(200, retry.state, c);
    expect(next.push?.strategy.config_options).toEqual({ 'enable-audio': '', 'enable-camera': 'N' });
    expect(decidePush(300, next.state, c)).toEqual({ push: null, state: told(300, ['enable-camera']) });
  });
});

describe('versionNumber', () => {
  it.each([
    ['1.4.9', 1004090],
    ['1.1.10', 1001100],
    ['1.2.3-2', 1002032],
    ['2.0', 2000000],
    ['', 0],
    ['garbage', 0],
  ])('%s → %i', (text, number) => {
    expect(versionNumber(text)).toBe(number);
  });
});
