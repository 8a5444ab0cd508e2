import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { type Actor, describe, recordConsoleAudit } from '../console-audit/record.js';
import type { PasswordDirectory } from '../sessions/service.js';
import type { SsoAccountsService } from '../sso/accounts.js';
import { LDAP_SOURCE } from '../sso/policy.js';
import type { UserWithGroup } from '../users/repository.js';
import { authenticate, testDirectory } from './directory.js';
import { DEFAULT_LDAP, describeLdapChanges, type LdapSettings, mergeLdapChanges } from './settings.js';

/** The row of the settings table that holds Settings → LDAP. */
const SETTINGS_KEY = 'ldap';

/**
 * Settings → LDAP and the logins it checks. The settings are kept in memory: every password login
 * of a user who is not a local account reads them.
 */
export class LdapService implements PasswordDirectory {
  readonly label = 'LDAP';
  private cache: LdapSettings | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly accounts: SsoAccountsService,
  ) {}

  async get(): Promise<LdapSettings> {
    if (!this.cache) {
      const row = await this.db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', SETTINGS_KEY)
        .executeTakeFirst();
      this.cache = { ...DEFAULT_LDAP, ...(row ? (JSON.parse(row.value) as Partial<LdapSettings>) : {}) };
    }
    return this.cache;
  }

  async enabled(): Promise<boolean> {
    return (await this.get()).enabled;
  }

  /** The stored settings with `changes`, tried against the directory (bind and search), not saved. */
  async test(changes: Partial<LdapSettings>): Promise<{ entries: number }> {
    return testDirectory(mergeLdapChanges(await this.get(), changes));
  }

  /**
   * Saves the settings, with a console audit record naming the changed fields. Enabled settings are
   * tested first (bind and search) and not saved when the test fails.
   */
  async update(
    changes: Partial<LdapSettings>,
    actor: Actor,
  ): Promise<{ settings: LdapSettings; entries: number | null }> {
    const current = await this.get();
    const merged = mergeLdapChanges(current, changes);
    const entries = merged.enabled ? (await testDirectory(merged)).entries : null;
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
    const found = await authenticate(settings, username, password);
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
}
