import { describe, expect, it } from 'vitest';
import { SCOPE_AREAS, PERMISSION_LEVELS as SERVER_LEVELS } from '../../../../src/domain/tokens/scopes';
import {
  expiryTime,
  grantedPermissions,
  isExpired,
  noPermissions,
  PERMISSION_LEVELS,
  TOKEN_AREAS,
  tokenRequestOf,
} from './token-permissions';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const DAY_S = 86_400;

describe('the token permission vocabulary', () => {
  it('offers exactly the areas and levels the server knows, in its order', () => {
    expect([...TOKEN_AREAS]).toEqual([...SCOPE_AREAS]);
    expect([...PERMISSION_LEVELS]).toEqual([...SERVER_LEVELS]);
  });
});

describe('grantedPermissions', () => {
  it('lists the areas a token may use in menu order, leaving out "none"', () => {
    expect(
      grantedPermissions({ ...noPermissions(), audit_log: 'r', device: 'rw', strategy: 'none' }),
    ).toEqual([
      { area: 'device', level: 'rw' },
      { area: 'audit_log', level: 'r' },
    ]);
  });

  it('is empty for a token without permissions, and ignores areas it does not know', () => {
    expect(grantedPermissions(noPermissions())).toEqual([]);
    expect(grantedPermissions({ printers: 'rw' })).toEqual([]);
  });
});

describe('tokenRequestOf', () => {
  const permissions = { ...noPermissions(), device: 'rw', audit_log: 'r' } as const;

  it('trims the name, sends only the granted areas and the expiry in epoch seconds', () => {
    expect(tokenRequestOf({ name: '  deploy  ', expiry: '30', permissions }, NOW)).toEqual({
      name: 'deploy',
      expires_at: NOW / 1000 + 30 * DAY_S,
      permissions: { device: 'rw', audit_log: 'r' },
    });
  });

  it('sends null for a token that never expires', () => {
    expect(tokenRequestOf({ name: 'ci', expiry: 'never', permissions }, NOW).expires_at).toBeNull();
  });

  it('uses the typed number of days for a custom expiry, whatever "days" holds otherwise', () => {
    expect(tokenRequestOf({ name: 'ci', expiry: 'custom', days: 2, permissions }, NOW).expires_at).toBe(
      NOW / 1000 + 2 * DAY_S,
    );
    expect(tokenRequestOf({ name: 'ci', expiry: '7', days: 2, permissions }, NOW).expires_at).toBe(
      NOW / 1000 + 7 * DAY_S,
    );
  });

  it('rounds a moment with milliseconds down to whole seconds', () => {
    expect(expiryTime('7', undefined, NOW + 999)).toBe(NOW + 999 + 7 * DAY_S * 1000);
    expect(tokenRequestOf({ name: 'ci', expiry: '7', permissions }, NOW + 999).expires_at).toBe(
      NOW / 1000 + 7 * DAY_S,
    );
  });
});

describe('isExpired', () => {
  it('is false for tokens without expiry or expiring later, true from the expiry second on', () => {
    expect(isExpired(null, NOW)).toBe(false);
    expect(isExpired(NOW / 1000 + 1, NOW)).toBe(false);
    expect(isExpired(NOW / 1000, NOW)).toBe(true);
    expect(isExpired(NOW / 1000 - DAY_S, NOW)).toBe(true);
  });
});
