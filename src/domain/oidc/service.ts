import type { Db, OidcProviderRow } from '../../db/schema.js';
import { AppError, NotFound, TooManyRequests, Unauthorized } from '../../http/errors.js';
import { type Clock, MINUTE_MS } from '../../lib/clock.js';
import { hashSecret, newSecret } from '../../lib/ids.js';
import { FixedWindowLimiter } from '../../lib/rate-limiter.js';
import type { SecretKey } from '../../lib/secret-box.js';
import type { LoginInput, LoginResult, SessionsService } from '../sessions/service.js';
import type { ExternalIdentity, SsoAccountsService } from '../sso/accounts.js';
import { sourceLabel } from '../sso/policy.js';
import { identityFromClaims } from './identity.js';
import { type PendingOidcLogin, PendingOidcLogins } from './pending.js';
import { OidcProtocol } from './protocol.js';
import type { OidcProvidersService } from './providers.js';
import { findProviderById } from './repository.js';

/** The provider sends the browser back here, under the console's address; it is registered with the provider. */
export const OIDC_CALLBACK_PATH = '/api/oidc/callback';

/** Where the callback sends the browser: the console's login page, or the page of a RustDesk client's login. */
export interface CallbackResult {
  /** The login's callback URL, as registered with the provider; absent when no login had this state. */
  redirectUri?: string;
  toConsole: boolean;
  error?: AppError;
  /** A client's login waits for its browser's confirmation under this id (the page names it so). */
  confirmation?: string;
  /** The browser binding to give the browser (BROWSER_COOKIE), when it had none. */
  browser?: string;
}

/** Who starts a login: a RustDesk client (its ID, uuid and device) or, with an empty ID, the console. */
export interface LoginStarter {
  client: LoginInput['client'];
  userAgent: string | undefined;
  address: string;
  /** The browser binding (BROWSER_COOKIE) of the console that starts it: only that browser may finish it. */
  browser: string;
}

/** What the confirmation page shows: who signs in where. */
export interface ConfirmationDetails {
  provider: string;
  device: { id: string; name: string; os: string };
  account: { username: string; email: string; display_name: string };
}

/** Logins one client address may start per minute: each holds memory for 10 minutes. */
export const OIDC_STARTS_PER_MINUTE = 30;

/**
 * OIDC login, for the console and the RustDesk client alike (client-api.md §5.7): `start` gives the
 * provider URL and a code to poll with, the provider sends the browser to the callback, and the
 * initiator collects the outcome with the code: a session, or the second step of a login with 2FA.
 *
 * A login is bound to a browser, so that nobody can have someone else finish a login they started (and
 * collect that person's session): the console's login must come back to the browser that started it
 * (its binding cookie); a client's login is started by the client, not a browser, so the browser that
 * comes back from the provider must confirm it, seeing which device it signs in, before it counts.
 */
