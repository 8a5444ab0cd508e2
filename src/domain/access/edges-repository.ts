import type { Db } from '../../db/schema.js';

/** One rule that ends at a user group or device group, with the name of who it opens it to. */
export interface EdgeInto {
  targetId: number;
  /** The rule starts at this user group… */
  userGroupName: string | null;
  /** …or at this single user. */
  userName: string | null;
}

/** Who may reach these user groups (their users' devices) or device groups: the `allowed_incomings`. */
export async function findEdgesInto(
  db: Db,
  target: 'to_user_group_id' | 'to_device_group_id',
  ids: readonly number[],
): Promise<EdgeInto[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('group_access')
    .leftJoin('user_groups as source', 'source.id', 'group_access.from_user_group_id')
    .leftJoin('users', 'users.id', 'group_access.from_user_id')
    .select([
      `group_access.${target} as target_id`,
      'source.name as user_group_name',
      'users.name as user_name',
    ])
    .where(`group_access.${target}`, 'in', ids)
    .orderBy('group_access.id')
    .execute();
  return rows.map((row) => ({
    targetId: row.target_id as number,
    userGroupName: row.user_group_name,
    userName: row.user_name,
  }));
}
