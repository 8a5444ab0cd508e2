import type { Db, UserUpdate } from '../../db/schema.js';
import { NotFound } from '../../http/errors.js';
import { latestAlarmId } from '../audits/log-repository.js';
import { findUserGroupByName } from '../user-groups/repository.js';
import { type AdminFacts, ensureAdminRemains, ensureAdminsRemain, isEnabledAdmin } from './policy.js';
import {
  countOtherEnabledAdmins,
  findUserByGuid,
  findUsersByGuids,
  type UserWithGroup,
} from './repository.js';

/** The reading and checking that several account changes share; each runs inside the change's transaction. */

/** A change to an account, named as the API names it; absent fields stay as they are. */
export interface UserChanges {
  display_name?: string | undefined;
  email?: string | undefined;
  note?: string | undefined;
  password?: string | undefined;
  /** Required of a member changing their own password. */
  current_password?: string | undefined;
  group_name?: string | undefined;
  is_admin?: boolean | undefined;
  status?: number | undefined;
  /** Login needs a code mailed to the user's address. */
  email_verification?: boolean | undefined;
  email_alarm_notification?: boolean | undefined;
}

export async function requireUser(db: Db, guid: string): Promise<UserWithGroup> {
  const user = await findUserByGuid(db, guid);
  if (!user) throw new NotFound('user_guid_not_found', { guid });
  return user;
}

/** The users of these guids in the order given (duplicates once); NotFound names every unknown guid. */
export async function requireUsers(db: Db, guids: readonly string[]): Promise<UserWithGroup[]> {
  const unique = [...new Set(guids)];
  const byGuid = new Map((await findUsersByGuids(db, unique)).map((u) => [u.guid, u]));
  const missing = unique.filter((guid) => !byGuid.has(guid));
  if (missing.length > 0) throw new NotFound('users_not_found', { guids: missing });
  return unique.map((guid) => byGuid.get(guid) as UserWithGroup);
}

/** Throws when a change that leaves `user` as `after` would take away the last enabled administrator. */
export async function protectLastAdmin(db: Db, user: UserWithGroup, after: AdminFacts): Promise<void> {
  const before = { isAdmin: user.is_admin === 1, status: user.status };
  if (!isEnabledAdmin(before) || isEnabledAdmin(after)) return;
  ensureAdminRemains(user.name, before, after, await countOtherEnabledAdmins(db, [user.id]));
}

/** Throws when disabling or deleting all of `users` would leave no enabled administrator. */
export async function protectLastAdmins(db: Db, users: readonly UserWithGroup[]): Promise<void> {
  const losing = users.filter((user) =>
    isEnabledAdmin({ isAdmin: user.is_admin === 1, status: user.status }),
  );
  if (losing.length === 0) return;
  const others = await countOtherEnabledAdmins(
    db,
    losing.map((user) => user.id),
  );
  ensureAdminsRemain(
    losing.map((user) => user.name),
    others,
  );
}

/** The columns a change sets on `user`, and a word for each for the audit record; unchanged values are skipped. */
export async function planChanges(
  db: Db,
  user: UserWithGroup,
  changes: UserChanges,
): Promise<{ update: UserUpdate; said: string[] }> {
  const update: UserUpdate = {};
  const said: string[] = [];
  if (changes.display_name !== undefined && changes.display_name !== user.display_name) {
    update.display_name = changes.display_name;
    said.push('display name');
  }
  if (changes.email !== undefined && changes.email !== user.email) {
    update.email = changes.email;
    said.push('e-mail');
  }
  if (changes.note !== undefined && changes.note !== user.note) {
    update.note = changes.note;
    said.push('note');
  }
  if (changes.group_name !== undefined && changes.group_name !== user.group_name) {
    const group = await findUserGroupByName(db, changes.group_name);
    if (!group) throw new NotFound('user_group_not_found', { name: changes.group_name });
    update.group_id = group.id;
    said.push(`group: ${group.name}`);
  }
  if (changes.is_admin !== undefined && (changes.is_admin ? 1 : 0) !== user.is_admin) {
    update.is_admin = changes.is_admin ? 1 : 0;
    said.push(changes.is_admin ? 'made administrator' : 'administrator rights removed');
  }
  if (changes.status !== undefined && changes.status !== user.status) {
    update.status = changes.status;
    said.push(changes.status === 1 ? 'enabled' : 'disabled');
  }
  if (
    changes.email_verification !== undefined &&
    (changes.email_verification ? 1 : 0) !== user.email_verification
  ) {
    update.email_verification = changes.email_verification ? 1 : 0;
    said.push(changes.email_verification ? 'e-mail login verification on' : 'e-mail login verification off');
  }
  if (
    changes.email_alarm_notification !== undefined &&
    (changes.email_alarm_notification ? 1 : 0) !== user.email_alarm_notification
  ) {
    update.email_alarm_notification = changes.email_alarm_notification ? 1 : 0;
    // Mail only what happens from now on, not the alarm log's past.
    if (changes.email_alarm_notification) update.alarm_notified_id = await latestAlarmId(db);
    said.push(changes.email_alarm_notification ? 'alarm e-mail on' : 'alarm e-mail off');
  }
  return { update, said };
}
