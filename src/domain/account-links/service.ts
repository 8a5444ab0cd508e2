import type { AccountTokenPurpose, Db } from '../../db/schema.js';
import { Forbidden, Gone, NotFound, TooManyRequests } from '../../http/errors.js';
import { type Clock, DAY_MS } from '../../lib/clock.js';
import { hashSecret } from '../../lib/ids.js';
import { hashPassword } from '../../lib/passwords.js';
import type { FixedWindowLimiter } from '../../lib/rate-limiter.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { describe, recordConsoleAudit, selfActor } from '../console-audit/record.js';
import type { MailService } from '../mail/service.js';
import { deleteSessionsOfUser } from '../sessions/repository.js';
import type { SettingsService } from '../settings/service.js';
import { ensureMayHaveLocalPassword, mayUseLocalPassword } from '../sso/policy.js';
import { checkPasswordRules } from '../users/password-rules.js';
import { findEnabledUsersWithEmail, findUserById, updateUser } from '../users/repository.js';
import { issueLink, PASSWORD_RESET_LINK_MS, passwordResetMail } from './links.js';
import {
  deleteUnusedAccountTokens,
  findAccountToken,
  markAccountTokenUsed,
  purgeAccountTokens,
} from './repository.js';

/** Used and expired links are kept this long (for a clear "already used" answer), then forgotten. */
const LINK_RETENTION_MS = 30 * DAY_MS;

const linkUsed = () => new Gone('link_used');

/** Why a password reset sent no mail; the asker is never told, the server log is. */
export type ResetSkipped = 'no console_url' | 'no smtp';

/** What a one-time link is for and whose it is: all the console's page needs to ask for a password. */
export interface LinkInfo {
  purpose: AccountTokenPurpose;
  name: string;
  min_password_length: number;
}

/** A person acting on their own account through a mailed link or the login page (no session). */
/**
 * The side of mailed links that needs no login: "Forgot password?" mails a reset link, and both
 * invitation and reset links open a console page that sets the password through this service.
 */
export class AccountLinksService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
    private readonly mail: MailService,
    private readonly limits: {
      /** Requests per client address: answered 429 past the limit. */
      perAddress: FixedWindowLimiter;
      /** Mails per account: past the limit nothing is sent, and the answer stays the same. */
      perAccount: FixedWindowLimiter;
    },
  ) {}

  /**
   * Mails a one-hour reset link to the enabled accounts of this user name or e-mail address. The
   * caller answers the same whether or not one exists; only the server log learns why nothing was sent.
   */
  async requestPasswordReset(
    who: { username?: string | undefined; email?: string | undefined },
    ip: string,
  ): Promise<ResetSkipped | null> {
    const wait = this.limits.perAddress.take(ip);
    if (wait > 0) throw new TooManyRequests('reset_requests_throttled', wait);
    const { console_url: consoleUrl } = await this.settings.get();
    // Without a configured address the link would be built from the Host header, which whoever asks
    // chooses: a reset link for someone else's account would go to the asker's server.
    if (consoleUrl === '') return 'no console_url';
    if (!(await this.mail.configured())) return 'no smtp';
    const users = await findEnabledUsersWithEmail(this.db, who, 5);
    const now = this.clock();
    const { allow_sso_local_password: ssoPasswords } = await this.settings.get();
    for (const user of users) {
      // A single sign-on user's password is their directory's or provider's business.
      if (!mayUseLocalPassword(user, ssoPasswords)) continue;
      if (this.limits.perAccount.take(String(user.id)) > 0) continue;
      await this.db.transaction().execute(async (trx) => {
        const expiresAt = now + PASSWORD_RESET_LINK_MS;
        const link = await issueLink(trx, {
          userId: user.id,
          purpose: 'password_reset',
          expiresAt,
          now,
          consoleUrl,
        });
        await this.mail.enqueue(passwordResetMail(user, link, expiresAt), trx);
        await recordConsoleAudit(trx, selfActor(user, ip), {
          area: CONSOLE_AREA.user,
          operation: CONSOLE_OPERATION.updateUser,
          detail: `${describe('user', [user.name])} (password reset link mailed to ${user.email})`,
          now,
        });
      });
    }
    return null;
  }

  /** What the link is for, or why it does not work. */
  async inspect(token: string): Promise<LinkInfo> {
    const { link, user } = await this.usableLink(token);
    return {
      purpose: link.purpose,
      name: user.name,
      min_password_length: (await this.settings.get()).min_password_length,
    };
  }

  /**
   * Sets the password through a link, once: an invitee becomes active, and every session of the user
   * ends (whoever knew the old password is logged out). Answers the user name, to log in with.
   */
  async setPassword(token: string, password: string, ip: string): Promise<{ name: string }> {
    checkPasswordRules(password, (await this.settings.get()).min_password_length);
    const passwordHash = await hashPassword(password);
    const now = this.clock();
    const { allow_sso_local_password: ssoPasswords } = await this.settings.get();
    return this.db.transaction().execute(async (trx) => {
      const { link, user } = await this.usableLink(token, trx);
      ensureMayHaveLocalPassword(user, ssoPasswords);
      if (!(await markAccountTokenUsed(trx, link.id, now))) throw linkUsed();
      await updateUser(trx, user.id, {
        password_hash: passwordHash,
        password_is_default: 0,
        ...(user.status === -1 ? { status: 1 } : {}),
        updated_at: now,
      });
      await deleteSessionsOfUser(trx, user.id);
      // The other link, if any, would set the password again behind the user's back.
      for (const purpose of ['invite', 'password_reset'] as const) {
        await deleteUnusedAccountTokens(trx, user.id, purpose);
      }
      await recordConsoleAudit(trx, selfActor(user, ip), {
        area: CONSOLE_AREA.user,
        operation: link.purpose === 'invite' ? CONSOLE_OPERATION.enableUsers : CONSOLE_OPERATION.updateUser,
        detail:
          link.purpose === 'invite'
            ? `${describe('user', [user.name])} (invitation accepted, password set)`
            : `${describe('user', [user.name])} (password reset by e-mail link; sessions ended)`,
        now,
      });
      return { name: user.name };
    });
  }

  /** Forgets used and expired links after a while. */
  purge(): Promise<void> {
    return purgeAccountTokens(this.db, this.clock() - LINK_RETENTION_MS);
  }

  private async usableLink(token: string, db: Db = this.db) {
    const link = await findAccountToken(db, hashSecret(token));
    const user = link && (await findUserById(db, link.user_id));
    if (!link || !user) throw new NotFound('link_invalid');
    if (link.used_at !== null) throw linkUsed();
    if (link.expires_at <= this.clock()) {
      throw new Gone(link.purpose === 'invite' ? 'invitation_expired' : 'link_expired');
    }
    if (user.status === 0) throw new Forbidden('account_disabled');
    return { link, user };
  }
}
