import type { Db } from '../../db/schema.js';
import { AppError, NotFound, Unauthorized } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import type { SecretKey } from '../../lib/secret-box.js';
import type { LoginInput, LoginResult, SessionsService } from '../sessions/service.js';
import type { SsoAccountsService } from '../sso/accounts.js';
import { sourceLabel } from '../sso/policy.js';
import { identityFromClaims } from './identity.js';
import { PendingOidcLogins } from './pending.js';
import { OidcProtocol } from './protocol.js';
import type { OidcProvidersService } from './providers.js';
import { findProviderById } from './repository.js';

/** The provider sends the browser back here, under the console's address; it is registered with the provider. */
export const OIDC_CALLBACK_PATH = '/api/oidc/callback';

/** Where the callback sends the browser: the console's login page, or the page that tells the person to go back to RustDesk. */
export interface CallbackResult {
  /** The login's callback URL, as registered with the provider; absent when no login had this state. */
  redirectUri?: string;
  toConsole: boolean;
  error?: AppError;
}

/** Who starts a login: a RustDesk client (its ID, uuid and device) or, with an empty ID, the console. */
export interface LoginStarter {
  client: LoginInput['client'];
  userAgent: string | undefined;
}

/**
 * OIDC login, for the console and the RustDesk client alike (client-api.md §5.7): `start` gives the
 * provider URL and a code to poll with, the provider sends the browser to the callback, and the
 * initiator collects the outcome with the code: a session, or the second step of a login with 2FA.
 */
export class OidcLoginService {
  private readonly pending = new PendingOidcLogins();
  private readonly protocol: OidcProtocol;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    secretKey: SecretKey,
    private readonly providers: OidcProvidersService,
    private readonly accounts: SsoAccountsService,
    private readonly sessions: SessionsService,
  ) {
    this.protocol = new OidcProtocol(secretKey);
  }

  async start(
    providerName: string,
    redirectUri: string,
    starter: LoginStarter,
  ): Promise<{ code: string; url: string }> {
    const provider = await this.providers.enabled(providerName);
    const { url, checks } = await this.protocol.start(provider, redirectUri);
    const code = this.pending.open(
      { providerId: provider.id, providerName: provider.name, checks, ...starter },
      this.clock(),
    );
    return { code, url };
  }

  /**
   * The provider's answer (the query of the callback). The login of its state is settled with the
   * account it signs in as, or with the reason it cannot; an unknown state cannot be settled.
   */
  async callback(answer: URLSearchParams, address: string): Promise<CallbackResult> {
    const login = this.pending.takeByState(answer.get('state') ?? '', this.clock());
    if (!login) return { toConsole: false, error: new Unauthorized('oidc_login_expired') };
    const { redirectUri } = login.checks;
    const toConsole = login.client.id === '';
    const callbackUrl = new URL(`${redirectUri}?${answer}`);
    try {
      const provider = await findProviderById(this.db, login.providerId);
      if (provider?.enabled !== 1) throw new NotFound('oidc_provider_unknown', { name: login.providerName });
      const claims = await this.protocol
        .finish(provider, callbackUrl, login.checks)
        .catch((error: unknown) => {
          // The person cancelled, or a check failed (state, nonce, PKCE, the ID token): nothing to say but that.
          throw error instanceof AppError ? error : new Unauthorized('oidc_login_failed');
        });
      const identity = identityFromClaims(provider, claims);
      if (identity.subject === '') throw new Unauthorized('oidc_login_failed');
      const user = await this.accounts.signIn(
        identity,
        {
          autoCreate: provider.auto_create === 1,
          linkByVerifiedEmail: true,
          maxUsers: provider.max_users,
          capPattern: identity.source,
        },
        address,
      );
      this.pending.settle(
        login,
        { kind: 'signed-in', user, via: sourceLabel(identity.source) },
        this.clock(),
      );
      return { redirectUri, toConsole };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.pending.settle(login, { kind: 'failed', error }, this.clock());
      return { redirectUri, toConsole, error };
    }
  }

  /**
   * The outcome for the initiator's code, once: `oidc_not_authed` while the person is still at the
   * provider (the RustDesk client keeps polling on exactly that message).
   */
  async collect(code: string, clientId: string, address: string): Promise<LoginResult> {
    const login = this.pending.find(code, this.clock());
    if (!login || login.client.id !== clientId) throw new Unauthorized('oidc_login_expired');
    if (!login.outcome) throw new NotFound('oidc_not_authed');
    this.pending.close(code);
    const { outcome } = login;
    if (outcome.kind === 'failed') throw outcome.error;
    return this.sessions.loginProven(
      outcome.user,
      { address, client: login.client, userAgent: login.userAgent },
      outcome.via,
    );
  }
}
