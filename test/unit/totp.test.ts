import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { hashBackupCode, matchTotpStep, newBackupCodes, newTotpSecret } from '../../src/domain/tfa/totp.js';

/** RFC 6238 appendix B's SHA1 secret ("12345678901234567890") and two of its test vectors (8 digits there). */
const RFC_SECRET = new Secret({ buffer: new TextEncoder().encode('12345678901234567890').buffer }).base32;

describe('TOTP codes', () => {
  it('matches RFC 6238 test vectors (the last 6 of their 8 digits)', () => {
    expect(matchTotpStep(RFC_SECRET, '287082', 59_000)).toBe(1);
    expect(matchTotpStep(RFC_SECRET, '081804', 1_111_111_109_000)).toBe(37_037_036);
  });

  it('accepts ±1 step of 30 s and nothing further, and only six digits', () => {
    const secret = newTotpSecret();
    const now = 1_700_000_000_000;
    const codeAt = (ms: number) =>
      new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: ms });
    const step = Math.floor(now / 30_000);
    expect(matchTotpStep(secret, codeAt(now), now)).toBe(step);
    expect(matchTotpStep(secret, codeAt(now - 30_000), now)).toBe(step - 1);
    expect(matchTotpStep(secret, codeAt(now + 30_000), now)).toBe(step + 1);
    expect(matchTotpStep(secret, codeAt(now - 60_000), now)).toBeNull();
    expect(matchTotpStep(secret, codeAt(now + 60_000), now)).toBeNull();
    expect(matchTotpStep(secret, ` ${codeAt(now)}`, now)).toBeNull();
    expect(matchTotpStep(secret, '12345', now)).toBeNull();
  });

  it('makes 160-bit base32 secrets', () => {
    expect(newTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(newTotpSecret());
  });
});

describe('backup codes', () => {
  it('are six distinct xxxxx-xxxxx codes whose hash ignores case, spaces and dashes', () => {
    const codes = newBackupCodes();
    expect(codes).toHaveLength(6);
    expect(new Set(codes).size).toBe(6);
    for (const code of codes) expect(code).toMatch(/^[a-km-np-z2-9]{5}-[a-km-np-z2-9]{5}$/);
    const [code = ''] = codes;
    expect(hashBackupCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashBackupCode(code.toUpperCase().replace('-', ' '))).toBe(hashBackupCode(code));
    expect(hashBackupCode(code)).not.toBe(hashBackupCode(codes[1] ?? ''));
  });
});
