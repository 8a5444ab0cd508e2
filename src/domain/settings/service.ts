import type { Db } from '../../db/schema.js';
import { BadRequest, Conflict } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import type { SecretKey } from '../../lib/secret-box.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { type Actor, describe, recordConsoleAudit } from '../console-audit/record.js';
import {
  DEFAULT_SMTP,
  describeSmtpChanges,
  mergeSmtpChanges,
  openSmtp,
  type SmtpSettings,
  type SmtpSource,
  type StoredSmtp,
  sealSmtp,
} from '../mail/smtp-settings.js';
import { DEFAULT_MIN_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH_RANGE } from '../users/password-rules.js';
import { checkConsoleUrl } from './console-url.js';
import { type HbbsKeyFile, isServerPublicKey } from './hbbs-key-file.js';
import { isHostAndPort } from './host.js';

/** Server-wide settings (console Settings → Others, Relay, Key, SMTP) with their defaults. */
export interface Settings {
  /** Relay servers given to clients, host[:port] each. */
  relay_servers: string[];
  /** The rendezvous server's public key, shown on the Welcome page and in client configs. */
  server_public_key: string;
  only_admin_can_access_logs: boolean;
  /** Audit records older than this many days are purged; 0 keeps them forever (an explicit choice). */
  log_retention_days: number;
  disable_accessible_devices: boolean;
  allow_non_admin_share_address_books: boolean;
  require_deployment: boolean;
  disable_new_devices: boolean;
  only_admin_can_access_unassigned_devices: boolean;
  /** Most peers in one address book; 0 = unlimited. */
  max_peer_one_ab: number;
  /** The shortest password that may be set; passwords set before keep working. */
  min_password_length: number;
  /** The stored SMTP settings; --smtp-url, when given, is used instead (SettingsService.smtp). */
  smtp: SmtpSettings;
  /** Where people reach the console (`https://host[:port][/path]`), for links in mail; empty: see mailLinkBase. */
  console_url: string;
  /** How long an invitation link works. */
  invite_link_days: number;
  /**
   * Devices not online for more than this many days (never online: since they were registered) are
   * deleted by the hourly purge (DeviceManagementService.purgeOffline); 0, the default, keeps them.
   */
  delete_devices_offline_days: number;
  /** LDAP and OIDC users may set a local password (and log in with it); off, their directory or provider decides. */
  allow_sso_local_password: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  relay_servers: [],
  server_public_key: '',
  only_admin_can_access_logs: false,
  // Finite by default, so that devices reporting without credentials cannot grow the logs forever.
  log_retention_days: 365,
  disable_accessible_devices: false,
  allow_non_admin_share_address_books: false,
  require_deployment: false,
  disable_new_devices: false,
  only_admin_can_access_unassigned_devices: false,
  max_peer_one_ab: 0,
  min_password_length: DEFAULT_MIN_PASSWORD_LENGTH,
  smtp: DEFAULT_SMTP,
  console_url: '',
  invite_link_days: 7,
  delete_devices_offline_days: 0,
  allow_sso_local_password: false,
};

/** The bounds of the numeric settings. */
export const SETTING_RANGES = {
  log_retention_days: { minimum: 0, maximum: 3650 },
  max_peer_one_ab: { minimum: 0, maximum: 100_000 },
  min_password_length: MIN_PASSWORD_LENGTH_RANGE,
  invite_link_days: { minimum: 1, maximum: 365 },
  delete_devices_offline_days: { minimum: 0, maximum: 3650 },
} as const;

export const MAX_RELAY_SERVERS = 50;

const BOOLEAN_SETTINGS = [
  'only_admin_can_access_logs',
  'disable_accessible_devices',
  'allow_non_admin_share_address_books',
  'require_deployment',
  'disable_new_devices',
  'only_admin_can_access_unassigned_devices',
  'allow_sso_local_password',
] as const;

/**
 * Checks changes to the settings and returns them normalised (trimmed). Throws BadRequest naming the
 * first unknown key or wrong value. SMTP changes are merged with the current SMTP settings by
 * SettingsService.update, not here.
 */
export function checkSettingsChanges(input: Record<string, unknown>): Partial<Settings> {
  const checked: Partial<Settings> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_SETTINGS)) throw new BadRequest('setting_unknown', { field: key });
    if ((BOOLEAN_SETTINGS as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') throw new BadRequest('field_not_boolean', { field: key });
      Object.assign(checked, { [key]: value });
    } else if (key in SETTING_RANGES) {
      const { minimum, maximum } = SETTING_RANGES[key as keyof typeof SETTING_RANGES];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum || value > maximum) {
        throw new BadRequest('field_not_whole_number', { field: key, min: minimum, max: maximum });
      }
      Object.assign(checked, { [key]: value });
    } else if (key === 'relay_servers') {
      checked.relay_servers = checkRelayServers(value);
    } else if (key === 'server_public_key') {
      checked.server_public_key = checkPublicKey(value);
    } else if (key === 'console_url') {
      checked.console_url = checkConsoleUrl(value);
    }
  }
  return checked;
}

function checkRelayServers(value: unknown): string[] {
  if (!Array.isArray(value)) throw new BadRequest('relay_servers_not_list');
  if (value.length > MAX_RELAY_SERVERS) {
    throw new BadRequest('relay_servers_too_many', { max: MAX_RELAY_SERVERS });
  }
  const servers: string[] = [];
  for (const [index, entry] of value.entries()) {
    const server = typeof entry === 'string' ? entry.trim() : '';
    if (!isHostAndPort(server)) {
      throw new BadRequest('relay_server_invalid', { field: `relay_servers[${index}]` });
    }
    if (servers.includes(server)) throw new BadRequest('relay_server_twice', { server });
    servers.push(server);
  }
  return servers;
}

