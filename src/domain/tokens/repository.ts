import type { Insertable } from 'kysely';
import type { ApiTokenRow, ApiTokenTable, Db } from '../../db/schema.js';

export function insertApiToken(db: Db, token: Insertable<ApiTokenTable>): Promise<ApiTokenRow> {
  return db.insertInto('api_tokens').values(token).returningAll().executeTakeFirstOrThrow();
}

export function listApiTokens(db: Db): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().orderBy('id', 'desc').execute();
}

export function findApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export function deleteApiToken(db: Db, guid: string): Promise<ApiTokenRow | undefined> {
  return db.deleteFrom('api_tokens').where('guid', '=', guid).returningAll().executeTakeFirst();
}

export async function touchApiToken(db: Db, id: number, now: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
