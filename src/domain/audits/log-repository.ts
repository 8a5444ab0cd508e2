import { type Expression, type SqlBool, sql } from 'kysely';
import { matchesPattern } from '../../db/filters.js';
import type { Db } from '../../db/schema.js';
import { countRows, offsetOf, type Page } from '../paging.js';
import type { TimeWindow } from './time-filter.js';
import type { LogScope } from './visibility.js';

/*
 * Reading the connection, file and alarm logs: the listings and exports of the management API, and the
 * lookups behind the console's actions on a connection. Records join their device by RustDesk ID: a
 * record of a device that is not registered (or was deleted) has no device name and no user.
 */

/** The filters every device-side log (connections, files, alarms) shares; text filters are patterns (matchesPattern). */
export interface DeviceLogFilter {
  window: TimeWindow;
  /**
   * Patterns the RustDesk ID of the device that reported the record (the controlled device) must all
   * match: the console's `device`, and audits.py's `remote` (rustdesk-server-pro#499).
   */
  devices?: readonly string[];
  /** The registered device's name (its console name, else its hostname). */
  deviceName?: string;
  /** The name of the user the device is assigned to. */
  userName?: string;
  ip?: string;
}

export interface ConnLogFilter extends DeviceLogFilter {
  /** The controlling side: its RustDesk ID or its name. */
  peer?: string;
  connType?: number;
  /** false: only connections that never authorised (no conn_type, "Not Logged In"); true: only the others. */
  loggedIn?: boolean;
}

export interface FileLogFilter extends DeviceLogFilter {
  /** The controlling side: its RustDesk ID or its name. */
  peer?: string;
  /** The file audit `type`: 0 the device sent files, 1 it received them. */
  direction?: number;
}

export interface AlarmLogFilter extends DeviceLogFilter {
  /** The alarm `typ`. */
  alarmType?: number;
}

type DeviceLogTable = 'conn_audits' | 'file_audits' | 'alarm_audits';

/** The name the console shows for a device: the one set by an administrator, else its hostname. */
function deviceNameMatches(pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`((${sql.ref('devices.device_name')} <> '' and ${matchesPattern('devices.device_name', pattern)})
    or (coalesce(${sql.ref('devices.device_name')}, '') = '' and ${matchesPattern('devices.hostname', pattern)}))`;
}

/**
 * The controlling side of a connection or file record, by the RustDesk ID or the name its client gave;
 * "-" finds the records with neither (a connection that never authorised).
 */
function controllingSideMatches(table: 'conn_audits' | 'file_audits', pattern: string): Expression<SqlBool> {
  const id = `${table}.remote_id`;
  const name = `${table}.remote_name`;
  if (pattern === '-') return sql<SqlBool>`(${matchesPattern(id, '-')} and ${matchesPattern(name, '-')})`;
  return sql<SqlBool>`(${matchesPattern(id, pattern)} or ${matchesPattern(name, pattern)})`;
}

/** Conditions over a log table left-joined to `devices` (by RustDesk ID) and `users` (the device's user). */
function deviceLogConditions(table: DeviceLogTable, filter: DeviceLogFilter, scope: LogScope) {
  const column = (name: string) => sql.ref(`${table}.${name}`);
  const conditions: Expression<SqlBool>[] = [];
  if (filter.window.since !== undefined)
    conditions.push(sql<SqlBool>`${column('created_at')} >= ${filter.window.since}`);
  if (filter.window.until !== undefined)
    conditions.push(sql<SqlBool>`${column('created_at')} <= ${filter.window.until}`);
  for (const device of filter.devices ?? []) {
    conditions.push(matchesPattern(`${table}.device_peer_id`, device));
  }
  if (filter.deviceName !== undefined) conditions.push(deviceNameMatches(filter.deviceName));
  if (filter.userName !== undefined) conditions.push(matchesPattern('users.name', filter.userName));
  if (filter.ip !== undefined) conditions.push(matchesPattern(`${table}.ip`, filter.ip));
  if (scope.kind === 'own') conditions.push(sql<SqlBool>`${sql.ref('devices.user_id')} = ${scope.userId}`);
  return conditions;
}

