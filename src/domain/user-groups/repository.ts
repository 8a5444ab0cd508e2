import type { Db, UserGroupRow } from '../../db/schema.js';

export function findUserGroupByName(db: Db, name: string): Promise<UserGroupRow | undefined> {
  return db.selectFrom('user_groups').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertUserGroup(
  db: Db,
  group: { guid: string; name: string; note: string; now: number },
): Promise<number> {
  const row = await db
    .insertInto('user_groups')
    .values({
      guid: group.guid,
      name: group.name,
      note: group.note,
      created_at: group.now,
      updated_at: group.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
