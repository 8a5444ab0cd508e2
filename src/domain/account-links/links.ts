import { randomBytes } from 'node:crypto';
import type { AccountTokenPurpose, Db } from '../../db/schema.js';
import { HOUR_MS } from '../../lib/clock.js';
import { hashSecret } from '../../lib/ids.js';
import type { OutgoingMail } from '../mail/outbox-repository.js';
import { deleteUnusedAccountTokens, insertAccountToken } from './repository.js';

/** The console pages the links open (web/src/app/router.tsx). */
export const LINK_PAGES: Record<AccountTokenPurpose, string> = {
  invite: '/invitation',
  password_reset: '/reset-password',
};

export const PASSWORD_RESET_LINK_MS = HOUR_MS;

/**
 * Creates a one-time link for a user, replacing their unused links of the same purpose, and answers
 * its address. The token (32 random bytes) travels in the fragment, which browsers never send to a
 * server, so it reaches no request log or proxy; only its sha256 is stored.
 */
export async function issueLink(
  trx: Db,
  link: { userId: number; purpose: AccountTokenPurpose; expiresAt: number; now: number; consoleUrl: string },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await deleteUnusedAccountTokens(trx, link.userId, link.purpose);
  await insertAccountToken(trx, { ...link, tokenHash: hashSecret(token) });
  return `${link.consoleUrl}${LINK_PAGES[link.purpose]}#token=${token}`;
}

const until = (expiresAt: number) => new Date(expiresAt).toUTCString();

export function invitationMail(
  user: { name: string; email: string },
  link: string,
  expiresAt: number,
): OutgoingMail {
  return {
    to: user.email,
    subject: 'You are invited to RustDesk',
    text: [
      `Hello ${user.name},`,
      '',
      'An administrator created a RustDesk account for you. Open this link to set your password:',
      '',
      link,
      '',
      `The link works once, until ${until(expiresAt)}. Then log in as "${user.name}".`,
    ].join('\n'),
  };
}

export function passwordResetMail(
  user: { name: string; email: string },
  link: string,
  expiresAt: number,
): OutgoingMail {
  return {
    to: user.email,
    subject: 'Reset your RustDesk password',
    text: [
      `Hello ${user.name},`,
      '',
      'Someone asked to reset the password of your RustDesk account. Open this link to set a new one:',
      '',
      link,
      '',
      `The link works once, until ${until(expiresAt)}. Setting a password logs you out everywhere.`,
      'If you did not ask for this, ignore this mail: your password stays as it is.',
    ].join('\n'),
  };
}
