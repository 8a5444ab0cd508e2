import { randomInt } from 'node:crypto';
import type { Db } from '../../db/schema.js';
import { Conflict, Forbidden, TooManyRequests, Unauthorized } from '../../http/errors.js';
import { type Clock, MINUTE_MS } from '../../lib/clock.js';
import { hashSecret, newSecret } from '../../lib/ids.js';
import { NO_PASSWORD, verifyPassword } from '../../lib/passwords.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { recordConsoleAudit } from '../console-audit/record.js';
import type { MailService } from '../mail/service.js';
import type { SettingsService } from '../settings/service.js';
import { LDAP_SOURCE, mayUseLocalPassword } from '../sso/policy.js';
import { mustSetUpTfa, type TfaService } from '../tfa/service.js';
import type { LoginDevice, TrustedDevicesService } from '../trusted-devices/service.js';
import { findUserById, findUserByName, type UserWithGroup } from '../users/repository.js';
import { LoginAlarms } from './login-alarms.js';
import type { LoginThrottle } from './login-throttle.js';
import { PendingLogins } from './pending-logins.js';
import {
  deleteSession,
  deleteSessionsIdleSince,
  deleteSessionsOfUser,
  findSessionByTokenHash,
  insertSession,
  touchSession,
} from './repository.js';

/** Access tokens of login sessions carry this prefix; API tokens carry another (see tokens). */
export const SESSION_TOKEN_PREFIX = 'rdcs_';
/** last_used_at is written at most this often per session, so that reads stay reads. */
const TOUCH_INTERVAL_MS = MINUTE_MS;

export interface LoginInput {
  username: string;
  password: string;
  /** The caller's IP address, for throttling and the session list. */
  address: string;
  /** What a RustDesk client says about itself (empty for the console). */
  client: { id: string; uuid: string; os: string; type: string; name: string };
  /** The console: the token of a trusted browser, and the User-Agent to name it by. */
  consoleToken?: string | undefined;
  userAgent?: string | undefined;
}

/** A directory that checks passwords of users who are not local accounts (LDAP). */
export interface PasswordDirectory {
  /** Names the directory in the console audit. */
  readonly label: string;
  enabled(): Promise<boolean>;
  /** The account the name and password prove, or undefined; throws a coded error when it refuses. */
  signIn(username: string, password: string, address: string): Promise<UserWithGroup | undefined>;
}

/** Where a login comes from: all of LoginInput but the password and the name it was checked with. */
export type LoginContext = Omit<LoginInput, 'username' | 'password'>;

/** The second request of a two-step login (client-api.md §5.3): the secret of the first answer and a code. */
export interface SecondStepInput {
  username: string;
  secret: string;
  code: string;
  address: string;
  /** The console's "remember this browser"; a client is remembered as its strategy allows. */
  rememberBrowser?: boolean;
  userAgent?: string | undefined;
}

/** The second factor a login asks for: a TOTP (or backup) code, or a code mailed now. */
export type SecondFactor = 'tfa_check' | 'email_check';

/** A login ends in a session, or in a request for the second factor (`secret` identifies the login). */
export type LoginResult =
  | ({ kind: 'session' } & OpenedSession)
  | { kind: 'second-factor'; factor: SecondFactor; secret: string; user: UserWithGroup };

/** Said to a RustDesk client whose user must set up 2FA, which only the console can do. */
export interface OpenedSession {
  accessToken: string;
  user: UserWithGroup;
  /** For a browser that asked to be remembered: the token it sends at its next logins. */
  trustedDeviceToken?: string;
}

export interface AuthenticatedSession {
  sessionId: number;
  user: UserWithGroup;
}

