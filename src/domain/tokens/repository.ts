import type { Insertable } from 'kysely';
import type { ApiTokenRow, ApiTokenTable, Db } from '../../db/schema.js';

export function insertApiToken(db: Db, token: Insertable<ApiTokenTable>): Promise<ApiTokenRow> {
  return db.insertInto('api_tokens').values(token).returningAll().executeTakeFirstOrThrow();
}

export function listApiTokens(db: Db): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().orderBy('id', 'desc').execute();
}

/** A token with what authentication needs to know of its creator (null when the creator is gone). */
export type ApiTokenWithCreator = ApiTokenRow & {
  creator_is_admin: number | null;
  creator_status: number | null;
};

export function findApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenWithCreator | undefined> {
  return db
    .selectFrom('api_tokens')
    .leftJoin('users', 'users.id', 'api_tokens.created_by')
    .selectAll('api_tokens')
    .select(['users.is_admin as creator_is_admin', 'users.status as creator_status'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export function deleteApiToken(db: Db, guid: string): Promise<ApiTokenRow | undefined> {
  return db.deleteFrom('api_tokens').where('guid', '=', guid).returningAll().executeTakeFirst();
}

/** Deletes the tokens a user created (the user is being deleted: their tokens acted for them). */
export async function deleteApiTokensCreatedBy(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('api_tokens').where('created_by', '=', userId).execute();
}

export async function touchApiToken(db: Db, id: number, now: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
