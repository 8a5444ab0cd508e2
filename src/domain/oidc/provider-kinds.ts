/**
 * The kinds of provider Settings → OIDC offers. Each OIDC preset says where discovery starts (the
 * issuer); GitHub is plain OAuth2 with fixed endpoints, its identity read from its REST API.
 *
 * Shared by the server and the console: it imports nothing.
 */
export const PROVIDER_KINDS = [
  'generic',
  'google',
  'azure',
  'okta',
  'auth0',
  'gitlab',
  'keycloak',
  'github',
] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
