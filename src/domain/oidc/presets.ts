import { BadRequest } from '../../http/errors.js';

import type { ProviderKind } from './provider-kinds.js';

export { PROVIDER_KINDS, type ProviderKind } from './provider-kinds.js';

export const DEFAULT_SCOPES = 'openid profile email';
/** GitHub's scopes: the profile, and the addresses with their verified flags. */
export const GITHUB_SCOPES = 'read:user user:email';
export const DEFAULT_GROUPS_CLAIM = 'groups';

const GOOGLE_ISSUER = 'https://accounts.google.com';
const GITLAB_ISSUER = 'https://gitlab.com';
const ENTRA_ISSUER =
  /^https:\/\/login\.microsoftonline\.com\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/v2\.0$/i;

export const GITHUB_ENDPOINTS = {
  authorization: 'https://github.com/login/oauth/authorize',
  token: 'https://github.com/login/oauth/access_token',
  user: 'https://api.github.com/user',
  emails: 'https://api.github.com/user/emails',
} as const;

/** What the form gives to locate the provider: an issuer URL, or for Entra ID the tenant. */
export interface ProviderLocation {
  issuer?: string | undefined;
  tenant?: string | undefined;
}

/**
 * The issuer a provider of `kind` is discovered from. Google's is fixed; GitLab's defaults to gitlab.com
 * (a self-managed GitLab gives its own); Entra ID's is built from the directory (tenant) ID, a GUID,
 * because discovery checks that the issuer it finds is the one asked for, and Entra answers with the
 * GUID whatever name the tenant was asked by; the others give their issuer. Empty for GitHub.
 */
export function resolveIssuer(kind: ProviderKind, location: ProviderLocation): string {
  const given = location.issuer?.trim() ?? '';
  switch (kind) {
    case 'github':
      return '';
    case 'google':
      return GOOGLE_ISSUER;
    case 'azure': {
      const tenant = location.tenant?.trim() ?? '';
      if (tenant === '' && ENTRA_ISSUER.test(given)) return given;
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenant)) {
        throw new BadRequest('oidc_tenant_invalid');
      }
      return `https://login.microsoftonline.com/${tenant.toLowerCase()}/v2.0`;
    }
    case 'gitlab':
      return given === '' ? GITLAB_ISSUER : checkIssuer(given);
    default:
      if (given === '') throw new BadRequest('field_required', { field: 'issuer' });
      return checkIssuer(given);
  }
}

/** The tenant of an Entra ID issuer, for the form; empty for other issuers. */
export function tenantOf(issuer: string): string {
  return ENTRA_ISSUER.exec(issuer)?.[1] ?? '';
}

/**
 * An https URL without query, fragment or credentials, stored without a trailing slash unless it has
 * one in its path (Auth0's issuers end in "/", and discovery compares issuers exactly). Plain http only
 * for a provider on this machine (a test or a tunnel), where nobody can read the traffic.
 */
function checkIssuer(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadRequest('oidc_issuer_invalid');
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  const schemeOk = url.protocol === 'https:' || (url.protocol === 'http:' && loopback);
  if (!schemeOk || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new BadRequest('oidc_issuer_invalid');
  }
  return url.pathname === '/' && !text.endsWith('/') ? url.origin : url.href;
}

export function defaultScopes(kind: ProviderKind): string {
  return kind === 'github' ? GITHUB_SCOPES : DEFAULT_SCOPES;
}
