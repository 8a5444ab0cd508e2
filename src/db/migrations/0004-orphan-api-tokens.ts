import { sql } from 'kysely';
import type { Migration } from './helpers.js';

/**
 * API tokens act for the administrator who created them and now stop working without one (issue 10,
 * item 8). Tokens whose creator was deleted before that rule (created_by set null) acted for nobody:
 * remove them rather than keep secrets that can never work again.
 */
export const migration: Migration = {
  async up(db) {
    await sql`DELETE FROM api_tokens WHERE created_by IS NULL`.execute(db);
  },
};
