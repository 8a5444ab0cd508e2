import type { ApiTokenRow, Db } from '../../db/schema.js';
import { BadRequest, NotFound, Unauthorized } from '../../http/errors.js';
import { type Clock, MINUTE_MS } from '../../lib/clock.js';
import { hashSecret, newSecret, uuidv7 } from '../../lib/ids.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { type Actor, recordConsoleAudit } from '../console-audit/record.js';
import { isEnabledAdmin } from '../users/policy.js';
import { parsePermissions, presentApiToken } from './presenter.js';
import {
  deleteApiToken,
  findApiTokenByHash,
  insertApiToken,
  listApiTokens,
  touchApiToken,
} from './repository.js';
import { completePermissions, type Permissions } from './scopes.js';

export const API_TOKEN_PREFIX = 'rdct_';
const TOUCH_INTERVAL_MS = MINUTE_MS;

export interface NewApiToken {
  name: string;
  /** Epoch seconds, or null for a token that does not expire. */
  expiresAt: number | null;
  permissions: Partial<Permissions>;
  createdBy: number;
}

/** A token that works: it always has its creator, an enabled administrator it acts for. */
export type AuthenticatedToken = ApiTokenRow & { created_by: number };

export class TokensService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Creates a token; the secret is in the result this once and never again. */
  async create(input: NewApiToken, actor: Actor) {
    const { row, secret } = await this.db.transaction().execute((trx) => this.createIn(trx, input, actor));
    return { ...presentApiToken(row), token: secret };
  }

  /** Creates a token within the caller's transaction (with its audit record): the row and its secret. */
  async createIn(trx: Db, input: NewApiToken, actor: Actor): Promise<{ row: ApiTokenRow; secret: string }> {
    const now = this.clock();
    const name = input.name.trim();
    if (name === '') throw new BadRequest('field_empty', { field: 'name' });
    if (input.expiresAt !== null && input.expiresAt * 1000 <= now) {
      throw new BadRequest('field_not_future', { field: 'expires_at' });
    }
    const secret = newSecret(API_TOKEN_PREFIX);
    const row = await insertApiToken(trx, {
      guid: uuidv7(now),
      name,
      token_hash: hashSecret(secret),
      permissions: JSON.stringify(completePermissions(input.permissions)),
      created_by: input.createdBy,
      created_at: now,
      expires_at: input.expiresAt === null ? null : input.expiresAt * 1000,
      last_used_at: null,
    });
    await recordConsoleAudit(trx, actor, {
      area: CONSOLE_AREA.token,
      operation: CONSOLE_OPERATION.addApiToken,
      detail: `API token: ${name} (${describePermissions(row.permissions)})`,
      now,
    });
    return { row, secret };
  }

  async list() {
    return (await listApiTokens(this.db)).map(presentApiToken);
  }

  async revoke(guid: string, actor: Actor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.revokeIn(trx, guid, actor))) throw new NotFound('api_token_not_found');
    });
  }

  /** Revokes a token within the caller's transaction (with its audit record); false when there is none. */
  async revokeIn(trx: Db, guid: string, actor: Actor): Promise<boolean> {
    const token = await deleteApiToken(trx, guid);
    if (!token) return false;
    await recordConsoleAudit(trx, actor, {
      area: CONSOLE_AREA.token,
      operation: CONSOLE_OPERATION.deleteApiToken,
      detail: `API token: ${token.name}`,
      now: this.clock(),
    });
    return true;
  }

  /**
   * The token behind a secret; Unauthorized when unknown, revoked or expired, and while the
   * administrator who created it is disabled, deleted or no longer an administrator: a token acts for
   * its creator and must not outlive their rights.
   */
  async authenticate(secret: string): Promise<AuthenticatedToken> {
    const token = await findApiTokenByHash(this.db, hashSecret(secret));
    const now = this.clock();
    if (!token || (token.expires_at !== null && token.expires_at <= now)) {
      throw new Unauthorized('api_token_invalid');
    }
    const creatorId = token.created_by;
    if (
      creatorId === null ||
      !isEnabledAdmin({ isAdmin: token.creator_is_admin === 1, status: token.creator_status ?? 0 })
    ) {
      throw new Unauthorized('api_token_orphaned');
    }
    if (token.last_used_at === null || now - token.last_used_at > TOUCH_INTERVAL_MS) {
      await touchApiToken(this.db, token.id, now);
    }
    return { ...token, created_by: creatorId };
  }
}

function describePermissions(json: string): string {
  const granted = Object.entries(parsePermissions(json)).filter(([, level]) => level !== 'none');
  return granted.length === 0
    ? 'no permissions'
    : granted.map(([area, level]) => `${area}:${level}`).join(', ');
}

export function isApiTokenSecret(secret: string): boolean {
  return secret.startsWith(API_TOKEN_PREFIX);
}
