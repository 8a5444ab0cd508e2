import { describe, expect, it } from 'vitest';
import { isNestedDeeperThan } from '../../src/lib/json.js';

const nested = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}${close.repeat(depth)}`;

describe('JSON depth check', () => {
  it('counts arrays and objects alike, and stops only above the limit', () => {
    expect(isNestedDeeperThan(nested(3), 3)).toBe(false);
    expect(isNestedDeeperThan(nested(4), 3)).toBe(true);
    expect(isNestedDeeperThan('{"a":{"b":[{}]}}', 4)).toBe(false);
    expect(isNestedDeeperThan('{"a":{"b":[{}]}}', 3)).toBe(true);
    // Unclosed: still too deep, whatever JSON.parse makes of it later.
    expect(isNestedDeeperThan('[[[[', 3)).toBe(true);
  });

  it('measures nesting, not the number of brackets', () => {
    const wide = `[${Array.from({ length: 100 }, () => '[{}]').join(',')}]`;
    expect(isNestedDeeperThan(wide, 3)).toBe(false);
    expect(isNestedDeeperThan(wide, 2)).toBe(true);
  });

  it('skips brackets inside strings, escaped quotes included', () => {
    expect(isNestedDeeperThan(JSON.stringify({ note: '[[[[[[{{{{{{' }), 1)).toBe(false);
    expect(isNestedDeeperThan(JSON.stringify({ note: 'say "[[[[[[" \\ {{{{' }), 1)).toBe(false);
    expect(isNestedDeeperThan(`{"a\\"[[[[":[[{}]]}`, 4)).toBe(false);
    expect(isNestedDeeperThan(`{"a\\"[[[[":[[{}]]}`, 3)).toBe(true);
  });

  it('passes text with no brackets and a heartbeat body', () => {
    expect(isNestedDeeperThan('', 0)).toBe(false);
    expect(isNestedDeeperThan('"text"', 0)).toBe(false);
    expect(isNestedDeeperThan('{"id":"123456789","uuid":"dXVpZA==","ver":1004090,"conns":[1,2]}', 2)).toBe(
      false,
    );
    expect(isNestedDeeperThan('{"id":"123456789","uuid":"dXVpZA==","ver":1004090,"conns":[1,2]}', 1)).toBe(
      true,
    );
  });
});
