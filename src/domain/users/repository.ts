import type { Db, NewUser, UserRow, UserUpdate } from '../../db/schema.js';

/** A user with the name of their user group, as most readers need both. */
export type UserWithGroup = UserRow & { group_name: string };

function selectUsers(db: Db) {
  return db
    .selectFrom('users')
    .innerJoin('user_groups', 'user_groups.id', 'users.group_id')
    .selectAll('users')
    .select('user_groups.name as group_name');
}

export function findUserByName(db: Db, name: string): Promise<UserWithGroup | undefined> {
  return selectUsers(db).where('users.name', '=', name).executeTakeFirst();
}

export function findUserById(db: Db, id: number): Promise<UserWithGroup | undefined> {
  return selectUsers(db).where('users.id', '=', id).executeTakeFirst();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(db: Db, user: NewUser): Promise<number> {
  const row = await db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUser(db: Db, id: number, changes: UserUpdate): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}