export class SessionsService {
  private readonly alarms = new LoginAlarms();
  private readonly pending = new PendingLogins();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly throttle: LoginThrottle,
    private readonly tfa: TfaService,
    private readonly trustedDevices: TrustedDevicesService,
    private readonly mail: MailService,
    private readonly settings: SettingsService,
    private readonly idleTtlMs: number,
    private readonly directory?: PasswordDirectory,
  ) {}

  /**
   * Checks the password, then opens a session or, for a user with 2FA or e-mail login verification, a
   * pending login that the second step completes. Unknown user and wrong password fail alike and take the same time; repeated failures
   * are slowed, then refused for a while, and raise alarm-log records. A single sign-on user's local
   * password counts only while Settings allow such passwords (allow_sso_local_password).
   *
   * The attempt is counted before anything is read from the database, so that attempts sent at once
   * are counted in the order they arrive: on PostgreSQL, reads made before the count would run on
   * several connections and finish in any order, letting a later attempt overtake earlier ones.
   */
  async login(input: LoginInput): Promise<LoginResult> {
    const proven = await this.throttled(
      input.username,
      input.address,
      async () => {
        const ssoPasswords = (await this.settings.get()).allow_sso_local_password;
        const directory = (await this.directory?.enabled()) ? this.directory : undefined;
        const found = await findUserByName(this.db, input.username);
        // With the directory on, its users log in through it only: a user it no longer admits cannot.
        const local = !(directory && found?.auth_source === LDAP_SOURCE);
        if (local) {
          // An unknown user, or an account without a password, takes as long to refuse as a wrong password.
          const passwordOk = await verifyPassword(input.password, found?.password_hash ?? NO_PASSWORD);
          if (found && passwordOk && mayUseLocalPassword(found, ssoPasswords)) {
            // Only someone who knows the password learns whether the device is trusted.
            return { user: found, trusted: await this.recognises(found, input), via: 'password' };
          }
        }
        // Unknown names too: a directory user logs in for the first time, or (the local password
        // being wrong) learns that a local account has the name (sso_local_account_exists).
        const user = await directory?.signIn(input.username, input.password, input.address);
        if (!user) return undefined;
        return { user, trusted: await this.recognises(user, input), via: directory?.label ?? '' };
      },
      ({ user, trusted }) => trusted || !needsSecondFactor(user),
    );
    if (!proven) throw new Unauthorized('login_failed');
    return this.afterFirstFactor(proven.user, proven.trusted, input, proven.via);
  }

  /**
   * A login whose first factor a directory or identity provider proved (src/domain/sso): from here on
   * it is a password login, with the second step, trusted devices and the audit record. `via` names the
   * source in the audit ("LDAP", "OIDC google").
   */
  async loginProven(user: UserWithGroup, input: LoginContext, via: string): Promise<LoginResult> {
    return this.afterFirstFactor(user, await this.recognises(user, input), input, via);
  }

  private async recognises(user: UserWithGroup, input: LoginContext): Promise<boolean> {
    return needsSecondFactor(user) && (await this.trustedDevices.recognises(user.id, device(input)));
  }

  private async afterFirstFactor(
    user: UserWithGroup,
    trusted: boolean,
    input: LoginContext,
    via: string,
  ): Promise<LoginResult> {
    // Only someone who proved the first factor learns that the account is not usable.
    ensureUsable(user);
    if (trusted) return { kind: 'session', ...(await this.open(user, input, via, 'trusted device')) };
    const now = this.clock();
    const pending = { userId: user.id, username: user.name, client: input.client, via };
    // TOTP supersedes e-mail verification.
    if (user.tfa_secret !== '') {
      const secret = this.pending.open({ ...pending, emailCodeHash: null }, now);
      return { kind: 'second-factor', factor: 'tfa_check', secret, user };
    }
    // The console lets such a user in to set 2FA up (the session is limited to that); a client cannot.
    if (mustSetUpTfa(user) && input.client.id !== '') throw new Forbidden('tfa_setup_in_console');
    if (user.email_verification === 1) {
      const code = String(randomInt(1_000_000)).padStart(6, '0');
      await this.mailCode(user, code);
      const secret = this.pending.open({ ...pending, emailCodeHash: hashSecret(code) }, now);
      return { kind: 'second-factor', factor: 'email_check', secret, user };
    }
    return { kind: 'session', ...(await this.open(user, input, via, null)) };
  }

  /** The second step: a TOTP code, a backup code or the mailed code for the pending login of `secret`. */
  async completeLogin(input: SecondStepInput): Promise<OpenedSession> {
    const pending = this.pending.find(input.secret, input.username, this.clock());
    if (!pending) throw new Unauthorized('login_expired');
    const right = await this.throttled(input.username, input.address, async () => {
      if (pending.emailCodeHash === null)
        return (await this.tfa.verify(pending.userId, input.code)) || undefined;
      return hashSecret(input.code.trim()) === pending.emailCodeHash || undefined;
    });
    if (!right) {
      this.pending.failed(input.secret);
      throw new Unauthorized('tfa_code_wrong');
    }
    this.pending.close(input.secret);
    const user = await findUserById(this.db, pending.userId);
    if (!user) throw new Unauthorized('login_failed');
    ensureUsable(user);
    const factor = pending.emailCodeHash === null ? '2FA' : 'e-mail code';
    const login = { address: input.address, client: pending.client, userAgent: input.userAgent };
    const session = await this.open(user, login, pending.via, factor);
    const trust = await this.trustedDevices.remember(user, device(login), input.rememberBrowser === true);
    return trust?.consoleToken ? { ...session, trustedDeviceToken: trust.consoleToken } : session;
  }

  /**
   * Queues the login code for the user's address. Without an address or SMTP no code can arrive: the
   * login is refused (an administrator turns the verification off: users.py disable-email-verification).
   */
  private async mailCode(user: UserWithGroup, code: string): Promise<void> {
    if (user.email === '' || !(await this.mail.configured())) {
      throw new Conflict('email_code_unavailable');
    }
    await this.mail.enqueue({
      to: user.email,
      subject: `Your login code: ${code}`,
      text:
        `Hello ${user.name},\n\nyour RustDesk login code is ${code}. It is valid for 10 minutes.\n\n` +
        'If you did not just log in, someone knows your password: change it.\n',
    });
  }

  /**
   * One check of a password or code under the throttle (see LoginThrottle.check for `completes`); a
   * failure, or an attempt the throttle refuses, counts for the alarm log. Undefined when it failed.
   */
  private async throttled<T>(
    username: string,
    address: string,
    verify: () => Promise<T | undefined>,
    completes: (proven: T) => boolean = () => true,
  ): Promise<T | undefined> {
    const failed = () => this.alarms.record(this.db, username, address, this.clock());
    const proven = await this.throttle
      .check(username, address, this.clock(), verify, completes)
      .catch(async (error: unknown) => {
        if (error instanceof TooManyRequests) await failed();
        throw error;
      });
    if (proven === undefined) await failed();
    else if (completes(proven)) this.alarms.succeeded(username);
    return proven;
  }

  private async open(
    user: UserWithGroup,
    input: Pick<LoginInput, 'address' | 'client'>,
    via: string,
    secondFactor: '2FA' | 'e-mail code' | 'trusted device' | null,
  ): Promise<OpenedSession> {
    const accessToken = newSecret(SESSION_TOKEN_PREFIX);
    const now = this.clock();
    const from = input.client.id ? `RustDesk client ${input.client.id}` : 'web console';
    await this.db.transaction().execute(async (trx) => {
      await insertSession(trx, {
        user_id: user.id,
        token_hash: hashSecret(accessToken),
        created_at: now,
        last_used_at: now,
        client_id: input.client.id,
        client_uuid: input.client.uuid,
        device_os: input.client.os,
        device_type: input.client.type,
        device_name: input.client.name,
        ip: input.address,
      });
      await recordConsoleAudit(
        trx,
        { userId: user.id, name: user.name, ip: input.address, via: 'session' },
        {
          area: CONSOLE_AREA.user,
          operation: CONSOLE_OPERATION.userLogin,
          detail:
            `login from ${from}` +
            (via === 'password' ? '' : ` through ${via}`) +
            (secondFactor ? ` with ${secondFactor}` : ''),
          now,
        },
      );
    });
    return { accessToken, user };
  }

  /** The session and user behind an access token; Unauthorized when unknown, idle too long, revoked or disabled. */
  async authenticate(accessToken: string): Promise<AuthenticatedSession> {
    const session = await findSessionByTokenHash(this.db, hashSecret(accessToken));
    const now = this.clock();
    if (!session || now - session.last_used_at > this.idleTtlMs) throw new Unauthorized('token_invalid');
    const user = await findUserById(this.db, session.user_id);
    if (user?.status !== 1) throw new Unauthorized('token_invalid');
    if (now - session.last_used_at > TOUCH_INTERVAL_MS) await touchSession(this.db, session.id, now);
    return { sessionId: session.id, user };
  }

  async logout(sessionId: number): Promise<void> {
    await deleteSession(this.db, sessionId);
  }

  /** Ends every session of a user, on every client and the console (force logout, disable, password reset). */
  revokeAllForUser(userId: number): Promise<number> {
    return deleteSessionsOfUser(this.db, userId);
  }

  /** Removes sessions that can no longer be used. */
  async purgeExpired(): Promise<void> {
    await deleteSessionsIdleSince(this.db, this.clock() - this.idleTtlMs);
  }
}

function ensureUsable(user: UserWithGroup): void {
  if (user.status === 0) throw new Unauthorized('account_disabled');
  if (user.status !== 1) throw new Unauthorized('account_not_activated');
}

const device = (input: LoginContext): LoginDevice => ({
  client: input.client,
  consoleToken: input.consoleToken,
  userAgent: input.userAgent,
  address: input.address,
});

const needsSecondFactor = (user: UserWithGroup) => user.tfa_secret !== '' || user.email_verification === 1;
