import type { Db, MailStatus } from '../../db/schema.js';
import { AppError, BadRequest, Conflict } from '../../http/errors.js';
import { type Clock, DAY_MS, HOUR_MS, MINUTE_MS } from '../../lib/clock.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { recordConsoleAudit, SYSTEM_ACTOR } from '../console-audit/record.js';
import type { Page } from '../paging.js';
import type { SettingsService } from '../settings/service.js';
import {
  dueMails,
  insertMail,
  markAttemptFailed,
  markSent,
  type OutgoingMail,
  outboxPage,
  purgeSettledMail,
} from './outbox-repository.js';
import { isAddress, mergeSmtpChanges } from './smtp-settings.js';
import { failureText, openTransport } from './transport.js';

/** Waits before the 2nd, 3rd, 4th and 5th attempt; the 5th failure gives the mail up. */
export const RETRY_DELAYS_MS = [MINUTE_MS, 5 * MINUTE_MS, 30 * MINUTE_MS, 2 * HOUR_MS] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** Sent and failed mails are listed in the console this long, then forgotten. */
export const OUTBOX_RETENTION_MS = 30 * DAY_MS;
/** Mails sent in one round of the worker; the rest wait for the next round. */
const BATCH = 20;

/** One failed attempt of the worker, for the server log (no body, no password). */
export interface MailFailure {
  id: number;
  attempts: number;
  error: string;
  /** When the next attempt is, or null when the mail was given up. */
  retryAt: number | null;
}

/**
 * The outbox: requests queue mail (enqueue) and never wait for the SMTP server; the background worker
 * (sendDue) sends it, retrying with backoff. Only the explicit test e-mail is sent while a request waits.
 */
export class MailService {
  private round: Promise<MailFailure[]> | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
  ) {}

  /** Whether SMTP is set up, so that mail can be queued. */
  async configured(): Promise<boolean> {
    return (await this.settings.smtp()).settings.host !== '';
  }

  /**
   * Queues one mail. Pass the transaction of the change that causes it, so that both commit or neither.
   * Refuses (409) while SMTP is not set up, and a recipient that is not an address (400).
   */
  async enqueue(mail: OutgoingMail, trx: Db = this.db): Promise<void> {
    if (!isAddress(mail.to)) throw new BadRequest('not_an_email', { address: mail.to });
    if (!(await this.configured())) {
      throw new Conflict('smtp_not_configured');
    }
    await insertMail(trx, mail, this.clock());
  }

  /**
   * Sends the mail that is due, one round at a time (a call during a round waits for it). Returns the
   * failed attempts; a mail given up is also written to the console log.
   */
  sendDue(): Promise<MailFailure[]> {
    this.round ??= this.sendRound().finally(() => {
      this.round = undefined;
    });
    return this.round;
  }

  /** Resolves when no round is sending (at shutdown). */
  async idle(): Promise<void> {
    await this.round?.catch(() => {});
  }

  private async sendRound(): Promise<MailFailure[]> {
    const { settings: smtp } = await this.settings.smtp();
    if (smtp.host === '') return [];
    const due = await dueMails(this.db, this.clock(), BATCH);
    if (due.length === 0) return [];
    const failures: MailFailure[] = [];
    let transport: ReturnType<typeof openTransport> | undefined;
    try {
      for (const mail of due) {
        const attempts = mail.attempts + 1;
        try {
          transport ??= openTransport(smtp);
          await transport.send({
            to: mail.recipient,
            subject: mail.subject,
            text: mail.body_text,
            ...(mail.body_html !== null ? { html: mail.body_html } : {}),
          });
          await markSent(this.db, mail.id, attempts, this.clock());
        } catch (error) {
          const now = this.clock();
          const delay = RETRY_DELAYS_MS[attempts - 1];
          const failure = {
            id: mail.id,
            attempts,
            error: failureText(error),
            retryAt: delay ? now + delay : null,
          };
          failures.push(failure);
          await this.db.transaction().execute(async (trx) => {
            await markAttemptFailed(trx, mail.id, failure);
            if (failure.retryAt !== null) return;
            await recordConsoleAudit(trx, SYSTEM_ACTOR, {
              area: CONSOLE_AREA.mail,
              operation: CONSOLE_OPERATION.mailNotSent,
              detail: `mail to ${mail.recipient} ("${mail.subject}") not sent after ${attempts} attempts: ${failure.error}`,
              now,
            });
          });
        }
      }
    } finally {
      transport?.close();
    }
    return failures;
  }

  /**
   * Sends one test message now, with the SMTP settings in force changed by `changes` (not saved), and
   * answers the server's reply. A refusal or an unreachable server is a 502 with the server's words.
   */
  async sendTest(to: string, changes: Record<string, unknown> | undefined): Promise<string> {
    if (!isAddress(to)) throw new BadRequest('field_must_be_email', { field: 'to' });
    const { settings: current, source } = await this.settings.smtp();
    if (changes !== undefined && Object.keys(changes).length > 0 && source === 'environment') {
      throw new Conflict('smtp_from_environment_test');
    }
    const smtp = mergeSmtpChanges(current, changes ?? {});
    if (smtp.host === '') throw new BadRequest('smtp_required_to_send', { field: 'smtp.host' });
    const transport = openTransport(smtp);
    try {
      return await transport.send({
        to,
        subject: 'rdconsole test e-mail',
        text: 'This test message from rdconsole shows that its SMTP settings work.',
      });
    } catch (error) {
      throw new AppError(502, 'smtp_send_failed', { reason: failureText(error) });
    } finally {
      transport.close();
    }
  }

  outbox(status: MailStatus | undefined, page: Page) {
    return outboxPage(this.db, status, page);
  }

  /** Forgets settled mail past the retention time. */
  purgeSettled(): Promise<void> {
    return purgeSettledMail(this.db, this.clock() - OUTBOX_RETENTION_MS);
  }
}