/** Empty, or the base64 of a 32-byte ed25519 public key (as hbbs writes it in id_ed25519.pub). */
function checkPublicKey(value: unknown): string {
  const key = typeof value === 'string' ? value.trim() : null;
  if (key === null) throw new BadRequest('field_not_string', { field: 'server_public_key' });
  if (key === '') return key;
  if (!isServerPublicKey(key)) throw new BadRequest('server_key_invalid');
  return key;
}

/**
 * Settings that the server's configuration decides instead of Settings in the console: they cannot
 * be changed through the API while they are given.
 */
export interface ConfiguredSettings {
  /** --smtp-url. */
  smtp?: SmtpSettings | undefined;
  /** --hbbs-key-file: the server key is the one hbbs made. */
  hbbsKey?: HbbsKeyFile | undefined;
  /** --relay-servers. */
  relayServers?: string[] | undefined;
}

/** Where a setting comes from: Settings in the console, or the server's configuration (flag or environment). */
export type SettingSource = 'settings' | 'environment';

/**
 * Reads settings from the database once and keeps them in memory: they are read on hot paths
 * (sysinfo, address-book writes) and change only through `update`.
 */
export class SettingsService {
  private cache: Settings | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Seals the stored SMTP password. */
    private readonly secretKey: SecretKey,
    /** In force instead of the stored settings, which then cannot be changed. */
    private readonly configured: ConfiguredSettings = {},
  ) {}

  /** The SMTP settings in force and where they come from. */
  async smtp(): Promise<{ settings: SmtpSettings; source: SmtpSource }> {
    if (this.configured.smtp) return { settings: this.configured.smtp, source: 'environment' };
    return { settings: (await this.get()).smtp, source: 'settings' };
  }

  /** Where the server key and the relay servers in force come from. */
  sources(): { server_public_key: SettingSource; relay_servers: SettingSource } {
    return {
      server_public_key: this.configured.hbbsKey ? 'environment' : 'settings',
      relay_servers: this.configured.relayServers ? 'environment' : 'settings',
    };
  }

  /** The settings in force: the stored ones, with what the configuration decides in their place. */
  async get(): Promise<Settings> {
    const stored = await this.stored();
    const { hbbsKey, relayServers } = this.configured;
    if (!hbbsKey && !relayServers) return stored;
    return {
      ...stored,
      ...(hbbsKey ? { server_public_key: hbbsKey.current() } : {}),
      ...(relayServers ? { relay_servers: relayServers } : {}),
    };
  }

  private async stored(): Promise<Settings> {
    if (!this.cache) {
      const rows = await this.db.selectFrom('settings').select(['key', 'value']).execute();
      const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
      const settings = { ...DEFAULT_SETTINGS };
      for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) {
        if (key in stored) Object.assign(settings, { [key]: stored[key] });
      }
      const { smtp, plain } = openSmtp((stored.smtp ?? {}) as Partial<StoredSmtp>, this.secretKey);
      settings.smtp = smtp;
      if (plain) await this.write(this.db, 'smtp', sealSmtp(smtp, this.secretKey()), this.clock());
      this.cache = settings;
    }
    return this.cache;
  }

  /**
   * Checks and stores the given settings, with a console audit record naming what changed, and returns
   * them all. Values equal to the current ones are not written; with nothing changed, nothing is recorded.
   */
  async update(changes: Partial<Settings> | Record<string, unknown>, actor: Actor): Promise<Settings> {
    const { smtp: smtpChanges, ...others } = changes as Record<string, unknown>;
    if (smtpChanges !== undefined && this.configured.smtp) {
      throw new Conflict('smtp_from_environment');
    }
    const checked = checkSettingsChanges(others);
    const current = await this.get();
    // Sending the value in force back is no change; another one cannot be stored while the configuration decides.
    const differs = (key: keyof Settings) =>
      checked[key] !== undefined && JSON.stringify(checked[key]) !== JSON.stringify(current[key]);
    if (this.configured.hbbsKey && differs('server_public_key')) throw new Conflict('server_key_from_file');
    if (this.configured.relayServers && differs('relay_servers')) {
      throw new Conflict('relay_servers_from_environment');
    }
    if (smtpChanges !== undefined) checked.smtp = mergeSmtpChanges(current.smtp, smtpChanges);
    const changed = (Object.keys(checked) as Array<keyof Settings>).filter(differs);
    if (changed.length === 0) return current;
    const now = this.clock();
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const key of changed) {
          const value =
            key === 'smtp' && checked.smtp ? sealSmtp(checked.smtp, this.secretKey()) : checked[key];
          await this.write(trx, key, value, now);
        }
        await recordConsoleAudit(trx, actor, {
          area: CONSOLE_AREA.settings,
          operation: CONSOLE_OPERATION.updateSettings,
          detail: describe(
            'settings',
            changed.flatMap((key) =>
              key === 'smtp'
                ? describeSmtpChanges(current.smtp, checked.smtp ?? current.smtp)
                : `${key} = ${JSON.stringify(checked[key])}`,
            ),
          ),
          now,
        });
      });
    } finally {
      this.cache = undefined;
    }
    return this.get();
  }

  private async write(db: Db, key: keyof Settings, stored: unknown, now: number): Promise<void> {
    const value = JSON.stringify(stored);
    await db
      .insertInto('settings')
      .values({ key, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  }
}
