import type { Db } from '../../db/schema.js';
import { uuidv7 } from '../../lib/ids.js';
import type { ConsoleArea, ConsoleOperation } from './codes.js';

/** How the request behind a change was authenticated; some changes need an administrator's own session. */
export type ActorVia = 'session' | 'token' | 'system';

/** Who made a change: a user, or an API token acting for the user who created it. */
export interface Actor {
  /** The user, or the token's creator (an enabled administrator); null for the server itself. */
  userId: number | null;
  /** The user's name, or "token:<token name>". */
  name: string;
  ip: string;
  via: ActorVia;
}

/** The server itself, for changes no person made (tests, maintenance run from the command line). */
export const SYSTEM_ACTOR: Actor = { userId: null, name: 'rdconsole', ip: '', via: 'system' };

/** A user acting on their own account without an administrator: a login, a mailed link. */
export const selfActor = (user: { id: number; name: string }, ip: string): Actor => ({
  userId: user.id,
  name: user.name,
  ip,
  via: 'session',
});

/** Longest detail kept; lists of many names are cut with a count of the rest. */
const MAX_DETAIL = 2000;

const bounded = (detail: string) =>
  detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL - 1)}…` : detail;

/**
 * Writes one console audit record and answers its guid. Call it with the transaction of the change it
 * records, so that the change and its record commit together or not at all.
 */
export async function recordConsoleAudit(
  trx: Db,
  actor: Actor,
  entry: { area: ConsoleArea; operation: ConsoleOperation; detail: string; now: number },
): Promise<string> {
  const guid = uuidv7(entry.now);
  await trx
    .insertInto('console_audits')
    .values({
      guid,
      operator_id: actor.userId,
      operator: actor.name,
      typ: entry.area,
      iop: entry.operation,
      detail: bounded(entry.detail),
      ip: actor.ip,
      created_at: entry.now,
    })
    .execute();
  return guid;
}

/**
 * Rewrites the detail of a record: one operation done in several transactions (a purge in batches)
 * keeps one record, brought up to date in the transaction of each step.
 */
export async function reviseConsoleAudit(trx: Db, guid: string, detail: string): Promise<void> {
  await trx
    .updateTable('console_audits')
    .set({ detail: bounded(detail) })
    .where('guid', '=', guid)
    .execute();
}

/** "users: alice, bob" — a readable list of what an operation touched, shortened when long. */
export function describe(kind: string, names: readonly string[], shown = 20): string {
  const listed = names.slice(0, shown).join(', ');
  const rest = names.length > shown ? ` and ${names.length - shown} more` : '';
  return `${kind}: ${listed}${rest}`;
}
