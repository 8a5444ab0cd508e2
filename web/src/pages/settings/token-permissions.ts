/**
 * API token permissions as the console shows and asks for them. The areas and levels mirror the
 * server's closed vocabulary (src/domain/tokens/scopes.ts; a unit test keeps the two in step).
 */
export const TOKEN_AREAS = [
  'device',
  'audit_log',
  'user',
  'user_group',
  'device_group',
  'strategy',
  'address_book',
] as const;
export type TokenArea = (typeof TOKEN_AREAS)[number];

export const PERMISSION_LEVELS = ['none', 'r', 'rw'] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

export type TokenPermissions = Record<TokenArea, PermissionLevel>;

/** A token's permissions as listed by the server; an area a newer server adds is simply not shown. */
export type ListedPermissions = Partial<Record<string, PermissionLevel>>;

export function noPermissions(): TokenPermissions {
  return Object.fromEntries(TOKEN_AREAS.map((area) => [area, 'none'])) as TokenPermissions;
}

/** The areas a token may use, in the menu's order, with their level: what the token list shows. */
export function grantedPermissions(
  permissions: ListedPermissions,
): { area: TokenArea; level: Exclude<PermissionLevel, 'none'> }[] {
  return TOKEN_AREAS.flatMap((area) => {
    const level = permissions[area];
    return level === 'r' || level === 'rw' ? [{ area, level }] : [];
  });
}

/** The expiry choices of the create dialog: a number of days, never, or a number typed in. */
export const EXPIRY_PRESETS = ['7', '30', '90', '365', 'never', 'custom'] as const;
export type ExpiryChoice = (typeof EXPIRY_PRESETS)[number];
export const MAX_EXPIRY_DAYS = 3650;
export const MAX_TOKEN_NAME_LENGTH = 100;

export interface TokenFormValues {
  name: string;
  expiry: ExpiryChoice;
  /** Only read when `expiry` is "custom". */
  days?: number | null;
  permissions: TokenPermissions;
}

/** The body of POST /api/tokens. */
export interface TokenRequest {
  name: string;
  /** Epoch seconds; null never expires. */
  expires_at: number | null;
  permissions: Partial<TokenPermissions>;
}

const DAY_MS = 86_400_000;

/** When a token made now with this choice expires (epoch ms), null for never. */
export function expiryTime(
  expiry: ExpiryChoice,
  days: number | null | undefined,
  nowMs: number,
): number | null {
  if (expiry === 'never') return null;
  const count = expiry === 'custom' ? (days ?? 0) : Number(expiry);
  return nowMs + count * DAY_MS;
}

/** The form's values as the API wants them: the name trimmed, seconds, and only the areas granted. */
export function tokenRequestOf(values: TokenFormValues, nowMs: number): TokenRequest {
  const expires = expiryTime(values.expiry, values.days, nowMs);
  const permissions: Partial<TokenPermissions> = {};
  for (const { area, level } of grantedPermissions(values.permissions)) permissions[area] = level;
  return {
    name: values.name.trim(),
    expires_at: expires === null ? null : Math.floor(expires / 1000),
    permissions,
  };
}

/** Whether a token still works at this moment (epoch seconds from the server, ms for now). */
export function isExpired(expiresAt: number | null, nowMs: number): boolean {
  return expiresAt !== null && expiresAt * 1000 <= nowMs;
}
