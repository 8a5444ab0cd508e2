import { describe, expect, it } from 'vitest';
import {
  completePermissions,
  grants,
  type PermissionLevel,
  SCOPE_AREAS,
  type Scope,
} from '../../src/domain/tokens/scopes.js';

describe('grants(granted, wanted)', () => {
  const cases: Array<[PermissionLevel, 'r' | 'rw', boolean]> = [
    ['none', 'r', false],
    ['none', 'rw', false],
    ['r', 'r', true],
    ['r', 'rw', false],
    ['rw', 'r', true],
    ['rw', 'rw', true],
  ];
  for (const area of SCOPE_AREAS) {
    for (const [held, wanted, expected] of cases) {
      it(`${area}: holding "${held}" ${expected ? 'grants' : 'does not grant'} ${area}:${wanted}`, () => {
        const granted = completePermissions({ [area]: held });
        expect(grants(granted, `${area}:${wanted}` as Scope)).toBe(expected);
      });
    }
  }

  it('a level on one area never grants another area', () => {
    for (const area of SCOPE_AREAS) {
      const granted = completePermissions({ [area]: 'rw' });
      for (const other of SCOPE_AREAS.filter((a) => a !== area)) {
        expect(grants(granted, `${other}:r`)).toBe(false);
      }
    }
  });

  it('missing areas read as "none"', () => {
    expect(completePermissions({ device: 'r' })).toEqual({
      device: 'r',
      audit_log: 'none',
      user: 'none',
      user_group: 'none',
      device_group: 'none',
      strategy: 'none',
      address_book: 'none',
    });
  });
});