function connLogQuery(db: Db, filter: ConnLogFilter, scope: LogScope) {
  const conditions = deviceLogConditions('conn_audits', filter, scope);
  if (filter.peer !== undefined) conditions.push(controllingSideMatches('conn_audits', filter.peer));
  if (filter.connType !== undefined)
    conditions.push(sql<SqlBool>`${sql.ref('conn_audits.conn_type')} = ${filter.connType}`);
  if (filter.loggedIn !== undefined)
    conditions.push(
      filter.loggedIn
        ? sql<SqlBool>`${sql.ref('conn_audits.conn_type')} is not null`
        : sql<SqlBool>`${sql.ref('conn_audits.conn_type')} is null`,
    );
  return db
    .selectFrom('conn_audits')
    .leftJoin('devices', 'devices.peer_id', 'conn_audits.device_peer_id')
    .leftJoin('users', 'users.id', 'devices.user_id')
    .where((eb) => eb.and(conditions));
}

/** A connection record with the names of its device and the device's user. */
export interface ConnLogRow {
  id: number;
  guid: string;
  device_peer_id: string;
  conn_id: number;
  session_id: string;
  ip: string;
  remote_id: string;
  remote_name: string;
  conn_type: number | null;
  primary_auth: number | null;
  two_factor: number | null;
  note: string;
  created_at: number;
  end_time: number | null;
  device_name: string | null;
  hostname: string | null;
  user_name: string | null;
  /** A newer record of the same device and conn id exists: conn ids restart with the device process. */
  superseded: boolean;
}

/** One page of connection records, newest first. */
export async function connLogPage(
  db: Db,
  filter: ConnLogFilter,
  scope: LogScope,
  page: Page,
): Promise<ConnLogRow[]> {
  const rows = await connLogQuery(db, filter, scope)
    .select((eb) => [
      'conn_audits.id',
      'conn_audits.guid',
      'conn_audits.device_peer_id',
      'conn_audits.conn_id',
      'conn_audits.session_id',
      'conn_audits.ip',
      'conn_audits.remote_id',
      'conn_audits.remote_name',
      'conn_audits.conn_type',
      'conn_audits.primary_auth',
      'conn_audits.two_factor',
      'conn_audits.note',
      'conn_audits.created_at',
      'conn_audits.end_time',
      'devices.device_name',
      'devices.hostname',
      'users.name as user_name',
      eb
        .exists(
          eb
            .selectFrom('conn_audits as later')
            .select('later.id')
            .whereRef('later.device_peer_id', '=', 'conn_audits.device_peer_id')
            .whereRef('later.conn_id', '=', 'conn_audits.conn_id')
            .whereRef('later.id', '>', 'conn_audits.id'),
        )
        .as('superseded'),
    ])
    .orderBy('conn_audits.created_at', 'desc')
    .orderBy('conn_audits.id', 'desc')
    .limit(page.pageSize)
    .offset(offsetOf(page))
    .execute();
  // SQLite answers EXISTS with 0/1, PostgreSQL with a boolean.
  return rows.map((row) => ({ ...row, superseded: Boolean(row.superseded) }));
}

export async function countConnLogs(db: Db, filter: ConnLogFilter, scope: LogScope): Promise<number> {
  return countRows(connLogQuery(db, filter, scope));
}

function fileLogQuery(db: Db, filter: FileLogFilter, scope: LogScope) {
  const conditions = deviceLogConditions('file_audits', filter, scope);
  if (filter.peer !== undefined) conditions.push(controllingSideMatches('file_audits', filter.peer));
  if (filter.direction !== undefined)
    conditions.push(sql<SqlBool>`${sql.ref('file_audits.type')} = ${filter.direction}`);
  return db
    .selectFrom('file_audits')
    .leftJoin('devices', 'devices.peer_id', 'file_audits.device_peer_id')
    .leftJoin('users', 'users.id', 'devices.user_id')
    .where((eb) => eb.and(conditions));
}

export interface FileLogRow {
  guid: string;
  device_peer_id: string;
  remote_id: string;
  remote_name: string;
  ip: string;
  type: number;
  path: string;
  is_file: number;
  num: number;
  info: string;
  created_at: number;
  device_name: string | null;
  hostname: string | null;
}

export async function countFileLogs(db: Db, filter: FileLogFilter, scope: LogScope): Promise<number> {
  return countRows(fileLogQuery(db, filter, scope));
}

/** One page of file-transfer records, newest first. */
export function fileLogPage(
  db: Db,
  filter: FileLogFilter,
  scope: LogScope,
  page: Page,
): Promise<FileLogRow[]> {
  return fileLogQuery(db, filter, scope)
    .select([
      'file_audits.guid',
      'file_audits.device_peer_id',
      'file_audits.remote_id',
      'file_audits.remote_name',
      'file_audits.ip',
      'file_audits.type',
      'file_audits.path',
      'file_audits.is_file',
      'file_audits.num',
      'file_audits.info',
      'file_audits.created_at',
      'devices.device_name',
      'devices.hostname',
    ])
    .orderBy('file_audits.created_at', 'desc')
    .orderBy('file_audits.id', 'desc')
    .limit(page.pageSize)
    .offset(offsetOf(page))
    .execute();
}

