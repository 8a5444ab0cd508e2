import type { Db } from '../../db/schema.js';
import { BadRequest, NotFound } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
import { hashPassword } from '../../lib/passwords.js';
import { deleteSessionsOfUser } from '../sessions/repository.js';
import { findUserGroupByName, insertUserGroup } from '../user-groups/repository.js';
import { countUsers, findUserByName, insertUser, updateUser } from './repository.js';

export const DEFAULT_GROUP_NAME = 'Default';
export const INITIAL_ADMIN = { name: 'admin', password: 'test1234' } as const;
/** Short enough for the documented examples (`--password 'p@ss'`), long enough to rule out empty ones. */
export const MIN_PASSWORD_LENGTH = 4;
export const MAX_PASSWORD_LENGTH = 128;

export function checkPasswordRules(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new BadRequest(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new BadRequest(`password must be at most ${MAX_PASSWORD_LENGTH} characters`);
  }
}

export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /**
   * Makes a new database usable: the built-in Default group and, when there is no user at all,
   * the administrator `admin` / `test1234`. Safe to run at every start.
   */
  async bootstrap(): Promise<{ createdAdmin: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock();
      const group = await findUserGroupByName(trx, DEFAULT_GROUP_NAME);
      const groupId =
        group?.id ??
        (await insertUserGroup(trx, { guid: uuidv7(now), name: DEFAULT_GROUP_NAME, note: '', now }));
      if ((await countUsers(trx)) > 0) return { createdAdmin: false };
      await insertUser(trx, {
        guid: uuidv7(now),
        name: INITIAL_ADMIN.name,
        display_name: '',
        email: '',
        note: '',
        password_hash: await hashPassword(INITIAL_ADMIN.password),
        password_is_default: 1,
        is_admin: 1,
        status: 1,
        group_id: groupId,
        created_at: now,
        updated_at: now,
      });
      return { createdAdmin: true };
    });
  }

  /** Names of the users who still have the password rdconsole gave them. */
  async usersWithDefaultPassword(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('users')
      .select('name')
      .where('password_is_default', '=', 1)
      .execute();
    return rows.map((r) => r.name);
  }

  /** Sets a new password and ends the user's login sessions, which were opened with the old one. */
  async setPassword(name: string, password: string): Promise<void> {
    checkPasswordRules(password);
    const passwordHash = await hashPassword(password);
    await this.db.transaction().execute(async (trx) => {
      const user = await findUserByName(trx, name);
      if (!user) throw new NotFound(`User '${name}' not found`);
      await updateUser(trx, user.id, {
        password_hash: passwordHash,
        password_is_default: 0,
        updated_at: this.clock(),
      });
      await deleteSessionsOfUser(trx, user.id);
    });
  }
}
