import type { Db } from '../../db/schema.js';
import { AppError, Conflict } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import { type SecretKey, seal, unseal } from '../../lib/secret-box.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { type Actor, describe, recordConsoleAudit } from '../console-audit/record.js';
import type { PasswordDirectory } from '../sessions/service.js';
import type { SsoAccountsService } from '../sso/accounts.js';
import { LDAP_SOURCE } from '../sso/policy.js';
import type { UserWithGroup } from '../users/repository.js';
import { authenticate, type DirectoryUser, testDirectory } from './directory.js';
import {
  DEFAULT_LDAP,
  describeLdapChanges,
  type LdapChanges,
  type LdapConnection,
  type LdapSettings,
  mergeLdapChanges,
  typedBindPassword,
} from './settings.js';

/** The row of the settings table that holds Settings → LDAP. */
const SETTINGS_KEY = 'ldap';

/**
 * Settings → LDAP and the logins it checks. The settings are kept in memory: every password login
 * of a user who is not a local account reads them. The bind password is stored sealed with the server's
 * secret key, as TOTP secrets and OIDC client secrets are.
 */
export class LdapService implements PasswordDirectory {
  readonly label = 'LDAP';
  private cache: LdapSettings | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly secretKey: SecretKey,
    private readonly accounts: SsoAccountsService,
  ) {}

  /** The stored settings (`rdconsole serve` reads them at its start: see load). */
  async get(): Promise<LdapSettings> {
    this.cache ??= await this.load();
    return this.cache;
  }

  /** The stored settings; a bind password that an older release stored in clear is sealed now. */
  private async load(): Promise<LdapSettings> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', SETTINGS_KEY)
      .executeTakeFirst();
    const { bind_password: plain, ...stored } = row
      ? (JSON.parse(row.value) as Partial<LdapSettings> & { bind_password?: string })
      : {};
    const settings: LdapSettings = { ...DEFAULT_LDAP, ...stored };
    if (plain) {
      settings.bind_password_sealed = seal(this.secretKey(), plain);
      await this.db
        .updateTable('settings')
        .set({ value: JSON.stringify(settings) })
        .where('key', '=', SETTINGS_KEY)
        .execute();
    }
    return settings;
  }

  async enabled(): Promise<boolean> {
    return (await this.get()).enabled;
  }

  /** The stored settings with `changes`, tried against the directory (bind and search), not saved. */
  async test(changes: LdapChanges): Promise<{ entries: number }> {
    const merged = mergeLdapChanges(await this.get(), changes);
    return testDirectory(this.connection(merged, typedBindPassword(changes)));
  }

  /**
   * Saves the settings, with a console audit record naming the changed fields. Enabled settings are
   * tested first (bind and search) and not saved when the test fails.
   */
  async update(
    changes: LdapChanges,
    actor: Actor,
  ): Promise<{ settings: LdapSettings; entries: number | null }> {
    const current = await this.get();
    const merged = mergeLdapChanges(current, changes);
    const typed = typedBindPassword(changes);
    if (typed !== '') merged.bind_password_sealed = seal(this.secretKey(), typed);
    const entries = merged.enabled ? (await testDirectory(this.connection(merged, typed))).entries : null;
    const changed = describeLdapChanges(current, merged);
    if (changed.length === 0) return { settings: current, entries };
    const now = this.clock();
    const value = JSON.stringify(merged);
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('settings')
          .values({ key: SETTINGS_KEY, value, updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
          .execute();
        await recordConsoleAudit(trx, actor, {
          area: CONSOLE_AREA.settings,
          operation: CONSOLE_OPERATION.updateSettings,
          detail: describe('settings', changed),
          now,
        });
      });
    } finally {
      this.cache = undefined;
    }
    return { settings: await this.get(), entries };
  }

  /**
   * A password login through the directory: the account of the directory user it proves (created at
   * the first login when auto_create is on), or undefined when the directory does not accept it.
   */
  async signIn(username: string, password: string, address: string): Promise<UserWithGroup | undefined> {
    const settings = await this.get();
    // The person logging in learns only that LDAP does not work; the log says why (error-handler.ts),
    // and the administrator's Test shows it.
    let found: DirectoryUser | undefined;
    try {
      found = await authenticate(this.connection(settings, ''), username, password);
    } catch (error) {
      throw new AppError(502, 'ldap_login_unavailable').causedBy(error);
    }
    if (!found) return undefined;
    return this.accounts.signIn(
      {
        source: LDAP_SOURCE,
        // The entry's own id when the directory has one: a new entry given an old DN is someone else.
        subject: found.entryId || found.dn,
        formerSubject: found.entryId ? found.dn : undefined,
        username: found.username,
        email: found.email,
        // The directory's administrators keep its mail attribute; LDAP never links by e-mail anyway.
        emailVerified: true,
        displayName: found.displayName,
        groups: found.groups,
      },
      { autoCreate: settings.auto_create, linkByVerifiedEmail: false, maxUsers: 0, capPattern: LDAP_SOURCE },
      address,
    );
  }

  /** `settings` as a conversation with the directory uses them: with the bind password typed, else the stored one. */
  private connection(settings: LdapSettings, typed: string): LdapConnection {
    const { bind_password_sealed: sealed, ...fields } = settings;
    const stored = () => {
      try {
        return unseal(this.secretKey(), sealed);
      } catch {
        // The key file was replaced or lost since the password was stored.
        throw new Conflict('ldap_bind_password_unreadable');
      }
    };
    const password = typed !== '' || sealed === '' || fields.bind_dn === '' ? typed : stored();
    return { ...fields, bind_password: password };
  }
}