function alarmLogQuery(db: Db, filter: AlarmLogFilter, scope: LogScope) {
  const conditions = deviceLogConditions('alarm_audits', filter, scope);
  if (filter.alarmType !== undefined)
    conditions.push(sql<SqlBool>`${sql.ref('alarm_audits.typ')} = ${filter.alarmType}`);
  return db
    .selectFrom('alarm_audits')
    .leftJoin('devices', 'devices.peer_id', 'alarm_audits.device_peer_id')
    .leftJoin('users', 'users.id', 'devices.user_id')
    .where((eb) => eb.and(conditions));
}

export interface AlarmLogRow {
  guid: string;
  device_peer_id: string;
  typ: number;
  ip: string;
  info: string;
  created_at: number;
  device_name: string | null;
  hostname: string | null;
}

export async function countAlarmLogs(db: Db, filter: AlarmLogFilter, scope: LogScope): Promise<number> {
  return countRows(alarmLogQuery(db, filter, scope));
}

const ALARM_LOG_COLUMNS = [
  'alarm_audits.guid',
  'alarm_audits.device_peer_id',
  'alarm_audits.typ',
  'alarm_audits.ip',
  'alarm_audits.info',
  'alarm_audits.created_at',
  'devices.device_name',
  'devices.hostname',
] as const;

/** One page of alarm records, newest first. */
export function alarmLogPage(
  db: Db,
  filter: AlarmLogFilter,
  scope: LogScope,
  page: Page,
): Promise<AlarmLogRow[]> {
  return alarmLogQuery(db, filter, scope)
    .select(ALARM_LOG_COLUMNS)
    .orderBy('alarm_audits.created_at', 'desc')
    .orderBy('alarm_audits.id', 'desc')
    .limit(page.pageSize)
    .offset(offsetOf(page))
    .execute();
}

/** The newest alarm record's id (0 when there is none): alarm mails start after it. */
export async function latestAlarmId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('alarm_audits')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** The alarm records within `scope` with ids in (afterId, upToId]: how many, and the newest `limit`. */
export async function alarmsBetween(
  db: Db,
  scope: LogScope,
  ids: { afterId: number; upToId: number },
  limit: number,
): Promise<{ total: number; rows: AlarmLogRow[] }> {
  const query = alarmLogQuery(db, { window: {} }, scope)
    .where('alarm_audits.id', '>', ids.afterId)
    .where('alarm_audits.id', '<=', ids.upToId);
  const total = await countRows(query);
  const rows =
    total === 0
      ? []
      : await query.select(ALARM_LOG_COLUMNS).orderBy('alarm_audits.id', 'desc').limit(limit).execute();
  return { total, rows };
}

/** A connection record with what deciding on a disconnect or a note edit needs. */
export async function findConnForAction(db: Db, guid: string) {
  const row = await db
    .selectFrom('conn_audits')
    .leftJoin('devices', 'devices.peer_id', 'conn_audits.device_peer_id')
    .select((eb) => [
      'conn_audits.id',
      'conn_audits.device_peer_id',
      'conn_audits.conn_id',
      'conn_audits.remote_id',
      'conn_audits.end_time',
      'devices.user_id as owner_id',
      eb
        .exists(
          eb
            .selectFrom('conn_audits as later')
            .select('later.id')
            .whereRef('later.device_peer_id', '=', 'conn_audits.device_peer_id')
            .whereRef('later.conn_id', '=', 'conn_audits.conn_id')
            .whereRef('later.id', '>', 'conn_audits.id'),
        )
        .as('superseded'),
    ])
    .where('conn_audits.guid', '=', guid)
    .executeTakeFirst();
  return row && { ...row, superseded: Boolean(row.superseded) };
}

/** Deletes connection, file and alarm records created before `cutoff`; returns how many. */
export async function deleteDeviceLogsCreatedBefore(db: Db, cutoff: number): Promise<number> {
  let deleted = 0;
  for (const table of ['conn_audits', 'file_audits', 'alarm_audits'] as const) {
    const result = await db.deleteFrom(table).where('created_at', '<', cutoff).executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}
