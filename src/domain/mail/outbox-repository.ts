import type { Db, MailOutboxRow, MailStatus } from '../../db/schema.js';
import { countRows, offsetOf, type Page, type Paged } from '../paging.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export async function insertMail(db: Db, mail: OutgoingMail, now: number): Promise<void> {
  await db
    .insertInto('mail_outbox')
    .values({
      recipient: mail.to,
      subject: mail.subject,
      body_text: mail.text,
      body_html: mail.html ?? null,
      status: 'queued',
      next_attempt_at: now,
      created_at: now,
    })
    .execute();
}

/** Queued mail whose next attempt is due, oldest first. */
export function dueMails(db: Db, now: number, limit: number): Promise<MailOutboxRow[]> {
  return db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Sent: the body goes, the record stays for the console's list. */
export async function markSent(db: Db, id: number, attempts: number, now: number): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ status: 'sent', attempts, sent_at: now, last_error: '', body_text: '', body_html: null })
    .where('id', '=', id)
    .execute();
}

/** A failed attempt: retried at `retryAt`, or given up (and the body dropped) when it is null. */
export async function markAttemptFailed(
  db: Db,
  id: number,
  attempt: { attempts: number; error: string; retryAt: number | null },
): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set(
      attempt.retryAt === null
        ? {
            status: 'failed',
            attempts: attempt.attempts,
            last_error: attempt.error,
            body_text: '',
            body_html: null,
          }
        : { attempts: attempt.attempts, last_error: attempt.error, next_attempt_at: attempt.retryAt },
    )
    .where('id', '=', id)
    .execute();
}

export type OutboxEntry = Omit<MailOutboxRow, 'body_text' | 'body_html'>;

/** The outbox newest first, without bodies, optionally of one status. */
export async function outboxPage(
  db: Db,
  status: MailStatus | undefined,
  page: Page,
): Promise<Paged<OutboxEntry>> {
  const query = db
    .selectFrom('mail_outbox')
    .$if(status !== undefined, (qb) => qb.where('status', '=', status ?? 'queued'));
  const total = await countRows(query);
  const rows = await query
    .select([
      'id',
      'recipient',
      'subject',
      'status',
      'attempts',
      'next_attempt_at',
      'last_error',
      'created_at',
      'sent_at',
    ])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.pageSize)
    .offset(offsetOf(page))
    .execute();
  return { total, rows };
}

/** Sent and failed mail older than `before` is forgotten; queued mail stays until it is settled. */
export async function purgeSettledMail(db: Db, before: number): Promise<void> {
  await db
    .deleteFrom('mail_outbox')
    .where('status', '!=', 'queued')
    .where('created_at', '<', before)
    .execute();
}
