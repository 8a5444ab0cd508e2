import { describe, expect, it } from 'vitest';
import { keptTickObject } from '../../src/lib/tick-objects.js';

describe('tick-objects: one of Node’s tick objects kept for the life of the process', () => {
  it('holds the object process.nextTick queued, with its callback', () => {
    const kept = keptTickObject() as { callback?: unknown } | undefined;
    expect(kept).toBeTypeOf('object');
    expect(kept?.callback).toBeTypeOf('function');
    // The two async-id fields are symbol keys: the literal whose shape is kept.
    expect(Object.getOwnPropertySymbols(kept)).toHaveLength(2);
  });
});
