import { isUniqueViolation } from '../../db/errors.js';
import type { Db, UserUpdate } from '../../db/schema.js';
import { BadRequest, Conflict, Forbidden, NotFound } from '../../http/errors.js';
import { type Clock, DAY_MS } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
import { hashPassword, NO_PASSWORD, verifyPassword } from '../../lib/passwords.js';
import { invitationMail, issueLink } from '../account-links/links.js';
import { CONSOLE_AREA, CONSOLE_OPERATION, type ConsoleOperation } from '../console-audit/codes.js';
import { type Actor, describe, recordConsoleAudit, SYSTEM_ACTOR } from '../console-audit/record.js';
import type { DeviceDirectory } from '../devices/directory.js';
import type { MailService } from '../mail/service.js';
import type { Page } from '../paging.js';
import type { LoginThrottle } from '../sessions/login-throttle.js';
import { deleteSessionsOfUser } from '../sessions/repository.js';
import type { SettingsService } from '../settings/service.js';
import { ensureMayHaveLocalPassword } from '../sso/policy.js';
import { TFA_OFF } from '../tfa/repository.js';
import { deleteApiTokensCreatedBy } from '../tokens/repository.js';
import { deleteTrustedDevicesOfUsers } from '../trusted-devices/repository.js';
import { findUserGroupByName, insertUserGroup } from '../user-groups/repository.js';
import {
  planChanges,
  protectLastAdmin,
  protectLastAdmins,
  requireUser,
  requireUsers,
  type UserChanges,
} from './changes.js';
import { checkPasswordRules } from './password-rules.js';
import {
  type AccountCaller,
  checkEmail,
  checkUserName,
  ensureMayTouchAccount,
  ensureTokenMakesNoAdministrator,
  ensureTokenSparesAdministrators,
  fieldsBeyondOwnAccount,
} from './policy.js';
import { presentManagedUser } from './presenter.js';
import {
  anotherAdminId,
  countUsers,
  deleteUser,
  findManagedUserByGuid,
  findUserByGuid,
  findUserByName,
  handOverSharedBooks,
  insertUser,
  listUsers,
  peerIdsOfUser,
  type UserFilter,
  type UserWithGroup,
  updateUser,
  updateUsers,
} from './repository.js';

export const DEFAULT_GROUP_NAME = 'Default';
export const INITIAL_ADMIN = { name: 'admin', password: 'test1234' } as const;
export interface NewUserInput {
  name: string;
  password: string;
  groupName: string;
  email?: string | undefined;
  note?: string | undefined;
  displayName?: string | undefined;
  isAdmin?: boolean | undefined;
}

export interface InviteInput {
  name: string;
  email: string;
  groupName: string;
  note?: string | undefined;
}

export type LoginVerification = 'email' | '2fa';

/** What `POST /api/users/bulk` does to every user it names. */
export const BULK_USER_ACTIONS = ['enable', 'disable', 'delete'] as const;
export type BulkUserAction = (typeof BULK_USER_ACTIONS)[number];

/** Reads the users an operation is about, inside its transaction, or throws NotFound. */
type LoadUsers = (trx: Db) => Promise<UserWithGroup[]>;

