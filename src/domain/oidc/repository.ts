import type { Insertable, Updateable } from 'kysely';
import type { Db, OidcProviderRow, OidcProviderTable } from '../../db/schema.js';

export function listProviders(db: Db): Promise<OidcProviderRow[]> {
  return db.selectFrom('oidc_providers').selectAll().orderBy('name').execute();
}

export function findProviderById(db: Db, id: number): Promise<OidcProviderRow | undefined> {
  return db.selectFrom('oidc_providers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findProviderByName(db: Db, name: string): Promise<OidcProviderRow | undefined> {
  return db.selectFrom('oidc_providers').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertProvider(db: Db, row: Insertable<OidcProviderTable>): Promise<number> {
  const { id } = await db.insertInto('oidc_providers').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateProvider(
  db: Db,
  id: number,
  changes: Updateable<OidcProviderTable>,
): Promise<void> {
  await db.updateTable('oidc_providers').set(changes).where('id', '=', id).execute();
}

export async function deleteProvider(db: Db, id: number): Promise<void> {
  await db.deleteFrom('oidc_providers').where('id', '=', id).execute();
}
