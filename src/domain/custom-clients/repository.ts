import type { Insertable, Updateable } from 'kysely';
import type { CustomClientRow, CustomClientTable, Db } from '../../db/schema.js';

/** A package with what the console shows of its assignment token (null: none, or revoked). */
export type ListedCustomClient = CustomClientRow & {
  token_guid: string | null;
  token_expires_at: number | null;
  token_last_used_at: number | null;
};

function listed(db: Db) {
  return db
    .selectFrom('custom_clients')
    .leftJoin('api_tokens', 'api_tokens.id', 'custom_clients.api_token_id')
    .selectAll('custom_clients')
    .select([
      'api_tokens.guid as token_guid',
      'api_tokens.expires_at as token_expires_at',
      'api_tokens.last_used_at as token_last_used_at',
    ]);
}

export function listCustomClients(db: Db): Promise<ListedCustomClient[]> {
  return listed(db).orderBy('custom_clients.name').execute();
}

export function findCustomClientByGuid(db: Db, guid: string): Promise<ListedCustomClient | undefined> {
  return listed(db).where('custom_clients.guid', '=', guid).executeTakeFirst();
}

export function findCustomClientByName(db: Db, name: string): Promise<CustomClientRow | undefined> {
  return db.selectFrom('custom_clients').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertCustomClient(db: Db, row: Insertable<CustomClientTable>): Promise<void> {
  await db.insertInto('custom_clients').values(row).execute();
}

export async function updateCustomClient(
  db: Db,
  id: number,
  changes: Updateable<CustomClientTable>,
): Promise<void> {
  await db.updateTable('custom_clients').set(changes).where('id', '=', id).execute();
}

export async function deleteCustomClient(db: Db, id: number): Promise<void> {
  await db.deleteFrom('custom_clients').where('id', '=', id).execute();
}

export async function renameApiToken(db: Db, id: number, name: string): Promise<void> {
  await db.updateTable('api_tokens').set({ name }).where('id', '=', id).execute();
}
