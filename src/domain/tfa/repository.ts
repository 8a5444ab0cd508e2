import type { Db } from '../../db/schema.js';

/** What 2FA needs of a user row; the sealed secrets never leave the domain. */
export interface TfaState {
  tfa_enforced: number;
  tfa_secret: string;
  tfa_pending_secret: string;
  tfa_enrolled_at: number | null;
  tfa_last_step: number;
  tfa_backup_codes: string;
}

export function findTfaState(db: Db, userId: number): Promise<TfaState | undefined> {
  return db
    .selectFrom('users')
    .select([
      'tfa_enforced',
      'tfa_secret',
      'tfa_pending_secret',
      'tfa_enrolled_at',
      'tfa_last_step',
      'tfa_backup_codes',
    ])
    .where('id', '=', userId)
    .executeTakeFirst();
}

export async function setPendingSecret(db: Db, userId: number, sealed: string, now: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ tfa_pending_secret: sealed, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

/** Makes the pending secret the active one, with fresh backup codes and `step` already used. */
export async function activatePendingSecret(
  db: Db,
  userId: number,
  change: { sealed: string; step: number; backupCodeHashes: string[]; now: number },
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      tfa_secret: change.sealed,
      tfa_pending_secret: '',
      tfa_enrolled_at: change.now,
      tfa_last_step: change.step,
      tfa_backup_codes: JSON.stringify(change.backupCodeHashes),
      updated_at: change.now,
    })
    .where('id', '=', userId)
    .execute();
}

/**
 * Records `step` as used unless it or a later one already was. The condition is in the UPDATE, so two
 * requests with the same code cannot both succeed; true when this one did.
 */
export async function claimTotpStep(db: Db, userId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ tfa_last_step: step })
    .where('id', '=', userId)
    .where('tfa_last_step', '<', step)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Replaces the backup codes if they are still `expected` (compare-and-set, as claimTotpStep). */
export async function replaceBackupCodes(
  db: Db,
  userId: number,
  expected: string,
  hashes: string[],
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ tfa_backup_codes: JSON.stringify(hashes) })
    .where('id', '=', userId)
    .where('tfa_backup_codes', '=', expected)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The change that turns 2FA off: secrets and backup codes are gone (admin reset, disable, offline reset). */
export const TFA_OFF = {
  tfa_secret: '',
  tfa_pending_secret: '',
  tfa_enrolled_at: null,
  tfa_last_step: 0,
  tfa_backup_codes: '[]',
} as const;
