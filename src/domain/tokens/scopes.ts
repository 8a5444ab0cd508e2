/**
 * API token scopes: a closed vocabulary of areas × levels, and one pure predicate.
 * A route declares the scope it needs as "area:level" (e.g. "device:rw").
 */
export const SCOPE_AREAS = [
  'device',
  'audit_log',
  'user',
  'user_group',
  'device_group',
  'strategy',
  'address_book',
] as const;
export type ScopeArea = (typeof SCOPE_AREAS)[number];

export const PERMISSION_LEVELS = ['none', 'r', 'rw'] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

/** What a token holds: one level per area. */
export type Permissions = Record<ScopeArea, PermissionLevel>;

/** What a route needs. */
export type Scope = `${ScopeArea}:${'r' | 'rw'}`;

const RANK: Record<PermissionLevel, number> = { none: 0, r: 1, rw: 2 };

/** True when the granted permissions cover the wanted scope; "rw" implies "r". */
export function grants(granted: Permissions, wanted: Scope): boolean {
  const [area, level] = wanted.split(':') as [ScopeArea, 'r' | 'rw'];
  return RANK[granted[area] ?? 'none'] >= RANK[level];
}

/** Fills in "none" for every area the input leaves out. */
export function completePermissions(partial: Partial<Record<ScopeArea, PermissionLevel>>): Permissions {
  return Object.fromEntries(SCOPE_AREAS.map((area) => [area, partial[area] ?? 'none'])) as Permissions;
}
