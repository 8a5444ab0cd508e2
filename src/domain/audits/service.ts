import type { Db } from '../../db/schema.js';
import { NotFound } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/ids.js';
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
  setConnAuditNoteByGuid,
  updateConnAudit,
} from './repository.js';

type DeviceConnEvent = Exclude<ConnReport, { kind: 'note' }>;

/**
 * Connection, file-transfer and alarm records reported by devices. Devices carry no credentials, so an
 * unknown device is recorded under the RustDesk ID it gives. Each device event carries a nonce that a
 * retry repeats; it is claimed in the same transaction as the write, so a retry stores nothing twice.
 */
export class AuditsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

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
    if (!record) throw new NotFound('No connection of this device has this session_id');
    await updateConnAudit(this.db, record.id, { note });
  }

  /** The guid of the open connection record a controller asks about (§10.2); '' tells the client to ask again. */
  async findActiveConnGuid(deviceId: string, sessionId: string, connType: number): Promise<string> {
    return (await findActiveConnAuditGuid(this.db, deviceId, sessionId, connType)) ?? '';
  }

  /** The end-of-session note (§10.3). */
  async setConnNote(guid: string, note: string): Promise<void> {
    if (!(await setConnAuditNoteByGuid(this.db, guid, note)))
      throw new NotFound('Connection record not found');
  }

  /** Forgets nonces older than `olderThanMs`; clients stop retrying 120 s after the first attempt. */
  purgeNonces(olderThanMs: number): Promise<number> {
    return deleteNoncesCreatedBefore(this.db, this.clock() - olderThanMs);
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
