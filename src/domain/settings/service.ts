import type { Db } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';

/** Server-wide settings (console Settings → Others, Relay, Key) with their defaults. */
export interface Settings {
  /** Relay servers given to clients, host[:port] each. */
  relay_servers: string[];
  /** The rendezvous server's public key, shown on the Welcome page and in client configs. */
  server_public_key: string;
  only_admin_can_access_logs: boolean;
  /** Audit records older than this many days are purged; 0 keeps them forever. */
  log_retention_days: number;
  disable_accessible_devices: boolean;
  allow_non_admin_share_address_books: boolean;
  require_deployment: boolean;
  disable_new_devices: boolean;
  only_admin_can_access_unassigned_devices: boolean;
  /** Most peers in one address book; 0 = unlimited. */
  max_peer_one_ab: number;
}

export const DEFAULT_SETTINGS: Settings = {
  relay_servers: [],
  server_public_key: '',
  only_admin_can_access_logs: false,
  log_retention_days: 0,
  disable_accessible_devices: false,
  allow_non_admin_share_address_books: false,
  require_deployment: false,
  disable_new_devices: false,
  only_admin_can_access_unassigned_devices: false,
  max_peer_one_ab: 0,
};

/**
 * Reads settings from the database once and keeps them in memory: they are read on hot paths
 * (sysinfo, address-book writes) and change only through `update`.
 */
export class SettingsService {
  private cache: Settings | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<Settings> {
    if (!this.cache) {
      const rows = await this.db.selectFrom('settings').select(['key', 'value']).execute();
      const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
      const settings = { ...DEFAULT_SETTINGS };
      for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) {
        if (key in stored) Object.assign(settings, { [key]: stored[key] });
      }
      this.cache = settings;
    }
    return this.cache;
  }

  /** Stores the given settings (already validated by the caller's schema) and returns them all. */
  async update(changes: Partial<Settings>): Promise<Settings> {
    const now = this.clock();
    for (const [key, value] of Object.entries(changes)) {
      if (!(key in DEFAULT_SETTINGS) || value === undefined) continue;
      await this.db
        .insertInto('settings')
        .values({ key, value: JSON.stringify(value), updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
        .execute();
    }
    this.cache = undefined;
    return this.get();
  }
}
