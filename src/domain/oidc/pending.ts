import type { AppError } from '../../http/errors.js';
import { MINUTE_MS } from '../../lib/clock.js';
import { hashSecret, newSecret } from '../../lib/ids.js';
import type { LoginInput } from '../sessions/service.js';
import type { ExternalIdentity } from '../sso/accounts.js';
import type { UserWithGroup } from '../users/repository.js';
import type { AuthorizationChecks } from './protocol.js';

/** How long the person has at the provider (the RustDesk client polls for 3 minutes). */
export const OIDC_LOGIN_TTL_MS = 10 * MINUTE_MS;
/** How long an answered login waits for its initiator to collect it, or for its browser to confirm it. */
export const OIDC_CLAIM_TTL_MS = 2 * MINUTE_MS;
const MAX_PENDING = 10_000;

/** What the provider's answer led to: the account to sign in, or why not. */
export type OidcOutcome =
  | { kind: 'signed-in'; user: UserWithGroup; via: string }
  | { kind: 'failed'; error: AppError };

export interface PendingOidcLogin {
  /** The hash of the initiator's code: the login's key. */
  key: string;
  providerId: number;
  providerName: string;
  checks: AuthorizationChecks;
  /** The RustDesk client that started it (empty ID: the console). */
  client: LoginInput['client'];
  userAgent: string | undefined;
  /**
   * The hash of the browser binding (the cookie BROWSER_COOKIE) of the browser that must come back from
   * the provider: for the console, the one that started the login; for a client, the one that confirms it.
   */
  browser?: string;
  /** A client's login the provider vouched for, waiting for its browser's confirmation. */
  confirming?: { id: string; identity: ExternalIdentity };
  expiresAt: number;
  outcome?: OidcOutcome;
}

/**
 * OIDC logins in progress, in memory, like the second step of a password login (sessions/pending-logins):
 * one process serves the API, a login lasts minutes, and a restart only makes the person click again.
 * Nothing of it (PKCE verifier, the outcome) is written to disk. The initiator holds `code` (only its
 * hash is kept); the provider sees only the state, which cannot be turned into the code.
 */
export class PendingOidcLogins {
  private readonly byCode = new Map<string, PendingOidcLogin>();
  private readonly codeOfState = new Map<string, string>();
  private readonly codeOfConfirmation = new Map<string, string>();

  open(login: Omit<PendingOidcLogin, 'key' | 'expiresAt' | 'outcome' | 'confirming'>, now: number): string {
    if (this.byCode.size >= MAX_PENDING) this.sweep(now);
    const code = newSecret('');
    const key = hashSecret(code);
    this.byCode.set(key, { ...login, key, expiresAt: now + OIDC_LOGIN_TTL_MS });
    this.codeOfState.set(login.checks.state, key);
    return code;
  }

  /** The login the provider sends back with `state`, once: a state is good for one callback. */
  takeByState(state: string, now: number): PendingOidcLogin | undefined {
    const key = this.codeOfState.get(state);
    this.codeOfState.delete(state);
    const login = key === undefined ? undefined : this.live(key, now);
    return login?.outcome || login?.confirming ? undefined : login;
  }

  /** Holds a client's login for its browser's confirmation; answers the id the confirmation page names it by. */
  awaitConfirmation(
    login: PendingOidcLogin,
    identity: ExternalIdentity,
    browser: string,
    now: number,
  ): string {
    const id = newSecret('');
    login.confirming = { id, identity };
    login.browser = browser;
    login.expiresAt = now + OIDC_CLAIM_TTL_MS;
    this.codeOfConfirmation.set(hashSecret(id), login.key);
    return id;
  }

  /** The login waiting for confirmation as `id`, if `browser` is the one it waits for. */
  findConfirming(id: string, browser: string, now: number): PendingOidcLogin | undefined {
    const key = this.codeOfConfirmation.get(hashSecret(id));
    const login = key === undefined ? undefined : this.live(key, now);
    return login?.confirming && login.browser === browser ? login : undefined;
  }

  /** Records what the callback or the confirmation found; the initiator collects it within OIDC_CLAIM_TTL_MS. */
  settle(login: PendingOidcLogin, outcome: OidcOutcome, now: number): void {
    if (login.confirming) this.codeOfConfirmation.delete(hashSecret(login.confirming.id));
    login.confirming = undefined;
    login.outcome = outcome;
    login.expiresAt = now + OIDC_CLAIM_TTL_MS;
  }

  find(code: string, now: number): PendingOidcLogin | undefined {
    return this.live(hashSecret(code), now);
  }

  close(login: PendingOidcLogin): void {
    this.drop(login.key);
  }

  private drop(key: string): void {
    const login = this.byCode.get(key);
    if (!login) return;
    this.codeOfState.delete(login.checks.state);
    if (login.confirming) this.codeOfConfirmation.delete(hashSecret(login.confirming.id));
    this.byCode.delete(key);
  }

  private live(key: string, now: number): PendingOidcLogin | undefined {
    const login = this.byCode.get(key);
    if (login && login.expiresAt <= now) {
      this.drop(key);
      return undefined;
    }
    return login;
  }

  private sweep(now: number): void {
    for (const key of this.byCode.keys()) this.live(key, now);
    // Still full (a flood of starts): the oldest give way; their people click again.
    for (const key of this.byCode.keys()) {
      if (this.byCode.size < MAX_PENDING) break;
      this.drop(key);
    }
  }
}
