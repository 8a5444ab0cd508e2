import type { ApiTokenRow } from '../../db/schema.js';
import { toSeconds } from '../../lib/clock.js';
import { completePermissions, type Permissions } from './scopes.js';

export function parsePermissions(json: string): Permissions {
  return completePermissions(JSON.parse(json) as Partial<Permissions>);
}

/** A token as listed: never its secret or hash. Times in epoch seconds. */
export function presentApiToken(row: ApiTokenRow) {
  return {
    guid: row.guid,
    name: row.name,
    permissions: parsePermissions(row.permissions),
    created_at: toSeconds(row.created_at),
    expires_at: row.expires_at === null ? null : toSeconds(row.expires_at),
    last_used_at: row.last_used_at === null ? null : toSeconds(row.last_used_at),
  };
}
