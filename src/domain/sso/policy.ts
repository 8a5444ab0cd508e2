import { Forbidden } from '../../http/errors.js';

/**
 * Sources of single sign-on identities, as `users.auth_source` stores them: '' a local account,
 * 'ldap', or 'oidc/<provider name>'.
 */
export const LDAP_SOURCE = 'ldap';
export const OIDC_SOURCE_PREFIX = 'oidc/';

/** How people read a source in messages and the console audit: "LDAP", "OIDC google". */
export function sourceLabel(source: string): string {
  if (source === LDAP_SOURCE) return 'LDAP';
  if (source.startsWith(OIDC_SOURCE_PREFIX)) return `OIDC ${source.slice(OIDC_SOURCE_PREFIX.length)}`;
  return source;
}

/**
 * The UserPayload's `third_auth_type` (client-api.md §5.5): 'ldap', or the OIDC provider's name as the
 * client's login dialog names it; null for a local account.
 */
export function thirdAuthType(source: string): string | null {
  if (source === '') return null;
  return source.startsWith(OIDC_SOURCE_PREFIX) ? source.slice(OIDC_SOURCE_PREFIX.length) : source;
}

/** A local account always has its password; a single sign-on user only when Settings allow it. */
export function mayUseLocalPassword(user: { auth_source: string }, ssoPasswordsAllowed: boolean): boolean {
  return user.auth_source === '' || ssoPasswordsAllowed;
}

/** Refuses to set a local password for a single sign-on user unless Settings allow it. */
export function ensureMayHaveLocalPassword(
  user: { name: string; auth_source: string },
  ssoPasswordsAllowed: boolean,
): void {
  if (!mayUseLocalPassword(user, ssoPasswordsAllowed)) {
    throw new Forbidden('sso_local_password_not_allowed', {
      name: user.name,
      source: sourceLabel(user.auth_source),
    });
  }
}
