import { sql } from 'kysely';
import { matchesPattern } from '../../db/filters.js';
import type { Db, NewUser, UserRow, UserUpdate } from '../../db/schema.js';
import { countRows, offsetOf, type Page, type Paged } from '../paging.js';

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

/** The account of an external identity (src/domain/sso): its source and the source's id of it. */
export function findUserByIdentity(
  db: Db,
  source: string,
  subject: string,
): Promise<UserWithGroup | undefined> {
  return selectUsers(db)
    .where('users.auth_source', '=', source)
    .where('users.auth_subject', '=', subject)
    .executeTakeFirst();
}

/**
 * Local accounts (no single sign-on source) with this e-mail address, compared without case, that
 * their own user did not type (email_self_set); at most two.
 */
export function findLinkableUsersByEmail(db: Db, email: string): Promise<UserWithGroup[]> {
  return selectUsers(db)
    .where('users.auth_source', '=', '')
    .where('users.email_self_set', '=', 0)
    .where(sql<string>`lower(users.email)`, '=', email.toLowerCase())
    .limit(2)
    .execute();
}

/** Accounts whose source matches a LIKE pattern ('ldap', 'oidc/%'). */
export function countUsersOfSources(db: Db, sourcePattern: string): Promise<number> {
  return countRows(db.selectFrom('users').where('auth_source', 'like', sourcePattern));
}

export async function countUsers(db: Db): Promise<number> {
  return countRows(db.selectFrom('users'));
}

export async function insertUser(db: Db, user: NewUser): Promise<number> {
  const row = await db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUser(db: Db, id: number, changes: UserUpdate): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

export function findUserByGuid(db: Db, guid: string): Promise<UserWithGroup | undefined> {
  return selectUsers(db).where('users.guid', '=', guid).executeTakeFirst();
}

/** Rows per IN list: well below the bound-parameter limits of SQLite and PostgreSQL. */
const CHUNK = 500;

/** The users of these guids, in no particular order; guids that match nobody are simply absent. */
export async function findUsersByGuids(db: Db, guids: readonly string[]): Promise<UserWithGroup[]> {
  const found: UserWithGroup[] = [];
  for (let i = 0; i < guids.length; i += CHUNK) {
    found.push(
      ...(await selectUsers(db)
        .where('users.guid', 'in', guids.slice(i, i + CHUNK))
        .execute()),
    );
  }
  return found;
}

/** A user as the management list shows them: with group and strategy names. */
export type ManagedUserRow = UserWithGroup & { strategy_name: string | null };

export interface UserFilter {
  /** LIKE patterns with the scripts' conventions (see matchesPattern). */
  name?: string | undefined;
  groupName?: string | undefined;
  /** Exactly the members of this user group (a name may hold `%` or be "-", which patterns read otherwise). */
  groupGuid?: string | undefined;
  email?: string | undefined;
  status?: number | undefined;
}

function filteredUsers(db: Db, filter: UserFilter) {
  let query = db.selectFrom('users').innerJoin('user_groups', 'user_groups.id', 'users.group_id');
  if (filter.name !== undefined) query = query.where(matchesPattern('users.name', filter.name));
  if (filter.groupName !== undefined)
    query = query.where(matchesPattern('user_groups.name', filter.groupName));
  if (filter.groupGuid !== undefined) query = query.where('user_groups.guid', '=', filter.groupGuid);
  if (filter.email !== undefined) query = query.where(matchesPattern('users.email', filter.email));
  if (filter.status !== undefined) query = query.where('users.status', '=', filter.status);
  return query;
}

function withStrategy<T extends ReturnType<typeof filteredUsers>>(query: T) {
  return query
    .leftJoin('strategies', 'strategies.id', 'users.strategy_id')
    .selectAll('users')
    .select(['user_groups.name as group_name', 'strategies.name as strategy_name']);
}

/** A page of the users that match `filter`, in the order they were created. */
export async function listUsers(db: Db, filter: UserFilter, page: Page): Promise<Paged<ManagedUserRow>> {
  const total = await countRows(filteredUsers(db, filter));
  const rows = await withStrategy(filteredUsers(db, filter))
    .orderBy('users.id')
    .limit(page.pageSize)
    .offset(offsetOf(page))
    .execute();
  return { total, rows };
}

export function findManagedUserByGuid(db: Db, guid: string): Promise<ManagedUserRow | undefined> {
  return withStrategy(filteredUsers(db, {})).where('users.guid', '=', guid).executeTakeFirst();
}

/** Enabled administrators other than the given users: the ones who would be left after a change to those. */
export async function countOtherEnabledAdmins(db: Db, excludedIds: readonly number[]): Promise<number> {
  let query = db.selectFrom('users').where('is_admin', '=', 1).where('status', '=', 1);
  if (excludedIds.length > 0) query = query.where('id', 'not in', excludedIds);
  return countRows(query);
}

export async function updateUsers(db: Db, ids: readonly number[], changes: UserUpdate): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    await db
      .updateTable('users')
      .set(changes)
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
  }
}

/** The RustDesk IDs of the devices assigned to a user. */
export async function peerIdsOfUser(db: Db, userId: number): Promise<string[]> {
  const rows = await db.selectFrom('devices').select('peer_id').where('user_id', '=', userId).execute();
  return rows.map((row) => row.peer_id);
}

/** Deletes a user; the foreign keys unassign their devices and remove their sessions and personal data. */
export async function deleteUser(db: Db, id: number): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

/** An enabled administrator other than `userId`, to inherit what a deleted user owned. */
export async function anotherAdminId(db: Db, userId: number): Promise<number | null> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('is_admin', '=', 1)
    .where('status', '=', 1)
    .where('id', '!=', userId)
    .orderBy('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Gives `heirId` the shared address books `userId` owns; returns how many. */
export async function handOverSharedBooks(db: Db, userId: number, heirId: number): Promise<number> {
  const result = await db
    .updateTable('address_books')
    .set({ owner_id: heirId })
    .where('owner_id', '=', userId)
    .where('personal', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Enabled users with an e-mail address, by exact user name, else by e-mail address in any case. */
export function findEnabledUsersWithEmail(
  db: Db,
  who: { username?: string | undefined; email?: string | undefined },
  limit: number,
): Promise<Array<Pick<UserRow, 'id' | 'name' | 'email' | 'auth_source'>>> {
  const name = who.username?.trim() ?? '';
  const email = who.email?.trim().toLowerCase() ?? '';
  if (name === '' && email === '') return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'auth_source'])
    .where('status', '=', 1)
    .where('email', '!=', '')
    .where((eb) =>
      name !== '' ? eb('name', '=', name) : eb(sql<string>`lower(${sql.ref('email')})`, '=', email),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Enabled users with the alarm mail on and an e-mail address, whose last alarm mail is before `cutoff`. */
export function usersDueAlarmMail(db: Db, cutoff: number) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'is_admin', 'alarm_notified_id'])
    .where('status', '=', 1)
    .where('email_alarm_notification', '=', 1)
    .where('email', '!=', '')
    .where((eb) => eb.or([eb('alarm_mailed_at', 'is', null), eb('alarm_mailed_at', '<=', cutoff)]))
    .execute();
}
