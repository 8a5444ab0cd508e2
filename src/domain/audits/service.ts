import type { Db } from '../../db/schema.js';
import { allPages } from '../../http/csv.js';
import { BadRequest, Forbidden, NotFound, TooManyRequests } from '../../http/errors.js';
import { type Clock, DAY_MS } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
import type { FixedWindowLimiter } from '../../lib/rate-limiter.js';
import { CONSOLE_AREA, CONSOLE_OPERATION } from '../console-audit/codes.js';
import { presentConsoleLog } from '../console-audit/presenter.js';
import { type Actor, recordConsoleAudit } from '../console-audit/record.js';
import {
  type ConsoleLogFilter,
  consoleLogPage,
  countConsoleLogs,
  deleteConsoleAuditsCreatedBefore,
} from '../console-audit/repository.js';
import type { PresenceTracker } from '../devices/presence.js';
import type { Page } from '../paging.js';
import { findSessionClientId } from '../sessions/repository.js';
import type { SettingsService } from '../settings/service.js';
import { isConnectionLive } from './liveness.js';
import {
  type AlarmLogFilter,
  alarmLogPage,
  type ConnLogFilter,
  connLogPage,
  countAlarmLogs,
  countConnLogs,
  countFileLogs,
  deleteDeviceLogsCreatedBefore,
  type FileLogFilter,
  fileLogPage,
  findConnForAction,
} from './log-repository.js';
import { presentAlarmLog, presentConnLog, presentFileLog } from './presenter.js';
import { type AlarmReport, type ConnReport, type FileReport, infoCount, infoText } from './reports.js';
import {
  claimNonce,
  deleteNoncesCreatedBefore,
  findActiveConnAuditGuid,
  findLatestConnAuditOfSession,
  findLatestOpenConnAudit,
  insertAlarmAudit,
  insertConnAudit,
  insertFileAudit,
  updateConnAudit,
} from './repository.js';
import type { TimeWindow } from './time-filter.js';
import type { LogScope } from './visibility.js';

type DeviceConnEvent = Exclude<ConnReport, { kind: 'note' }>;

/** A logged-in user asking about a connection from the RustDesk client (client-api.md §10.2, §10.3). */
export interface ConnCaller {
  sessionId: number;
  isAdmin: boolean;
}

/**
 * Connection, file-transfer and alarm records reported by devices. Devices carry no credentials, so an
 * unknown device is recorded under the RustDesk ID it gives. Each device event carries a nonce that a
 * retry repeats; it is claimed in the same transaction as the write, so a retry stores nothing twice.
 *
 * The management side lists these logs and the console log (audits.py, the console's Logs pages) within
 * the caller's LogScope, ends live connections, edits notes and purges records past their retention.
 */
