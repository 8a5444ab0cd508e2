import type { Db } from '../../db/schema.js';
import { AppError, Conflict, Forbidden } from '../../http/errors.js';
import { type Clock, DAY_MS, toSeconds } from '../../lib/clock.js';
import { type SecretKey, seal, unseal } from '../../lib/secret-box.js';

import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { type Actor, recordConsoleAudit } from '../console-audit/record.js';
import type { LoginThrottle } from '../sessions/login-throttle.js';
import { deleteTrustedDevicesOfUsers } from '../trusted-devices/repository.js';
import { updateUser } from '../users/repository.js';
import {
  activatePendingSecret,
  claimTotpStep,
  findTfaState,
  replaceBackupCodes,
  setPendingSecret,
  TFA_OFF,
} from './repository.js';
import { hashBackupCode, matchTotpStep, newBackupCodes, newTotpSecret, otpauthUri } from './totp.js';

/** A secret older than this is "expired": it still works, the console recommends enrolling again. */
export const TFA_RENEW_AFTER_DAYS = 180;
/** Who is asking: the logged-in user and the address they call from (for the throttle). */
export interface TfaCaller {
  actor: Actor;
  userId: number;
  name: string;
  address: string;
}

export type TfaStateName = 'disabled' | 'enabled' | 'expired';

/** A user whom an administrator requires to use 2FA and who has not set it up yet. */
export function mustSetUpTfa(user: { tfa_enforced: number; tfa_secret: string }): boolean {
  return user.tfa_enforced === 1 && user.tfa_secret === '';
}

/**
 * TOTP two-factor login (RFC 6238) and its backup codes. Secrets are sealed with the server's secret
 * key; codes checked for a logged-in user count in the login throttle like passwords.
 */
export class TfaService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly secretKey: SecretKey,
    private readonly throttle: LoginThrottle,
  ) {}

  async status(userId: number) {
    const state = await this.state(userId);
    const enrolledAt = state.tfa_secret === '' ? null : state.tfa_enrolled_at;
    let name: TfaStateName = 'disabled';
    if (enrolledAt !== null) {
      name = this.clock() - enrolledAt > TFA_RENEW_AFTER_DAYS * DAY_MS ? 'expired' : 'enabled';
    }
    return {
      state: name,
      enrolled_at: enrolledAt === null ? null : toSeconds(enrolledAt),
      backup_codes_left: enrolledAt === null ? 0 : parseHashes(state.tfa_backup_codes).length,
    };
  }

  /**
   * Starts (or, with a current code, renews) enrolment: a new secret that becomes active only when a
   * code from it is confirmed. The secret is shown this once, for the QR code and to type in.
   */
  async startEnrolment(caller: TfaCaller, currentCode: string | undefined) {
    const state = await this.state(caller.userId);
    if (state.tfa_secret !== '') await this.requireCode(caller, currentCode);
    const secret = newTotpSecret();
    await setPendingSecret(this.db, caller.userId, seal(this.secretKey(), secret), this.clock());
    return { secret, uri: otpauthUri(secret, caller.name) };
  }

  /** Activates the enrolment with a code of the new secret; returns the backup codes, shown this once. */
  async confirm(caller: TfaCaller, code: string) {
    const state = await this.state(caller.userId);
    if (state.tfa_pending_secret === '') throw new Conflict('tfa_not_started');
    const now = this.clock();
    const step = await this.throttle.check(caller.name, caller.address, now, async () => {
      return matchTotpStep(this.open(state.tfa_pending_secret), code.trim(), now) ?? undefined;
    });
    if (step === undefined) throw new Forbidden('tfa_code_wrong');
    const codes = newBackupCodes();
    await this.db.transaction().execute(async (trx) => {
      await activatePendingSecret(trx, caller.userId, {
        sealed: state.tfa_pending_secret,
        step,
        backupCodeHashes: codes.map(hashBackupCode),
        now,
      });
      await deleteTrustedDevicesOfUsers(trx, [caller.userId]);
      await this.audit(trx, caller, state.tfa_secret === '' ? '2FA enabled' : '2FA renewed', now);
    });
    return { backup_codes: codes };
  }

  /** Turns 2FA off; takes a current code or a backup code. */
  async disable(caller: TfaCaller, code: string): Promise<void> {
    if ((await this.state(caller.userId)).tfa_enforced === 1) {
      throw new Conflict('tfa_required_by_admin');
    }
    await this.requireCode(caller, code);
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      await updateUser(trx, caller.userId, { ...TFA_OFF, updated_at: now });
      await deleteTrustedDevicesOfUsers(trx, [caller.userId]);
      await this.audit(trx, caller, '2FA disabled', now);
    });
  }

  /** New backup codes replace the old ones; takes a current code or a backup code. */
  async regenerateBackupCodes(caller: TfaCaller, code: string) {
    await this.requireCode(caller, code);
    const codes = newBackupCodes();
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      await updateUser(trx, caller.userId, {
        tfa_backup_codes: JSON.stringify(codes.map(hashBackupCode)),
        updated_at: now,
      });
      await this.audit(trx, caller, '2FA backup codes regenerated', now);
    });
    return { backup_codes: codes };
  }

  /**
   * Whether `code` is a current TOTP code or an unused backup code of the user's active secret, and
   * uses it up: a TOTP step and a backup code each work once. Not throttled: callers count it.
   */
  async verify(userId: number, code: string): Promise<boolean> {
    const state = await this.state(userId);
    if (state.tfa_secret === '') return false;
    const typed = code.trim();
    const step = matchTotpStep(this.open(state.tfa_secret), typed, this.clock());
    if (step !== null) return claimTotpStep(this.db, userId, step);
    const hashes = parseHashes(state.tfa_backup_codes);
    const hash = hashBackupCode(typed);
    if (typed === '' || !hashes.includes(hash)) return false;
    return replaceBackupCodes(
      this.db,
      userId,
      state.tfa_backup_codes,
      hashes.filter((h) => h !== hash),
    );
  }

  /** A code of the caller's active 2FA, checked under the login throttle; 403 when wrong or missing. */
  private async requireCode(caller: TfaCaller, code: string | undefined): Promise<void> {
    const state = await this.state(caller.userId);
    if (state.tfa_secret === '') throw new Conflict('tfa_not_enabled');
    const right = await this.throttle.check(caller.name, caller.address, this.clock(), async () =>
      code !== undefined && (await this.verify(caller.userId, code)) ? true : undefined,
    );
    if (!right) throw new Forbidden('tfa_code_wrong');
  }

  private open(sealed: string): string {
    try {
      return unseal(this.secretKey(), sealed);
    } catch {
      // The key file was replaced or lost since enrolment.
      throw new AppError(500, 'tfa_key_mismatch');
    }
  }

  private async state(userId: number) {
    const state = await findTfaState(this.db, userId);
    if (!state) throw new Forbidden('unknown_user');
    return state;
  }

  private audit(trx: Db, caller: TfaCaller, what: string, now: number) {
    return recordConsoleAudit(trx, caller.actor, {
      area: CONSOLE_AREA.user,
      operation: CONSOLE_OPERATION.updateUser,
      detail: `${what} for user ${caller.name}`,
      now,
    });
  }
}

function parseHashes(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((h): h is string => typeof h === 'string') : [];
}