export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly directory: DeviceDirectory,
    private readonly throttle: LoginThrottle,
    private readonly settings: SettingsService,
    private readonly mail: MailService,
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
    await this.checkPassword(password);
    const passwordHash = await hashPassword(password);
    await this.db.transaction().execute(async (trx) => {
      const user = await findUserByName(trx, name);
      if (!user) throw new NotFound('user_not_found', { name });
      await updateUser(trx, user.id, {
        password_hash: passwordHash,
        password_is_default: 0,
        updated_at: this.clock(),
      });
      await deleteSessionsOfUser(trx, user.id);
    });
  }

  /** `rdconsole reset-2fa`: turns a user's 2FA off without the server (lost authenticator, locked out). */
  async resetTfaOffline(name: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const user = await findUserByName(trx, name);
      if (!user) throw new NotFound('user_not_found', { name });
      const now = this.clock();
      await updateUser(trx, user.id, { ...TFA_OFF, updated_at: now });
      await deleteTrustedDevicesOfUsers(trx, [user.id]);
      await recordConsoleAudit(trx, SYSTEM_ACTOR, {
        area: CONSOLE_AREA.user,
        operation: CONSOLE_OPERATION.updateUser,
        detail: describe('2FA reset offline for users', [user.name]),
        now,
      });
    });
  }

  async list(filter: UserFilter, page: Page) {
    const { total, rows } = await listUsers(this.db, filter, page);
    return { total, data: rows.map(presentManagedUser) };
  }

  async get(caller: AccountCaller, guid: string) {
    const user = await findManagedUserByGuid(this.db, guid);
    ensureMayTouchAccount(caller, user?.id);
    if (!user) throw new NotFound('user_guid_not_found', { guid });
    return presentManagedUser(user);
  }

  async create(input: NewUserInput, actor: Actor) {
    ensureTokenMakesNoAdministrator(actor.via, input.isAdmin === true);
    await this.checkPassword(input.password);
    return this.insertAccount(
      { ...input, passwordHash: await hashPassword(input.password), status: 1 },
      actor,
    );
  }

  /**
   * Creates the user unverified (status -1: no login until a password is set) and mails them a
   * one-time link to the console page where they set it. 409 while SMTP is not set up.
   */
  async invite(input: InviteInput, consoleUrl: string, actor: Actor) {
    if (checkEmail(input.email) === '') throw new BadRequest('field_empty', { field: 'email' });
    checkUserName(input.name);
    if (!(await this.mail.configured())) throw new Conflict('invitations_need_smtp');
    // No password until the invitee sets theirs; logins fail alike, in the same time, until then.
    return this.insertAccount({ ...input, passwordHash: NO_PASSWORD, status: -1 }, actor, (trx, user, now) =>
      this.mailInvitation(trx, user, consoleUrl, now),
    );
  }

  /** Mails an unverified user a new invitation link; their earlier links stop working. */
  async resendInvitation(guid: string, consoleUrl: string, actor: Actor): Promise<void> {
    if (!(await this.mail.configured())) throw new Conflict('invitations_need_smtp');
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      const user = await requireUser(trx, guid);
      ensureTokenSparesAdministrators(actor.via, [user]);
      if (user.status !== -1) {
        throw new Conflict('invitation_already_accepted', { name: user.name });
      }
      if (user.email === '') throw new BadRequest('user_has_no_email', { name: user.name });
      await this.mailInvitation(trx, user, consoleUrl, now);
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.user,
        operation: CONSOLE_OPERATION.updateUser,
        detail: `${describe('user', [user.name])} (invitation sent again to ${user.email})`,
        now,
      });
    });
  }

  /** Queues the invitation mail with a new link, in the transaction of the change that causes it. */
  private async mailInvitation(
    trx: Db,
    user: { id: number; name: string; email: string },
    consoleUrl: string,
    now: number,
  ): Promise<void> {
    const settings = await this.settings.get();
    const expiresAt = now + settings.invite_link_days * DAY_MS;
    const link = await issueLink(trx, {
      userId: user.id,
      purpose: 'invite',
      expiresAt,
      now,
      consoleUrl: settings.console_url || consoleUrl,
    });
    await this.mail.enqueue(invitationMail(user, link, expiresAt), trx);
  }

  /** Inserts a new account and its audit record; `then` runs in the same transaction. */
  private async insertAccount(
    input: Omit<NewUserInput, 'password'> & { passwordHash: string; status: 1 | -1 },
    actor: Actor,
    then?: (trx: Db, user: { id: number; name: string; email: string }, now: number) => Promise<void>,
  ) {
    const name = checkUserName(input.name);
    const email = checkEmail(input.email ?? '');
    const now = this.clock();
    const guid = uuidv7(now);
    const exists = new Conflict('user_exists', { name });
    await this.db
      .transaction()
      .execute(async (trx) => {
        const group = await findUserGroupByName(trx, input.groupName);
        if (!group) throw new NotFound('user_group_not_found', { name: input.groupName });
        if (await findUserByName(trx, name)) throw exists;
        const id = await insertUser(trx, {
          guid,
          name,
          display_name: input.displayName ?? '',
          email,
          note: input.note ?? '',
          password_hash: input.passwordHash,
          password_is_default: 0,
          is_admin: input.isAdmin ? 1 : 0,
          status: input.status,
          group_id: group.id,
          created_at: now,
          updated_at: now,
        });
        await then?.(trx, { id, name, email }, now);
        const role = input.isAdmin ? ', administrator' : '';
        const invited = input.status === -1 ? `, invited to ${email}` : '';
        await recordConsoleAudit(trx, actor, {
          area: CONSOLE_AREA.user,
          operation: CONSOLE_OPERATION.addUser,
          detail: `${describe('user', [name])} (group ${group.name}${role}${invited})`,
          now,
        });
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? exists : error;
      });
    return this.present(guid);
  }

  /** Enables (1) or disables (0) a user; disabling ends their sessions on every client and the console. */
  async setStatus(guid: string, status: 0 | 1, actor: Actor): Promise<void> {
    await this.setStatusOf(async (trx) => [await requireUser(trx, guid)], status, actor);
  }

  /**
   * Deletes a disabled user (Server Pro refuses to delete an enabled one). Their devices become
   * unassigned and their personal address book goes with them; the shared books they own are handed to
   * the administrator deleting them (or another one), so that nobody else loses a book.
   */
  async delete(guid: string, actor: Actor): Promise<void> {
    await this.deleteAll(async (trx) => [await requireUser(trx, guid)], actor);
  }

  /**
   * `POST /api/users/bulk`: enables, disables or deletes many users by the rules of the single-user
   * routes, all or none like `POST /api/devices/bulk`. An unknown guid or a refusal for any user
   * (enabled users to delete, the last enabled administrators) changes nobody and names the users
   * concerned. Each user gets the audit record the single-user route writes. Returns how many users.
   */
  async bulk(guids: readonly string[], action: BulkUserAction, actor: Actor): Promise<number> {
    const load = (trx: Db) => requireUsers(trx, guids);
    return action === 'delete'
      ? this.deleteAll(load, actor)
      : this.setStatusOf(load, action === 'enable' ? 1 : 0, actor);
  }

  private async setStatusOf(load: LoadUsers, status: 0 | 1, actor: Actor): Promise<number> {
    const now = this.clock();
    return this.db.transaction().execute(async (trx) => {
      const users = await load(trx);
      ensureTokenSparesAdministrators(actor.via, users);
      if (status !== 1) await protectLastAdmins(trx, users);
      await updateUsers(
        trx,
        users.map((user) => user.id),
        { status, updated_at: now },
      );
      for (const user of users) {
        if (status !== 1) await deleteSessionsOfUser(trx, user.id);
        await recordConsoleAudit(trx, actor, {
          area: CONSOLE_AREA.user,
          operation: status === 1 ? CONSOLE_OPERATION.enableUsers : CONSOLE_OPERATION.disableUsers,
          detail: describe('users', [user.name]),
          now,
        });
      }
      return users.length;
    });
  }

  private async deleteAll(load: LoadUsers, actor: Actor): Promise<number> {
    const now = this.clock();
    const { count, unassignedPeerIds } = await this.db.transaction().execute(async (trx) => {
      const users = await load(trx);
      ensureTokenSparesAdministrators(actor.via, users);
      const enabled = users.filter((user) => user.status !== 0);
      const [only] = enabled;
      if (users.length === 1 && only) throw new BadRequest('delete_disabled_user_only', { name: only.name });
      if (enabled.length > 0) {
        throw new BadRequest('delete_disabled_users_only', { names: enabled.map((user) => user.name) });
      }
      // Only disabled users get this far, so no enabled administrator is ever deleted, and never the
      // acting user: a session and a token's creator are enabled.
      const peerIds: string[] = [];
      for (const user of users) {
        peerIds.push(...(await peerIdsOfUser(trx, user.id)));
        const heir = actor.userId ?? (await anotherAdminId(trx, user.id));
        const handedOver = heir === null ? 0 : await handOverSharedBooks(trx, user.id, heir);
        await recordConsoleAudit(trx, actor, {
          area: CONSOLE_AREA.user,
          operation: CONSOLE_OPERATION.deleteUser,
          detail:
            describe('users', [user.name]) +
            (handedOver > 0
              ? ` (${handedOver} shared address book${handedOver > 1 ? 's' : ''} handed over)`
              : ''),
          now,
        });
        await deleteSessionsOfUser(trx, user.id);
        await deleteApiTokensCreatedBy(trx, user.id);
        await deleteUser(trx, user.id);
      }
      return { count: users.length, unassignedPeerIds: peerIds };
    });
    for (const peerId of unassignedPeerIds) this.directory.forget(peerId);
    return count;
  }

  /**
   * Changes an account. A member may change only their own display name, e-mail and password, the
   * latter with their current password. Disabling a user, or setting their password, ends their
   * sessions (but the one making their own change).
   */
  async update(caller: AccountCaller, guid: string, changes: UserChanges, actor: Actor) {
    if (!caller.manager) await this.checkOwnChange(caller, guid, changes, actor.ip);
    else if (changes.password !== undefined && caller.userId !== null) {
      // Administrators too: a session left open must not be enough to take over the account.
      const target = await findUserByGuid(this.db, guid);
      if (target?.id === caller.userId)
        await this.requireCurrentPassword(target, changes.current_password, actor.ip);
    }
    if (changes.password !== undefined) await this.checkPassword(changes.password);
    const email = changes.email === undefined ? undefined : checkEmail(changes.email);
    const passwordHash = changes.password === undefined ? undefined : await hashPassword(changes.password);
    const now = this.clock();
    const { allow_sso_local_password: ssoPasswords } = await this.settings.get();
    await this.db.transaction().execute(async (trx) => {
      const user = await requireUser(trx, guid);
      ensureTokenSparesAdministrators(actor.via, [user]);
      if (passwordHash !== undefined) ensureMayHaveLocalPassword(user, ssoPasswords);
      const { update, said } = await planChanges(trx, user, { ...changes, email });
      // An address the account's own user typed proves nothing: it never links an SSO identity. Another
      // (an administrator, a token) who sends it, new or as it is, vouches for it.
      const selfSet = caller.userId === user.id ? 1 : 0;
      if (update.email !== undefined) update.email_self_set = selfSet;
      else if (email !== undefined && email !== '' && user.email_self_set === 1 && selfSet === 0) {
        update.email_self_set = 0;
        said.push('e-mail confirmed');
      }
      ensureTokenMakesNoAdministrator(actor.via, update.is_admin === 1);
      const verifying = (update.email_verification ?? user.email_verification) === 1;
      if (verifying && (update.email_verification === 1 || update.email !== undefined)) {
        await this.ensureCodesCanBeMailed(update.email ?? user.email);
      }
      if (passwordHash !== undefined) {
        update.password_hash = passwordHash;
        update.password_is_default = 0;
        said.push('password');
      }
      if (said.length === 0) return;
      await protectLastAdmin(trx, user, {
        isAdmin: (update.is_admin ?? user.is_admin) === 1,
        status: update.status ?? user.status,
      });
      await updateUser(trx, user.id, { ...update, updated_at: now });
      const disabled = update.status !== undefined && update.status !== 1;
      if (disabled) await deleteSessionsOfUser(trx, user.id);
      else if (passwordHash !== undefined) {
        // Sessions opened with the old password end; one's own change keeps the session that made it.
        const ownSession = caller.userId === user.id ? caller.sessionId : null;
        await deleteSessionsOfUser(trx, user.id, ownSession);
      }
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.user,
        operation: CONSOLE_OPERATION.updateUser,
        detail: `${describe('user', [user.name])} (${said.join(', ')})`,
        now,
      });
    });
    return this.present(guid);
  }

  /**
   * Requires (enforce) or stops requiring 2FA of these users. When e-mail is set up, those who must now
   * set it up and have an address are mailed a link to the console's Account page (`consoleUrl`,
   * users.py --web-console-url), in the same transaction.
   */
  async setTfaEnforced(
    guids: readonly string[],
    enforce: boolean,
    actor: Actor,
    consoleUrl: string,
  ): Promise<void> {
    const mailing = enforce && (await this.mail.configured());
    await this.onEach(guids, actor, {
      operation: CONSOLE_OPERATION.updateUser,
      kind: enforce ? '2FA enforced for users' : '2FA no longer enforced for users',
      apply: async (trx, ids, now, users) => {
        await updateUsers(trx, ids, { tfa_enforced: enforce ? 1 : 0, updated_at: now });
        if (!mailing) return;
        for (const user of users) {
          if (user.email === '' || user.tfa_secret !== '') continue;
          await this.mail.enqueue(tfaSetupMail(user, consoleUrl), trx);
        }
      },
    });
  }

  /** Turns off e-mail login verification, or resets 2FA (the user sets it up again), for these users. */
  async disableLoginVerification(
    guids: readonly string[],
    type: LoginVerification,
    actor: Actor,
  ): Promise<void> {
    const change: UserUpdate = type === 'email' ? { email_verification: 0 } : TFA_OFF;
    await this.onEach(guids, actor, {
      operation: CONSOLE_OPERATION.updateUser,
      kind: type === 'email' ? 'e-mail login verification disabled for users' : '2FA reset for users',
      apply: async (trx, ids, now) => {
        await updateUsers(trx, ids, { ...change, updated_at: now });
        await deleteTrustedDevicesOfUsers(trx, ids);
      },
    });
  }

  /** Ends every session of these users, on every client and the console. */
  async forceLogout(guids: readonly string[], actor: Actor): Promise<void> {
    await this.onEach(guids, actor, {
      operation: CONSOLE_OPERATION.forceLogout,
      kind: 'users',
      apply: async (trx, ids) => {
        for (const id of ids) await deleteSessionsOfUser(trx, id);
      },
    });
  }

  /** One change to several users, all or none: an unknown guid changes nobody. */
  private async onEach(
    guids: readonly string[],
    actor: Actor,
    change: {
      operation: ConsoleOperation;
      kind: string;
      apply: (trx: Db, ids: number[], now: number, users: UserWithGroup[]) => Promise<void>;
    },
  ): Promise<void> {
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      const users = await requireUsers(trx, guids);
      ensureTokenSparesAdministrators(actor.via, users);
      await change.apply(
        trx,
        users.map((u) => u.id),
        now,
        users,
      );
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.user,
        operation: change.operation,
        detail: describe(
          change.kind,
          users.map((u) => u.name),
        ),
        now,
      });
    });
  }

  private async checkOwnChange(
    caller: AccountCaller,
    guid: string,
    changes: UserChanges,
    address: string,
  ): Promise<void> {
    const self = await findUserByGuid(this.db, guid);
    ensureMayTouchAccount(caller, self?.id);
    const beyond = fieldsBeyondOwnAccount({ ...changes });
    if (beyond.length > 0) {
      throw new Forbidden('own_account_fields_only', { fields: beyond });
    }
    if (changes.password === undefined || !self) return;
    await this.requireCurrentPassword(self, changes.current_password, address);
  }

  /**
   * Changing one's own password takes the current one. It is checked under the login throttle, sharing
   * the user's and the address's counts: an open session must not become a way to guess the password.
   * An account without one (a single sign-on user, where Settings allow local passwords) sets its first
   * password without: it has none to give.
   */
  private async requireCurrentPassword(
    user: { name: string; password_hash: string; auth_source: string },
    currentPassword: string | undefined,
    address: string,
  ): Promise<void> {
    // A single sign-on user learns first that no local password may be set at all.
    ensureMayHaveLocalPassword(user, (await this.settings.get()).allow_sso_local_password);
    if (user.password_hash === NO_PASSWORD) return;
    if (currentPassword === undefined) throw new BadRequest('field_required', { field: 'current_password' });
    const right = await this.throttle.check(user.name, address, this.clock(), async () =>
      (await verifyPassword(currentPassword, user.password_hash)) ? true : undefined,
    );
    if (!right) throw new Forbidden('current_password_wrong');
  }

  /** E-mail login verification needs an address to send codes to, and SMTP to send them. */
  private async ensureCodesCanBeMailed(email: string): Promise<void> {
    if (email === '') throw new Conflict('email_verification_needs_address');
    if (!(await this.mail.configured())) {
      throw new Conflict('email_verification_needs_smtp');
    }
  }

  private async checkPassword(password: string): Promise<void> {
    checkPasswordRules(password, (await this.settings.get()).min_password_length);
  }

  private async present(guid: string) {
    const user = await findManagedUserByGuid(this.db, guid);
    if (!user) throw new NotFound('user_guid_not_found', { guid });
    return presentManagedUser(user);
  }
}

/** The mail that tells a user 2FA is now required of them, with a link to where they set it up. */
function tfaSetupMail(user: { name: string; email: string }, consoleUrl: string) {
  const link = consoleUrl === '' ? '' : `${consoleUrl.replace(/\/+$/, '')}/account`;
  const where = link === '' ? 'on the Account page of the web console' : `here: ${link}`;
  return {
    to: user.email,
    subject: 'Set up two-factor authentication',
    text:
      `Hello ${user.name},\n\nan administrator requires two-factor authentication (2FA) for your RustDesk ` +
      `account. Log in to the web console and set it up with an authenticator app ${where}\n\n` +
      'Until you do, RustDesk clients cannot log in with your account.\n',
  };
}
