import { toSeconds } from '../../lib/clock.js';
import type { OutboxEntry } from './outbox-repository.js';

/** An outbox entry as listed: never the body. Times in epoch seconds. */
export function presentOutboxEntry(row: OutboxEntry) {
  return {
    id: row.id,
    to: row.recipient,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    last_error: row.last_error,
    created_at: toSeconds(row.created_at),
    next_attempt_at: row.status === 'queued' ? toSeconds(row.next_attempt_at) : null,
    sent_at: row.sent_at === null ? null : toSeconds(row.sent_at),
  };
}
