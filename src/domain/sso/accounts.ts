import { isUniqueViolation } from '../../db/errors.js';
import type { Db, UserUpdate } from '../../db/schema.js';
import { Conflict, Forbidden, Unauthorized } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
import { NO_PASSWORD } from '../../lib/passwords.js';
import { SerialQueue } from '../../lib/serial-queue.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { describe, recordConsoleAudit, selfActor } from '../console-audit/record.js';
import { deleteSessionsOfUser } from '../sessions/repository.js';
import { findUserGroupByName } from '../user-groups/repository.js';
import { checkEmail, checkUserName } from '../users/policy.js';
import {
  countUsersOfSources,
  findLinkableUsersByEmail,
  findUserById,
  findUserByIdentity,
  findUserByName,
  insertUser,
  type UserWithGroup,
  updateUser,
} from '../users/repository.js';
import { DEFAULT_GROUP_NAME } from '../users/service.js';
import { sourceLabel } from './policy.js';

/** Someone a directory (LDAP) or an identity provider (OIDC) has just authenticated. */
export interface ExternalIdentity {
  /** 'ldap' or 'oidc/<provider name>' (see policy.ts). */
  source: string;
  /** The source's stable id of the person: the LDAP entry's id (its DN if it has none), the OIDC `<iss>#<sub>`. */
  subject: string;
  /**
   * The key accounts of this person made by an older release have (LDAP: the entry's DN; OIDC: the bare `sub`): such an
   * account is found by it, once, and keyed by `subject` from then on.
   */
  formerSubject?: string | undefined;
  /** The user name a new account gets. */
  username: string;
  email: string;
  /** The provider vouches for the address (OIDC `email_verified`); only then may it link an account. */
  emailVerified: boolean;
  displayName: string;
  /**
   * rdconsole user groups the source's group mapping names, best first. A user has one group: the first
   * that exists is theirs; the others are ignored, and so are names no group has (nothing is created).
   * When none exists the user is in Default: the mapping decides at every sign-in, so someone the
   * source no longer puts in a group leaves it. null: the source maps no groups (mapping off), the
   * group is left as it is (Default for a new account).
   */
  groups: readonly string[] | null;
}

/** What a source allows; each source passes its own settings. */
export interface SignInRules {
  /** An unknown identity gets an account; otherwise it is refused. */
  autoCreate: boolean;
  /**
   * An unknown identity with a verified e-mail takes over the one local account with that address
   * (OIDC). LDAP never converts a local account.
   */
  linkByVerifiedEmail: boolean;
  /** Most accounts whose source matches `capPattern` (a LIKE pattern, e.g. 'oidc/%'); 0: no cap. */
  maxUsers: number;
  capPattern: string;
}

/**
 * Turns an identity an external source has authenticated into the rdconsole account it signs in as:
 * the account already linked to it; else a local account it may link to; else a new account, when the
 * source allows. Group mapping is applied at every sign-in. The caller then opens the session through
 * SessionsService.loginProven, so the second step and trusted devices apply as after a password.
 */
export class SsoAccountsService {
  /**
   * Sign-ins change accounts one at a time (one process serves the API): the user cap is a count
   * followed by an insert, which two PostgreSQL transactions at once could both pass.
   */
  private readonly changes = new SerialQueue();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async signIn(identity: ExternalIdentity, rules: SignInRules, address: string): Promise<UserWithGroup> {
    const userId = await this.changes
      .run(() =>
        this.db.transaction().execute(async (trx) => {
          const now = this.clock();
          const existing = await findLinkedAccount(trx, identity);
          if (existing) return this.refresh(trx, existing, identity, address, now);
          const local = rules.linkByVerifiedEmail ? await linkableAccount(trx, identity) : undefined;
          if (local) return this.link(trx, local, identity, address, now);
          return this.create(trx, identity, rules, address, now);
        }),
      )
      .catch((error: unknown) => {
        // An administrator created an account of that name at the same moment: the person tries again.
        throw isUniqueViolation(error) ? new Conflict('created_concurrently') : error;
      });
    const user = await findUserById(this.db, userId);
    if (!user) throw new Unauthorized('login_failed');
    return user;
  }

  /** The linked account: the source's name, e-mail and groups replace the ones stored when they differ. */
  private async refresh(
    trx: Db,
    user: UserWithGroup,
    identity: ExternalIdentity,
    address: string,
    now: number,
  ): Promise<number> {
    ensureNotDisabled(user);
    const update: UserUpdate = {};
    const said: string[] = [];
    if (user.auth_subject !== identity.subject) {
      update.auth_subject = identity.subject;
      said.push('known by its entry id from now on');
    }
    // Only an address the source vouches for replaces the stored one: e-mail login codes go there.
    const email = identity.email === '' || !identity.emailVerified ? '' : checkEmail(identity.email);
    if (email !== '' && email !== user.email) {
      update.email = email;
      update.email_self_set = 0;
      said.push('e-mail');
    }
    if (identity.displayName !== '' && identity.displayName !== user.display_name) {
      update.display_name = identity.displayName;
      said.push('display name');
    }
    const groups = await mapGroups(trx, identity.groups);
    if (groups.group && groups.group.id !== user.group_id) {
      update.group_id = groups.group.id;
      said.push(`group ${groups.group.name}${groups.unmatched}`);
    }
    if (said.length === 0) return user.id;
    await updateUser(trx, user.id, { ...update, updated_at: now });
    await recordConsoleAudit(trx, selfActor(user, address), {
      area: CONSOLE_AREA.user,
      operation: CONSOLE_OPERATION.updateUser,
      detail: `${describe('user', [user.name])} (from ${sourceLabel(identity.source)}: ${said.join(', ')}${groups.ignored})`,
      now,
    });
    return user.id;
  }