export class AuditsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
    private readonly presence: PresenceTracker,
    /** Audit posts per client address: devices post them without credentials, and each is a row. */
    private readonly posts: FixedWindowLimiter,
  ) {}

  /** Counts one audit post from this address; TooManyRequests past the limit (the client retries later). */
  admitPost(ip: string): void {
    const wait = this.posts.take(ip);
    if (wait > 0) throw new TooManyRequests('audits_throttled', wait);
  }

  async recordConn(report: ConnReport): Promise<void> {
    if (report.kind === 'note') {
      await this.noteSession(report.deviceId, report.sessionId, report.note);
      return;
    }
    await this.writeOnce(report.nonce, (trx, now) => applyConnEvent(trx, report, now));
  }

  async recordFile(report: FileReport): Promise<void> {
    await this.writeOnce(report.nonce, (trx, now) =>
      insertFileAudit(trx, {
        guid: uuidv7(now),
        device_peer_id: report.deviceId,
        remote_id: report.remoteId,
        remote_name: infoText(report.info, 'name'),
        conn_id: report.connId,
        type: report.type,
        path: report.path,
        is_file: report.isFile ? 1 : 0,
        ip: infoText(report.info, 'ip'),
        num: infoCount(report.info, 'num'),
        info: JSON.stringify(report.info),
        created_at: now,
      }),
    );
  }

  async recordAlarm(report: AlarmReport): Promise<void> {
    await this.writeOnce(report.nonce, (trx, now) =>
      insertAlarmAudit(trx, {
        guid: uuidv7(now),
        device_peer_id: report.deviceId,
        typ: report.typ,
        conn_id: report.connId,
        conn_audit_ref: report.connAuditRef,
        ip: infoText(report.info, 'ip'),
        info: JSON.stringify(report.info),
        created_at: now,
      }),
    );
  }

  /** The controller's note for a session (client-api.md §10.1): it goes on the device's record of that session. */
  private async noteSession(deviceId: string, sessionId: string, note: string): Promise<void> {
    // Every connection starts with session id 0 until it is authorised; a 0 names no one session.
    const record =
      sessionId === '0' ? undefined : await findLatestConnAuditOfSession(this.db, deviceId, sessionId);
    if (!record) throw new NotFound('connection_session_not_found');
    await updateConnAudit(this.db, record.id, { note });
  }

  /**
   * The guid of the open connection record a controller asks about (§10.2); '' tells the client to ask
   * again. Only a connection the caller controls (or, for administrators, any) is found.
   */
  async findActiveConnGuid(
    caller: ConnCaller,
    conn: { deviceId: string; sessionId: string; connType: number },
  ): Promise<string> {
    const controller = await this.controllerOf(caller);
    if (controller === '') return '';
    const guid = await findActiveConnAuditGuid(
      this.db,
      conn.deviceId,
      conn.sessionId,
      conn.connType,
      controller,
    );
    return guid ?? '';
  }

  /** The end-of-session note (§10.3), by the controlling side or an administrator. */
  async setConnNote(caller: ConnCaller, guid: string, note: string): Promise<void> {
    const record = await findConnForAction(this.db, guid);
    if (!record) throw new NotFound('connection_not_found');
    const controller = await this.controllerOf(caller);
    if (controller !== null && (controller === '' || record.remote_id !== controller)) {
      throw new Forbidden('connection_note_controller_only');
    }
    await updateConnAudit(this.db, record.id, { note });
  }

  /**
   * The RustDesk ID a client session controls connections from, as it gave it at login; null for an
   * administrator, who may reach any connection; '' for a session without one (the console).
   */
  private async controllerOf(caller: ConnCaller): Promise<string | null> {
    if (caller.isAdmin) return null;
    return (await findSessionClientId(this.db, caller.sessionId)) ?? '';
  }

  /** Forgets nonces older than `olderThanMs`; clients stop retrying 120 s after the first attempt. */
  purgeNonces(olderThanMs: number): Promise<number> {
    return deleteNoncesCreatedBefore(this.db, this.clock() - olderThanMs);
  }

  async listConns(scope: LogScope, filter: ConnLogFilter, page: Page) {
    const total = await countConnLogs(this.db, filter, scope);
    const rows = await connLogPage(this.db, filter, scope, page);
    return { total, data: rows.map((row) => presentConnLog(row, isConnectionLive(this.presence, row))) };
  }

  exportConns(scope: LogScope, filter: ConnLogFilter) {
    const fixed = this.exportWindow(filter);
    return allPages((page) => connLogPage(this.db, fixed, scope, page));
  }

  async listFiles(scope: LogScope, filter: FileLogFilter, page: Page) {
    const total = await countFileLogs(this.db, filter, scope);
    const rows = await fileLogPage(this.db, filter, scope, page);
    return { total, data: rows.map(presentFileLog) };
  }

  exportFiles(scope: LogScope, filter: FileLogFilter) {
    const fixed = this.exportWindow(filter);
    return allPages((page) => fileLogPage(this.db, fixed, scope, page));
  }

  async listAlarms(scope: LogScope, filter: AlarmLogFilter, page: Page) {
    const total = await countAlarmLogs(this.db, filter, scope);
    const rows = await alarmLogPage(this.db, filter, scope, page);
    return { total, data: rows.map(presentAlarmLog) };
  }

  exportAlarms(scope: LogScope, filter: AlarmLogFilter) {
    const fixed = this.exportWindow(filter);
    return allPages((page) => alarmLogPage(this.db, fixed, scope, page));
  }

  /** The console log has no per-user scope: only administrators and tokens reach it. */
  async listConsole(filter: ConsoleLogFilter, page: Page) {
    const total = await countConsoleLogs(this.db, filter);
    const rows = await consoleLogPage(this.db, filter, page);
    return { total, data: rows.map(presentConsoleLog) };
  }

  exportConsole(filter: ConsoleLogFilter) {
    const fixed = this.exportWindow(filter);
    return allPages((page) => consoleLogPage(this.db, fixed, page));
  }

  /**
   * Asks the device to close a live connection: its next heartbeat carries the conn id in `disconnect`.
   * The record ends when the device reports the close.
   */
  async disconnect(guid: string, scope: LogScope, actor: Actor): Promise<void> {
    const record = await this.connForAction(guid, scope);
    if (record.end_time !== null) throw new BadRequest('connection_ended');
    if (!isConnectionLive(this.presence, record)) {
      throw new BadRequest('connection_not_live');
    }
    const now = this.clock();
    const from = record.remote_id === '' ? '' : ` from ${record.remote_id}`;
    await this.db.transaction().execute((trx) =>
      recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.device,
        operation: CONSOLE_OPERATION.disconnectDevice,
        detail: `connection: ${record.device_peer_id}${from}`,
        now,
      }),
    );
    this.presence.requestDisconnect(record.device_peer_id, [record.conn_id]);
  }

  /** The note of a connection record, edited in the console's connection log. */
  async editConnNote(guid: string, note: string, scope: LogScope, actor: Actor): Promise<void> {
    const record = await this.connForAction(guid, scope);
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      await updateConnAudit(trx, record.id, { note });
      await recordConsoleAudit(trx, actor, {
        area: CONSOLE_AREA.device,
        operation: CONSOLE_OPERATION.updateDevice,
        detail: `connection note: ${record.device_peer_id}`,
        now,
      });
    });
  }

  /**
   * Deletes connection, file, alarm and console records older than the "log retention" setting (0 keeps
   * them forever); returns how many. The setting is read fresh on each (hourly) run.
   */
  async purgeExpired(): Promise<number> {
    // This service is built without the shared settings service; a private instance reads the stored
    // value through the same defaults, and holds no cache across runs.
    const { log_retention_days: days } = await this.settings.get();
    if (!(days > 0)) return 0;
    const cutoff = this.clock() - days * DAY_MS;
    const devices = await deleteDeviceLogsCreatedBefore(this.db, cutoff);
    return devices + (await deleteConsoleAuditsCreatedBefore(this.db, cutoff));
  }

  private async connForAction(guid: string, scope: LogScope) {
    const record = await findConnForAction(this.db, guid);
    if (!record) throw new NotFound('connection_not_found');
    if (scope.kind === 'own' && record.owner_id !== scope.userId) {
      throw new Forbidden('connection_not_yours');
    }
    return record;
  }

  /**
   * An export pages through the log while devices keep reporting; ending its window at its start keeps
   * new records from shifting the pages under it (they would repeat rows).
   */
  private exportWindow<F extends { window: TimeWindow }>(filter: F): F {
    const now = this.clock();
    const until = Math.min(filter.window.until ?? now, now);
    return { ...filter, window: { ...filter.window, until } };
  }

  private async writeOnce(
    nonce: string | null,
    write: (trx: Db, now: number) => Promise<void>,
  ): Promise<void> {
    const now = this.clock();
    await this.db.transaction().execute(async (trx) => {
      if (nonce !== null && !(await claimNonce(trx, nonce, now))) return;
      await write(trx, now);
    });
  }
}

