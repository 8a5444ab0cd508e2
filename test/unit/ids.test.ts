import { describe, expect, it } from 'vitest';
import { hashSecret, newSecret, uuidv7 } from '../../src/lib/ids.js';
import { hashPassword, verifyPassword } from '../../src/lib/passwords.js';

describe('identifiers and secrets', () => {
  it('guids are 36-character hyphenated UUID v7s, ordered by time', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    for (const guid of [a, b]) {
      expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(guid).toHaveLength(36);
      expect(guid.split('-')).toHaveLength(5);
      expect(guid[14]).toBe('7');
    }
    expect(a < b).toBe(true);
  });

  it('secrets carry their prefix and 32 random bytes; only a hash is kept', () => {
    const secret = newSecret('rdct_');
    expect(secret).toMatch(/^rdct_[A-Za-z0-9_-]{43}$/);
    expect(newSecret('rdct_')).not.toBe(secret);
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(secret)).not.toContain(secret.slice(5));
  });

  it('password hashes are salted scrypt and verify only the right password', async () => {
    const one = await hashPassword('s3cret');
    const two = await hashPassword('s3cret');
    expect(one).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(one).not.toBe(two);
    expect(await verifyPassword('s3cret', one)).toBe(true);
    expect(await verifyPassword('s3cret!', one)).toBe(false);
    expect(await verifyPassword('s3cret', 'garbage')).toBe(false);
  });
});
