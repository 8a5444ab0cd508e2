import * as oidc from 'openid-client';
import type { OidcProviderRow } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { HOUR_MS } from '../../lib/clock.js';
import { type SecretKey, unseal } from '../../lib/secret-box.js';
import { GITHUB_ENDPOINTS } from './presets.js';

/** What the browser is sent to the provider with, kept server-side until it comes back. */
export interface AuthorizationChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
}

/** Claims about the person, from the validated ID token and the userinfo endpoint (GitHub: its REST API). */
export type Claims = Record<string, unknown>;

/** Discovery is redone after this long, or at once when the provider's settings change. */
const DISCOVERY_TTL_MS = HOUR_MS;
/** GitHub is OAuth 2.0 only: its users' ids are keyed under this issuer. */
const GITHUB_ISSUER = 'https://github.com';
const REQUEST_TIMEOUT_SECONDS = 10;

/**
 * The protocol side of a login, through openid-client: discovery (cached per provider), the
 * authorization URL with PKCE (S256), state and nonce, and the code exchange, which checks the state,
 * the ID token (signature, issuer, audience, expiry, nonce) and the PKCE verifier.
 */
export class OidcProtocol {
  private readonly configurations = new Map<
    number,
    { settings: string; expiresAt: number; config: Promise<oidc.Configuration> }
  >();

  constructor(
    private readonly secretKey: SecretKey,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fresh state, nonce and PKCE verifier, and the provider URL that carries them. */
  async start(
    provider: OidcProviderRow,
    redirectUri: string,
  ): Promise<{ url: string; checks: AuthorizationChecks }> {
    const config = await this.configuration(provider);
    const checks = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      redirectUri,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: provider.scopes,
      state: checks.state,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      // GitHub issues no ID token, so there is no nonce to check.
      ...(provider.kind === 'github' ? {} : { nonce: checks.nonce }),
    });
    return { url: url.href, checks };
  }

  /** Exchanges the code of the callback URL; throws (openid-client's errors) when a check fails. */
  async finish(provider: OidcProviderRow, callbackUrl: URL, checks: AuthorizationChecks): Promise<Claims> {
    const config = await this.configuration(provider);
    if (provider.kind === 'github') {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        expectedState: checks.state,
        pkceCodeVerifier: checks.codeVerifier,
      });
      return githubClaims(config, tokens.access_token);
    }
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      pkceCodeVerifier: checks.codeVerifier,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new Error('no ID token');
    let userinfo: Claims = {};
    if (config.serverMetadata().userinfo_endpoint) {
      // The ID token is what proves the login; userinfo only adds claims some providers leave out of it
      // (e-mail, groups). A provider whose userinfo refuses this access token still logs people in.
      userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub).catch(() => ({}));
    }
    return { ...userinfo, ...idToken };
  }

  private configuration(provider: OidcProviderRow): Promise<oidc.Configuration> {
    const cached = this.configurations.get(provider.id);
    // Keyed by what discovery depends on (updated_at alone missed two changes in one millisecond).
    const settings = JSON.stringify([
      provider.kind,
      provider.issuer,
      provider.client_id,
      provider.client_secret,
    ]);
    if (cached && cached.settings === settings && cached.expiresAt > this.now()) return cached.config;
    const config = this.discover(provider);
    const entry = { settings, expiresAt: this.now() + DISCOVERY_TTL_MS, config };
    this.configurations.set(provider.id, entry);
    // A failed discovery is not kept: the next login tries again.
    config.catch(() => {
      if (this.configurations.get(provider.id) === entry) this.configurations.delete(provider.id);
    });
    return config;
  }

  private async discover(provider: OidcProviderRow): Promise<oidc.Configuration> {
    const secret = provider.client_secret === '' ? '' : unseal(this.secretKey(), provider.client_secret);
    const auth = secret === '' ? oidc.None() : oidc.ClientSecretBasic(secret);
    try {
      const config =
        provider.kind === 'github'
          ? new oidc.Configuration(
              {
                issuer: GITHUB_ISSUER,
                authorization_endpoint: GITHUB_ENDPOINTS.authorization,
                token_endpoint: GITHUB_ENDPOINTS.token,
              },
              provider.client_id,
              secret,
              secret === '' ? auth : oidc.ClientSecretPost(secret),
            )
          : await oidc.discovery(new URL(provider.issuer), provider.client_id, secret, auth, {
              timeout: REQUEST_TIMEOUT_SECONDS,
              // Plain http is accepted only for a provider on this machine (presets.ts).
              ...(provider.issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : {}),
            });
      config.timeout = REQUEST_TIMEOUT_SECONDS;
      return config;
    } catch (error) {
      throw new AppError(502, 'oidc_provider_unreachable', { name: provider.name }).causedBy(error);
    }
  }
}

/** GitHub's user (id, login, name) and its primary verified address, in OIDC claim names. */
async function githubClaims(config: oidc.Configuration, accessToken: string): Promise<Claims> {
  const get = async (url: string) => {
    const response = await oidc.fetchProtectedResource(
      config,
      accessToken,
      new URL(url),
      'GET',
      undefined,
      new Headers({ accept: 'application/vnd.github+json' }),
    );
    if (!response.ok) throw new Error(`GitHub answered ${response.status}`);
    return (await response.json()) as unknown;
  };
  const user = (await get(GITHUB_ENDPOINTS.user)) as { id?: unknown; login?: unknown; name?: unknown };
  const emails = (await get(GITHUB_ENDPOINTS.emails)) as Array<{
    email?: unknown;
    primary?: unknown;
    verified?: unknown;
  }>;
  const primary = Array.isArray(emails) ? emails.find((e) => e.primary === true) : undefined;
  return {
    iss: GITHUB_ISSUER,
    sub: String(user.id ?? ''),
    preferred_username: user.login,
    name: user.name,
    email: primary?.email,
    email_verified: primary?.verified === true,
  };
}
