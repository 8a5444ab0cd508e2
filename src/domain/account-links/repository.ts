import type { AccountTokenPurpose, AccountTokenRow, Db } from '../../db/schema.js';

export async function insertAccountToken(
  db: Db,
  token: { userId: number; purpose: AccountTokenPurpose; tokenHash: string; expiresAt: number; now: number },
): Promise<void> {
  await db
    .insertInto('account_tokens')
    .values({
      user_id: token.userId,
      purpose: token.purpose,
      token_hash: token.tokenHash,
      expires_at: token.expiresAt,
      created_at: token.now,
    })
    .execute();
}

export function findAccountToken(db: Db, tokenHash: string): Promise<AccountTokenRow | undefined> {
  return db.selectFrom('account_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks a link used; false when another request used it first. */
export async function markAccountTokenUsed(db: Db, id: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A new link replaces the user's earlier unused ones of the same purpose. */
export async function deleteUnusedAccountTokens(
  db: Db,
  userId: number,
  purpose: AccountTokenPurpose,
): Promise<void> {
  await db
    .deleteFrom('account_tokens')
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

/** Links that expired or were used before `before` are forgotten. */
export async function purgeAccountTokens(db: Db, before: number): Promise<void> {
  await db
    .deleteFrom('account_tokens')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('used_at', '<', before)]))
    .execute();
}
