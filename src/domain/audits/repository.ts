import type { Insertable, Updateable } from 'kysely';
import type { AlarmAuditTable, ConnAuditTable, Db, FileAuditTable } from '../../db/schema.js';

/** Records a nonce; false when it was already there (the write it guards was done before). */
export async function claimNonce(db: Db, nonce: string, now: number): Promise<boolean> {
  const row = await db
    .insertInto('audit_nonces')
    .values({ nonce, created_at: now })
    .onConflict((conflict) => conflict.column('nonce').doNothing())
    .returning('nonce')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteNoncesCreatedBefore(db: Db, cutoff: number): Promise<number> {
  const result = await db.deleteFrom('audit_nonces').where('created_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertConnAudit(db: Db, row: Insertable<ConnAuditTable>): Promise<void> {
  await db.insertInto('conn_audits').values(row).execute();
}

export async function updateConnAudit(
  db: Db,
  id: number,
  changes: Updateable<ConnAuditTable>,
): Promise<void> {
  await db.updateTable('conn_audits').set(changes).where('id', '=', id).execute();
}

/** The newest record of a connection not closed yet; conn ids restart with the device, so older ones may match too. */
export function findLatestOpenConnAudit(db: Db, devicePeerId: string, connId: number) {
  return db
    .selectFrom('conn_audits')
    .select('id')
    .where('device_peer_id', '=', devicePeerId)
    .where('conn_id', '=', connId)
    .where('end_time', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findLatestConnAuditOfSession(db: Db, devicePeerId: string, sessionId: string) {
  return db
    .selectFrom('conn_audits')
    .select('id')
    .where('device_peer_id', '=', devicePeerId)
    .where('session_id', '=', sessionId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** `remoteId` null: whoever controls it. */
export async function findActiveConnAuditGuid(
  db: Db,
  devicePeerId: string,
  sessionId: string,
  connType: number,
  remoteId: string | null,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('conn_audits')
    .select('guid')
    .where('device_peer_id', '=', devicePeerId)
    .where('session_id', '=', sessionId)
    .where('conn_type', '=', connType)
    .where('end_time', 'is', null)
    .$if(remoteId !== null, (query) => query.where('remote_id', '=', remoteId ?? ''))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.guid;
}

export async function insertFileAudit(db: Db, row: Insertable<FileAuditTable>): Promise<void> {
  await db.insertInto('file_audits').values(row).execute();
}

export async function insertAlarmAudit(db: Db, row: Insertable<AlarmAuditTable>): Promise<void> {
  await db.insertInto('alarm_audits').values(row).execute();
}

/** Whether this device already has an alarm of this type from this address since `since`. */
export async function hasAlarmSince(
  db: Db,
  alarm: { peerId: string; typ: number; ip: string; since: number },
): Promise<boolean> {
  const row = await db
    .selectFrom('alarm_audits')
    .select('id')
    .where('created_at', '>=', alarm.since)
    .where('device_peer_id', '=', alarm.peerId)
    .where('typ', '=', alarm.typ)
    .where('ip', '=', alarm.ip)
    .executeTakeFirst();
  return row !== undefined;
}