export class OidcLoginService {
  private readonly pending = new PendingOidcLogins();
  private readonly protocol: OidcProtocol;
  private readonly starts: FixedWindowLimiter;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    secretKey: SecretKey,
    private readonly providers: OidcProvidersService,
    private readonly accounts: SsoAccountsService,
    private readonly sessions: SessionsService,
  ) {
    this.protocol = new OidcProtocol(secretKey);
    this.starts = new FixedWindowLimiter(OIDC_STARTS_PER_MINUTE, MINUTE_MS, clock);
  }

  async start(
    providerName: string,
    redirectUri: string,
    { address, browser, ...starter }: LoginStarter,
  ): Promise<{ code: string; url: string }> {
    const wait = this.starts.take(address);
    if (wait > 0) throw new TooManyRequests('oidc_too_many_logins', wait);
    const provider = await this.providers.enabled(providerName);
    const { url, checks } = await this.protocol.start(provider, redirectUri);
    const code = this.pending.open(
      {
        providerId: provider.id,
        providerName: provider.name,
        checks,
        ...starter,
        ...(starter.client.id === '' ? { browser: hashSecret(browser) } : {}),
      },
      this.clock(),
    );
    return { code, url };
  }

  /**
   * The provider's answer (the query of the callback), in the browser with binding `browser`. A console
   * login is settled with the account it signs in as, or with the reason it cannot; a client's login
   * waits for this browser's confirmation. An unknown state cannot be settled.
   */
  async callback(
    answer: URLSearchParams,
    address: string,
    browser: string | undefined,
  ): Promise<CallbackResult> {
    const login = this.pending.takeByState(answer.get('state') ?? '', this.clock());
    if (!login) return { toConsole: false, error: new Unauthorized('oidc_login_expired') };
    const { redirectUri } = login.checks;
    const toConsole = login.client.id === '';
    try {
      if (toConsole && (browser === undefined || hashSecret(browser) !== login.browser)) {
        throw new Unauthorized('oidc_other_browser');
      }
      const provider = await this.enabledProvider(login);
      const claims = await this.protocol
        .finish(provider, new URL(`${redirectUri}?${answer}`), login.checks)
        .catch((error: unknown) => {
          // The person cancelled, or a check failed (state, nonce, PKCE, the ID token): nothing to say but that.
          throw error instanceof AppError ? error : new Unauthorized('oidc_login_failed');
        });
      const identity = identityFromClaims(provider, claims);
      if (identity.subject === '') throw new Unauthorized('oidc_login_failed');
      if (toConsole) {
        await this.signIn(login, provider, identity, address);
        return { redirectUri, toConsole };
      }
      const binding = browser ?? newSecret('');
      const confirmation = this.pending.awaitConfirmation(login, identity, hashSecret(binding), this.clock());
      return { redirectUri, toConsole, confirmation, ...(browser === undefined ? { browser: binding } : {}) };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.pending.settle(login, { kind: 'failed', error }, this.clock());
      return { redirectUri, toConsole, error };
    }
  }

  /** What the browser is asked to confirm: the device the login is for and who the provider says it is. */
  confirmation(id: string, browser: string | undefined): ConfirmationDetails {
    const { login, identity } = this.confirming(id, browser);
    const { client } = login;
    return {
      provider: login.providerName,
      device: { id: client.id, name: client.name, os: client.os },
      account: { username: identity.username, email: identity.email, display_name: identity.displayName },
    };
  }

  /**
   * The browser's answer to the confirmation: signs the person in on the device (which collects the
   * session with its code) or ends the login. Why the account cannot sign in is thrown (and collected).
   */
  async confirm(id: string, browser: string | undefined, accept: boolean, address: string): Promise<void> {
    const { login, identity } = this.confirming(id, browser);
    try {
      if (!accept) throw new Unauthorized('oidc_login_declined');
      await this.signIn(login, await this.enabledProvider(login), identity, address);
    } catch (error) {
      if (error instanceof AppError) this.pending.settle(login, { kind: 'failed', error }, this.clock());
      throw error;
    }
  }

  /**
   * The outcome for the initiator's code, once: `oidc_not_authed` while the person is still at the
   * provider or has not confirmed yet (the RustDesk client keeps polling on exactly that message).
   */
  async collect(code: string, clientId: string, address: string): Promise<LoginResult> {
    const login = this.pending.find(code, this.clock());
    if (!login || login.client.id !== clientId) throw new Unauthorized('oidc_login_expired');
    if (!login.outcome) throw new NotFound('oidc_not_authed');
    this.pending.close(login);
    const { outcome } = login;
    if (outcome.kind === 'failed') throw outcome.error;
    return this.sessions.loginProven(
      outcome.user,
      { address, client: login.client, userAgent: login.userAgent },
      outcome.via,
    );
  }

  private confirming(id: string, browser: string | undefined) {
    const login =
      browser === undefined ? undefined : this.pending.findConfirming(id, hashSecret(browser), this.clock());
    if (!login?.confirming) throw new Unauthorized('oidc_login_expired');
    return { login, identity: login.confirming.identity };
  }

  private async enabledProvider(login: PendingOidcLogin): Promise<OidcProviderRow> {
    const provider = await findProviderById(this.db, login.providerId);
    if (provider?.enabled !== 1) throw new NotFound('oidc_provider_unknown', { name: login.providerName });
    return provider;
  }

  private async signIn(
    login: PendingOidcLogin,
    provider: OidcProviderRow,
    identity: ExternalIdentity,
    address: string,
  ): Promise<void> {
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
    this.pending.settle(login, { kind: 'signed-in', user, via: sourceLabel(identity.source) }, this.clock());
  }
}
