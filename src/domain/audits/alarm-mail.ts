import type { Db } from '../../db/schema.js';
import { type Clock, MINUTE_MS } from '../../lib/clock.js';
import type { OutgoingMail } from '../mail/outbox-repository.js';
import type { MailService } from '../mail/service.js';
import type { SettingsService } from '../settings/service.js';
import { updateUser, usersDueAlarmMail } from '../users/repository.js';
import { ALARM_TYPE_NAMES, nameOf } from './codes.js';
import { type AlarmLogRow, alarmsBetween, latestAlarmId } from './log-repository.js';
import { type LogScope, logScopeOf } from './visibility.js';

/** A user gets at most one alarm mail in this time, listing what happened since the last one. */
export const ALARM_MAIL_INTERVAL_MS = MINUTE_MS;
/** Events listed in one mail; the rest are counted, and are in the alarm log. */
export const ALARM_MAIL_MAX_EVENTS = 50;

/**
 * "Enable alarm event email notification" (features.md §3.3, §11.3). Each user who switched it on is
 * mailed the alarm records they may see in the alarm log: administrators all of them (login alarms
 * too), other users those of the devices assigned to them, none when only administrators may see the
 * logs. Which records were mailed is kept per user in the database (`alarm_notified_id`), rather than
 * queued in memory where alarms are recorded, so that a restart loses none and alarms written anywhere
 * (device reports, the login throttle) are covered alike.
 */
export class AlarmMailer {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
    private readonly mail: MailService,
  ) {}

  /** Queues one mail for each user with new alarms whose last alarm mail is a minute old. Returns how many. */
  async queueDue(): Promise<number> {
    if (!(await this.mail.configured())) return 0;
    const now = this.clock();
    const users = await usersDueAlarmMail(this.db, now - ALARM_MAIL_INTERVAL_MS);
    if (users.length === 0) return 0;
    const upToId = await latestAlarmId(this.db);
    const { only_admin_can_access_logs: onlyAdmins } = await this.settings.get();
    let queued = 0;
    for (const user of users) {
      if (user.alarm_notified_id >= upToId) continue;
      if (onlyAdmins && user.is_admin !== 1) continue;
      const scope = logScopeOf({ kind: 'user', user }, onlyAdmins);
      const alarms = await alarmsBetween(
        this.db,
        scope,
        { afterId: user.alarm_notified_id, upToId },
        ALARM_MAIL_MAX_EVENTS,
      );
      await this.db.transaction().execute(async (trx) => {
        if (alarms.total > 0) await this.mail.enqueue(alarmMail(user, scope, alarms), trx);
        await updateUser(trx, user.id, {
          alarm_notified_id: upToId,
          ...(alarms.total > 0 ? { alarm_mailed_at: now } : {}),
        });
      });
      if (alarms.total > 0) queued++;
    }
    return queued;
  }
}

function alarmMail(
  user: { name: string; email: string },
  scope: LogScope,
  alarms: { total: number; rows: AlarmLogRow[] },
): OutgoingMail {
  const lines = alarms.rows.map((alarm) => {
    const device =
      alarm.device_peer_id === ''
        ? ''
        : `, device ${alarm.device_peer_id}${alarm.device_name || alarm.hostname ? ` (${alarm.device_name || alarm.hostname})` : ''}`;
    const ip = alarm.ip === '' ? '' : `, from ${alarm.ip}`;
    return `- ${new Date(alarm.created_at).toISOString()}: ${nameOf(ALARM_TYPE_NAMES, alarm.typ)}${device}${ip}`;
  });
  const more = alarms.total - alarms.rows.length;
  return {
    to: user.email,
    subject: `RustDesk alarm: ${alarms.total} new event${alarms.total === 1 ? '' : 's'}`,
    text: [
      `Hello ${user.name},`,
      '',
      `New events in the alarm log${scope.kind === 'own' ? ' of your devices' : ''} (times in UTC, newest first):`,
      '',
      ...lines,
      ...(more > 0 ? [`- and ${more} more: see Logs → Alarm logs in the console`] : []),
      '',
      'You get these mails because alarm event notification is on in your account settings.',
    ].join('\n'),
  };
}
