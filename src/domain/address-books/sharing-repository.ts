import type { Insertable, Updateable } from 'kysely';
import type { AbRuleTable, AddressBookRow, AddressBookTable, Db } from '../../db/schema.js';
import { countRows, offsetOf, type Page } from '../paging.js';

/** Shared books and their sharing rules: the queries of the management API. */

export function insertBook(db: Db, book: Insertable<AddressBookTable>): Promise<AddressBookRow> {
  return db.insertInto('address_books').values(book).returningAll().executeTakeFirstOrThrow();
}

export async function updateBook(db: Db, id: number, changes: Updateable<AddressBookTable>): Promise<void> {
  await db.updateTable('address_books').set(changes).where('id', '=', id).execute();
}

/** Their rules, tags and peers go with them (foreign keys cascade). */
export async function deleteBooks(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('address_books').where('id', 'in', ids).execute();
}

export function findUserByExactName(db: Db, name: string) {
  return db.selectFrom('users').select(['id', 'name']).where('name', '=', name).executeTakeFirst();
}

export function findUserGroupByExactName(db: Db, name: string) {
  return db.selectFrom('user_groups').select(['id', 'name']).where('name', '=', name).executeTakeFirst();
}

// Rules

/** A rule with the names of the user and the user group it is for (both null: everyone). */
function rulesWithNames(db: Db) {
  return db
    .selectFrom('ab_rules')
    .innerJoin('address_books', 'address_books.id', 'ab_rules.ab_id')
    .leftJoin('users', 'users.id', 'ab_rules.user_id')
    .leftJoin('user_groups', 'user_groups.id', 'ab_rules.user_group_id')
    .select([
      'ab_rules.id',
      'ab_rules.guid',
      'ab_rules.ab_id',
      'ab_rules.user_id',
      'ab_rules.user_group_id',
      'ab_rules.rule',
      'ab_rules.created_at',
      'users.name as user_name',
      'user_groups.name as group_name',
      'address_books.guid as ab_guid',
      'address_books.name as ab_name',
    ]);
}

export type RuleWithNames = Awaited<ReturnType<typeof findRulesByGuids>>[number];

export async function countRulesOfBook(db: Db, abId: number): Promise<number> {
  return countRows(db.selectFrom('ab_rules').where('ab_id', '=', abId));
}

/** Oldest first, the order in which the book was shared. */
export function listRulesOfBook(db: Db, abId: number, page: Page) {
  return rulesWithNames(db)
    .where('ab_rules.ab_id', '=', abId)
    .orderBy('ab_rules.id')
    .limit(page.pageSize)
    .offset(offsetOf(page))
    .execute();
}

export function findRulesByGuids(db: Db, guids: readonly string[]) {
  return rulesWithNames(db).where('ab_rules.guid', 'in', guids).orderBy('ab_rules.id').execute();
}

/** The rule of the book for exactly this target (a user, a user group, or with both null everyone). */
export function findRuleForTarget(
  db: Db,
  abId: number,
  target: { userId: number | null; userGroupId: number | null },
) {
  let query = db.selectFrom('ab_rules').select(['id']).where('ab_id', '=', abId);
  query =
    target.userId === null ? query.where('user_id', 'is', null) : query.where('user_id', '=', target.userId);
  query =
    target.userGroupId === null
      ? query.where('user_group_id', 'is', null)
      : query.where('user_group_id', '=', target.userGroupId);
  return query.executeTakeFirst();
}

export async function insertRule(db: Db, rule: Insertable<AbRuleTable>): Promise<void> {
  await db.insertInto('ab_rules').values(rule).execute();
}

export async function updateRuleLevel(db: Db, id: number, rule: number): Promise<void> {
  await db.updateTable('ab_rules').set({ rule }).where('id', '=', id).execute();
}

export async function deleteRules(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('ab_rules').where('id', 'in', ids).execute();
}
