import type { OidcProviderRow } from '../../db/schema.js';
import type { ExternalIdentity } from '../sso/accounts.js';
import { OIDC_SOURCE_PREFIX } from '../sso/policy.js';
import type { Claims } from './protocol.js';
import type { GroupTableEntry } from './providers.js';

type MappingSettings = Pick<OidcProviderRow, 'name' | 'groups_claim' | 'group_mapping' | 'group_table'>;

/**
 * The person the provider vouched for, as an SSO identity. The stable key is the issuer with the `sub`
 * (`<iss>#<sub>`: a `sub` is unique only within its issuer, so a provider pointed at another issuer
 * never signs its people into the accounts of the former one's); accounts an older release keyed by the
 * bare `sub` are found by it once. Empty when either is missing. The user name of a new account is
 * `preferred_username`, else the e-mail address, else the `sub`; the address links an existing account
 * only when `email_verified` is true.
 */
export function identityFromClaims(provider: MappingSettings, claims: Claims): ExternalIdentity {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const sub = text(claims.sub);
  const issuer = text(claims.iss);
  const email = text(claims.email);
  return {
    source: `${OIDC_SOURCE_PREFIX}${provider.name}`,
    subject: sub === '' || issuer === '' ? '' : `${issuer}#${sub}`,
    formerSubject: sub,
    username: text(claims.preferred_username) || email || sub,
    email,
    // Some providers send the flag as a string.
    emailVerified: claims.email_verified === true || claims.email_verified === 'true',
    displayName: text(claims.name),
    groups: mappedGroups(provider, claims),
  };
}

/**
 * The user groups the groups claim names, best first (null when the provider maps no groups): with mapping `name` the claim's values themselves
 * (a leading "/" of Keycloak's full group paths removed), with `table` the groups of the table's rows
 * whose value the claim holds, in the table's order. The claim may be a dotted path
 * (`realm_access.roles`), a list or one string.
 */
export function mappedGroups(provider: MappingSettings, claims: Claims): string[] | null {
  if (provider.group_mapping === 'off') return null;
  const values = claimValues(claims, provider.groups_claim);
  if (provider.group_mapping === 'name') return values.map((value) => value.replace(/^\//, ''));
  const table = JSON.parse(provider.group_table) as GroupTableEntry[];
  return table.filter((row) => values.includes(row.value)).map((row) => row.group);
}

function claimValues(claims: Claims, path: string): string[] {
  let value: unknown = claims;
  for (const key of path.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is string => typeof item === 'string' && item !== '');
}
