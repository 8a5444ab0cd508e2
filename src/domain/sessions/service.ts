import type { Db } from '../../db/schema.js';
import { TooManyRequests, Unauthorized } from '../../http/errors.js';
import { type Clock, MINUTE_MS } from '../../lib/clock.js';
import { hashSecret, newSecret } from '../../lib/ids.js';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../../lib/passwords.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { recordConsoleAudit } from '../console-audit/record.js';
import { findUserById, findUserByName, type UserWithGroup } from '../users/repository.js';
import { LoginAlarms } from './login-alarms.js';
import type { LoginThrottle } from './login-throttle.js';
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
}

export interface AuthenticatedSession {
  sessionId: number;
  user: UserWithGroup;
}

export class SessionsService {
  private readonly alarms = new LoginAlarms();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly throttle: LoginThrottle,
    private readonly idleTtlMs: number,
  ) {}

  /**
   * Checks the password and opens a session. Unknown user and wrong password fail alike and take
   * the same time; repeated failures are slowed, then refused for a while, and raise alarm-log records.
   */
  async login(input: LoginInput): Promise<{ accessToken: string; user: UserWithGroup }> {
    const failed = () => this.alarms.record(this.db, input.username, input.address, this.clock());
    const user = await this.throttle
      .check(input.username, input.address, this.clock(), async () => {
        const found = await findUserByName(this.db, input.username);
        const passwordOk = await verifyPassword(input.password, found?.password_hash ?? DUMMY_PASSWORD_HASH);
        return passwordOk ? found : undefined;
      })
      .catch(async (error: unknown) => {
        // An attempt the throttle refuses is a failed attempt all the same, for the alarm log.
        if (error instanceof TooManyRequests) await failed();
        throw error;
      });
    if (!user) {
      await failed();
      throw new Unauthorized('Incorrect username or password');
    }
    this.alarms.succeeded(input.username);
    // Only someone who knows the password learns that the account is not usable.
    if (user.status === 0) throw new Unauthorized('This account is disabled');
    if (user.status !== 1) throw new Unauthorized('This account has not been activated yet');

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
          detail: `login from ${from}`,
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
    if (!session || now - session.last_used_at > this.idleTtlMs)
      throw new Unauthorized('Invalid or expired token');
    const user = await findUserById(this.db, session.user_id);
    if (user?.status !== 1) throw new Unauthorized('Invalid or expired token');
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