  /**
   * A local account becomes the identity's: from now on it signs in through the source. Whoever used it
   * until now (an administrator may have given the wrong account that address) is signed out and its
   * password is gone: the account has none until its user sets one (when Settings allow it).
   */
  private async link(
    trx: Db,
    user: UserWithGroup,
    identity: ExternalIdentity,
    address: string,
    now: number,
  ): Promise<number> {
    ensureNotDisabled(user);
    const groups = await mapGroups(trx, identity.groups);
    await updateUser(trx, user.id, {
      auth_source: identity.source,
      auth_subject: identity.subject,
      password_hash: NO_PASSWORD,
      password_is_default: 0,
      ...(groups.group ? { group_id: groups.group.id } : {}),
      updated_at: now,
    });
    await deleteSessionsOfUser(trx, user.id);
    const group = groups.group ? `, group ${groups.group.name}${groups.unmatched}` : '';
    await recordConsoleAudit(trx, selfActor(user, address), {
      area: CONSOLE_AREA.user,
      operation: CONSOLE_OPERATION.updateUser,
      detail: `${describe('user', [user.name])} (linked to ${sourceLabel(identity.source)} by verified e-mail ${user.email}${group}${groups.ignored})`,
      now,
    });
    return user.id;
  }

  private async create(
    trx: Db,
    identity: ExternalIdentity,
    rules: SignInRules,
    address: string,
    now: number,
  ): Promise<number> {
    const source = sourceLabel(identity.source);
    const name = checkUserName(identity.username);
    const clash = await findUserByName(trx, name);
    if (clash) {
      throw clash.auth_source === ''
        ? new Conflict('sso_local_account_exists', { name, source })
        : new Conflict('sso_name_taken', { name });
    }
    if (!rules.autoCreate) throw new Forbidden('sso_auto_create_off', { source });
    if (rules.maxUsers > 0 && (await countUsersOfSources(trx, rules.capPattern)) >= rules.maxUsers) {
      throw new Forbidden('sso_user_cap_reached', { source, max: rules.maxUsers });
    }
    const groups = await mapGroups(trx, identity.groups);
    const group = groups.group ?? (await findUserGroupByName(trx, DEFAULT_GROUP_NAME));
    if (!group) throw new Unauthorized('login_failed');
    const id = await insertUser(trx, {
      guid: uuidv7(now),
      name,
      display_name: identity.displayName,
      email: identity.email === '' ? '' : checkEmail(identity.email),
      note: '',
      // None: the account signs in through its source (or a password its user sets later, if allowed).
      password_hash: NO_PASSWORD,
      password_is_default: 0,
      is_admin: 0,
      status: 1,
      group_id: group.id,
      auth_source: identity.source,
      auth_subject: identity.subject,
      created_at: now,
      updated_at: now,
    });
    await recordConsoleAudit(trx, selfActor({ id, name }, address), {
      area: CONSOLE_AREA.user,
      operation: CONSOLE_OPERATION.addUser,
      detail: `${describe('user', [name])} (created at the first ${source} login, group ${group.name}${groups.ignored})`,
      now,
    });
    return id;
  }
}

/** The account linked to the identity: by its subject, else by its former subject. */
async function findLinkedAccount(trx: Db, identity: ExternalIdentity): Promise<UserWithGroup | undefined> {
  const found = await findUserByIdentity(trx, identity.source, identity.subject);
  if (found || identity.formerSubject === undefined) return found;
  return findUserByIdentity(trx, identity.source, identity.formerSubject);
}

/**
 * The one enabled-or-not local account with the identity's verified address; none when two share it.
 * Only an address an administrator (or a token, or a source) set counts: members may type any address on
 * their own account, which proves nothing, so a typed one neither links nor blocks linking. Never an
 * administrator's account either: one could otherwise be taken by an address alone.
 */
async function linkableAccount(trx: Db, identity: ExternalIdentity): Promise<UserWithGroup | undefined> {
  if (!identity.emailVerified || identity.email === '') return undefined;
  const found = await findLinkableUsersByEmail(trx, identity.email);
  return found.length === 1 && found[0]?.is_admin !== 1 ? found[0] : undefined;
}

/**
 * The first mapped group that exists (Default when the mapping names none that exists; undefined when
 * the source maps no groups), and the names that matched no group (for the audit record).
 */
async function mapGroups(trx: Db, names: readonly string[] | null) {
  if (names === null) return { group: undefined, unmatched: '', ignored: '' };
  let group: { id: number; name: string } | undefined;
  const unknown: string[] = [];
  for (const name of new Set(names)) {
    const found = await findUserGroupByName(trx, name);
    if (!found) unknown.push(name);
    else group ??= found;
  }
  const ignored = unknown.length > 0 ? `; ${describe('unknown groups ignored', unknown)}` : '';
  if (group) return { group, unmatched: '', ignored };
  return {
    group: await findUserGroupByName(trx, DEFAULT_GROUP_NAME),
    unmatched: ', no mapped group',
    ignored,
  };
}

function ensureNotDisabled(user: UserWithGroup): void {
  if (user.status === 0) throw new Unauthorized('account_disabled');
}
