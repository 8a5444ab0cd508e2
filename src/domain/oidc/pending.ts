import type { AppError } from '../../http/errors.js';
import { MINUTE_MS } from '../../lib/clock.js';
import { hashSecret, newSecret } from '../../lib/ids.js';
import type { LoginInput } from '../sessions/service.js';
import type { UserWithGroup } from '../users/repository.js';
import type { AuthorizationChecks } from './protocol.js';

/** How long the person has at the provider (the RustDesk client polls for 3 minutes). */
export const OIDC_LOGIN_TTL_MS = 10 * MINUTE_MS;
/** How long an answered login waits for its initiator to collect it. */
export const OIDC_CLAIM_TTL_MS = 2 * MINUTE_MS;
const MAX_PENDING = 10_000;

/** What the provider's answer led to: the account to sign in, or why not. */
export type OidcOutcome =
  | { kind: 'signed-in'; user: UserWithGroup; via: string }
  | { kind: 'failed'; error: AppError };

export interface PendingOidcLogin {
  providerId: number;
  providerName: string;
  checks: AuthorizationChecks;
  /** The RustDesk client that started it (empty ID: the console). */
  client: LoginInput['client'];
  userAgent: string | undefined;
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

  open(login: Omit<PendingOidcLogin, 'expiresAt' | 'outcome'>, now: number): string {
    if (this.byCode.size >= MAX_PENDING) this.sweep(now);
    const code = newSecret('');
    const key = hashSecret(code);
    this.byCode.set(key, { ...login, expiresAt: now + OIDC_LOGIN_TTL_MS });
    this.codeOfState.set(login.checks.state, key);
    return code;
  }

  /** The login the provider sends back with `state`, once: a state is good for one callback. */
  takeByState(state: string, now: number): PendingOidcLogin | undefined {
    const key = this.codeOfState.get(state);
    this.codeOfState.delete(state);
    const login = key === undefined ? undefined : this.live(key, now);
    return login?.outcome ? undefined : login;
  }

  /** Records what the callback found; the initiator collects it within OIDC_CLAIM_TTL_MS. */
  settle(login: PendingOidcLogin, outcome: OidcOutcome, now: number): void {
    login.outcome = outcome;
    login.expiresAt = now + OIDC_CLAIM_TTL_MS;
  }

  find(code: string, now: number): PendingOidcLogin | undefined {
    return this.live(hashSecret(code), now);
  }

  close(code: string): void {
    const key = hashSecret(code);
    const login = this.byCode.get(key);
    if (login) this.codeOfState.delete(login.checks.state);
    this.byCode.delete(key);
  }

  private live(key: string, now: number): PendingOidcLogin | undefined {
    const login = this.byCode.get(key);
    if (login && login.expiresAt <= now) {
      this.byCode.delete(key);
      this.codeOfState.delete(login.checks.state);
      return undefined;
    }
    return login;
  }

  private sweep(now: number): void {
    for (const key of this.byCode.keys()) this.live(key, now);
    // Still full (a flood of starts): the oldest give way; their people click again.
    for (const [key, login] of this.byCode) {
      if (this.byCode.size < MAX_PENDING) break;
      this.byCode.delete(key);
      this.codeOfState.delete(login.checks.state);
    }
  }
}
