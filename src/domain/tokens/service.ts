import type { ApiTokenRow, Db } from '../../db/schema.js';
import { BadRequest, NotFound, Unauthorized } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import { hashSecret, newSecret, uuidv7 } from '../../lib/ids.js';
import { presentApiToken } from './presenter.js';
import {
  deleteApiToken,
  findApiTokenByHash,
  insertApiToken,
  listApiTokens,
  touchApiToken,
} from './repository.js';
import { completePermissions, type Permissions } from './scopes.js';

export const API_TOKEN_PREFIX = 'rdct_';
const TOUCH_INTERVAL_MS = 60_000;

export interface NewApiToken {
  name: string;
  /** Epoch seconds, or null for a token that does not expire. */
  expiresAt: number | null;
  permissions: Partial<Permissions>;
  createdBy: number;
}

export class TokensService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Creates a token; the secret is in the result this once and never again. */
  async create(input: NewApiToken) {
    const now = this.clock();
    const name = input.name.trim();
    if (name === '') throw new BadRequest('name must not be empty');
    if (input.expiresAt !== null && input.expiresAt * 1000 <= now) {
      throw new BadRequest('expires_at must be in the future');
    }
    const secret = newSecret(API_TOKEN_PREFIX);
    const row = await insertApiToken(this.db, {
      guid: uuidv7(now),
      name,
      token_hash: hashSecret(secret),
      permissions: JSON.stringify(completePermissions(input.permissions)),
      created_by: input.createdBy,
      created_at: now,
      expires_at: input.expiresAt === null ? null : input.expiresAt * 1000,
      last_used_at: null,
    });
    return { ...presentApiToken(row), token: secret };
  }

  async list() {
    return (await listApiTokens(this.db)).map(presentApiToken);
  }

  async revoke(guid: string): Promise<void> {
    if (!(await deleteApiToken(this.db, guid))) throw new NotFound('API token not found');
  }

  /** The token behind a secret; Unauthorized when unknown, revoked or expired. */
  async authenticate(secret: string): Promise<ApiTokenRow> {
    const token = await findApiTokenByHash(this.db, hashSecret(secret));
    const now = this.clock();
    if (!token || (token.expires_at !== null && token.expires_at <= now)) {
      throw new Unauthorized('Invalid or expired API token');
    }
    if (token.last_used_at === null || now - token.last_used_at > TOUCH_INTERVAL_MS) {
      await touchApiToken(this.db, token.id, now);
    }
    return token;
  }
}

export function isApiTokenSecret(secret: string): boolean {
  return secret.startsWith(API_TOKEN_PREFIX);
}
