import type { OidcProviderRow } from '../../db/schema.js';
import { type ProviderKind, tenantOf } from './presets.js';
import type { GroupTableEntry } from './providers.js';

/** A provider as Settings → OIDC shows it: never its client secret, only whether one is stored. */
export function presentProvider(row: OidcProviderRow) {
  return {
    id: row.id,
    name: row.name,
    // Written only by OidcProvidersService, which takes one of PROVIDER_KINDS.
    kind: row.kind as ProviderKind,
    issuer: row.issuer,
    tenant: tenantOf(row.issuer),
    client_id: row.client_id,
    client_secret_set: row.client_secret !== '',
    scopes: row.scopes,
    enabled: row.enabled === 1,
    auto_create: row.auto_create === 1,
    max_users: row.max_users,
    groups_claim: row.groups_claim,
    group_mapping: row.group_mapping,
    group_table: JSON.parse(row.group_table) as GroupTableEntry[],
  };
}
