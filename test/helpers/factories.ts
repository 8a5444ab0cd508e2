import type { Db } from '../../src/db/schema.js';
import { findUserGroupByName } from '../../src/domain/user-groups/repository.js';
import { insertUser } from '../../src/domain/users/repository.js';
import { DEFAULT_GROUP_NAME } from '../../src/domain/users/service.js';
import { uuidv7 } from '../../src/lib/ids.js';
import { hashPassword } from '../../src/lib/passwords.js';

/** Inserts a user straight into the database (the users API comes with the management API). */
export async function createUser(
  db: Db,
  user: { name: string; password: string; isAdmin?: boolean; status?: number },
): Promise<number> {
  const group = await findUserGroupByName(db, DEFAULT_GROUP_NAME);
  if (!group) throw new Error('bootstrap first');
  const now = Date.now();
  return insertUser(db, {
    guid: uuidv7(),
    name: user.name,
    display_name: '',
    email: '',
    note: '',
    password_hash: await hashPassword(user.password),
    is_admin: user.isAdmin ? 1 : 0,
    status: user.status ?? 1,
    group_id: group.id,
    created_at: now,
    updated_at: now,
  });
}
