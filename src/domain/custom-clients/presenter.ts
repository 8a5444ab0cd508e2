import { toSeconds } from '../../lib/clock.js';
import { encodeClientConfig, windowsExeName } from './config-string.js';
import type { ListedCustomClient } from './repository.js';
import type { Assignments, Platform } from './scripts.js';

export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

export function configStringOf(row: ListedCustomClient): string {
  return encodeClientConfig({ host: row.host, relay: row.relay, api: row.api, key: row.server_key });
}

/**
 * A package as the console reads it. Its secrets are not: the password only as set or not, the token
 * only by its guid and times (they are in the scripts and the command lines, fetched on purpose).
 */
export function presentCustomClient(row: ListedCustomClient, now: number) {
  const config = configStringOf(row);
  return {
    guid: row.guid,
    name: row.name,
    note: row.note,
    host: row.host,
    key: row.server_key,
    api: row.api,
    relay: row.relay,
    config_string: config,
    windows_exe_name: windowsExeName(config),
    has_password: row.password_sealed !== null,
    default_options: parseJson<Record<string, string>>(row.default_options),
    override_options: parseJson<Record<string, string>>(row.override_options),
    assignments: parseJson<Assignments>(row.assignments),
    platforms: parseJson<Platform[]>(row.platforms),
    token:
      row.token_guid === null
        ? null
        : {
            guid: row.token_guid,
            expires_at: row.token_expires_at === null ? null : toSeconds(row.token_expires_at),
            last_used_at: row.token_last_used_at === null ? null : toSeconds(row.token_last_used_at),
            expired: row.token_expires_at !== null && row.token_expires_at <= now,
          },
    created_at: toSeconds(row.created_at),
    updated_at: toSeconds(row.updated_at),
  };
}

export type PresentedCustomClient = ReturnType<typeof presentCustomClient>;
