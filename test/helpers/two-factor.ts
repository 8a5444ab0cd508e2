import { Secret, TOTP } from 'otpauth';
import { expect } from 'vitest';
import type { TestApp } from './test-app.js';

/** The code an authenticator app shows for `secret` at `now` (epoch ms). */
export const codeAt = (secret: string, now: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: now,
  });

/**
 * Enrols the user of a console session in TOTP 2FA at the test clock's time, then moves the clock one
 * step on (the step just used cannot serve the next login). Returns the secret, its URI and the backup codes.
 */
export async function enrolTotp(t: TestApp, token: string) {
  const started = await t.call('POST', '/api/tfa/totp/enrol', { token, body: {} });
  expect(started.statusCode).toBe(200);
  const { secret, uri } = started.json() as { secret: string; uri: string };
  const confirmed = await t.call('POST', '/api/tfa/totp/confirm', {
    token,
    body: { code: codeAt(secret, t.clock.now) },
  });
  expect(confirmed.statusCode).toBe(200);
  t.clock.advance(30_000);
  return { secret, uri, backupCodes: confirmed.json().backup_codes as string[] };
}
