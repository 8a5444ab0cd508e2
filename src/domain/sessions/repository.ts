import type { Insertable } from 'kysely';
import type { Db, LoginSessionRow, LoginSessionTable } from '../../db/schema.js';

export async function insertSession(db: Db, session: Insertable<LoginSessionTable>): Promise<number> {
  const row = await db.insertInto('login_sessions').values(session).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findSessionByTokenHash(db: Db, tokenHash: string): Promise<LoginSessionRow | undefined> {
  return db.selectFrom('login_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** The RustDesk ID the client gave at login ('' for the console), or undefined for no such session. */
export async function findSessionClientId(db: Db, id: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('login_sessions')
    .select('client_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.client_id;
}

export async function touchSession(db: Db, id: number, now: number): Promise<void> {
  await db.updateTable('login_sessions').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: number): Promise<void> {
  await db.deleteFrom('login_sessions').where('id', '=', id).execute();
}

/** Ends the user's sessions, all of them or all but `exceptSessionId`. */
export async function deleteSessionsOfUser(
  db: Db,
  userId: number,
  exceptSessionId: number | null = null,
): Promise<number> {
  let query = db.deleteFrom('login_sessions').where('user_id', '=', userId);
  if (exceptSessionId !== null) query = query.where('id', '!=', exceptSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteSessionsIdleSince(db: Db, cutoff: number): Promise<void> {
  await db.deleteFrom('login_sessions').where('last_used_at', '<', cutoff).execute();
}