/**
 * The "new", "authorised" and "close" events of one connection make one record: "new" opens it, the
 * others complete the newest open record of the same device and conn id, or open one when the earlier
 * events were lost. A record never authorised keeps conn_type null ("Not Logged In" in listings).
 */
async function applyConnEvent(db: Db, event: DeviceConnEvent, now: number): Promise<void> {
  const base = {
    guid: uuidv7(now),
    device_peer_id: event.deviceId,
    conn_id: event.connId,
    session_id: event.sessionId,
    created_at: now,
  };
  if (event.kind === 'new') {
    await insertConnAudit(db, { ...base, ip: event.ip, conn_audit_ref: event.connAuditRef });
    return;
  }
  const open = await findLatestOpenConnAudit(db, event.deviceId, event.connId);
  const changes =
    event.kind === 'authorised'
      ? {
          remote_id: event.remoteId,
          remote_name: event.remoteName,
          conn_type: event.connType,
          primary_auth: event.primaryAuth,
          two_factor: event.twoFactor,
          authorized_at: now,
        }
      : { end_time: now };
  if (!open) {
    await insertConnAudit(db, { ...base, ...changes });
    return;
  }
  // "new" is always sent with session id 0; the real one comes with the later events.
  const sessionId = event.sessionId !== '0' ? { session_id: event.sessionId } : {};
  await updateConnAudit(db, open.id, { ...changes, ...sessionId });
}
