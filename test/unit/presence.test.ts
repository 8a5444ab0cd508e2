import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/schema.js';
import { PresenceTracker } from '../../src/domain/devices/presence.js';

const report = (ip: string) => ({ conns: [], ver: 1004090, ip });

/** A tracker whose clock reads `now.value`; these tests never flush, so no database is needed. */
function tracker(): { presence: PresenceTracker; now: { value: number } } {
  const now = { value: 1_700_000_000_000 };
  return { presence: new PresenceTracker({} as Db, () => now.value), now };
}

describe('PresenceTracker: the presence a heartbeat keeps (seen with last)', () => {
  it('is the presence the tracker holds, and is updated in place by the next heartbeat', () => {
    const { presence, now } = tracker();
    const first = presence.seen('100000001', 1, report('10.0.0.1'));
    now.value += 15_000;
    const second = presence.seen('100000001', 1, report('10.0.0.2'), first);
    expect(second).toBe(first);
    expect(presence.get('100000001')).toMatchObject({ lastSeen: now.value, ip: '10.0.0.2' });
  });

  it('once the device is forgotten, is not updated: the heartbeat makes a presence the tracker holds', () => {
    const { presence } = tracker();
    const kept = presence.seen('100000001', 1, report('10.0.0.1'));
    presence.forget('100000001');
    expect(presence.get('100000001')).toBeUndefined();
    const fresh = presence.seen('100000001', 1, report('10.0.0.2'), kept);
    expect(fresh).not.toBe(kept);
    expect(presence.get('100000001')).toBe(fresh);
    expect(presence.isOnline('100000001')).toBe(true);
  });

  it('of a device whose ID another device took, is not updated either', () => {
    const { presence } = tracker();
    const old = presence.seen('100000001', 1, report('10.0.0.1'));
    const taken = presence.seen('100000001', 2, report('10.0.0.2'));
    const again = presence.seen('100000001', 1, report('10.0.0.3'), old);
    expect(again).not.toBe(old);
    expect(again).not.toBe(taken);
    expect(presence.get('100000001')).toMatchObject({ deviceId: 1, ip: '10.0.0.3' });
  });
});
