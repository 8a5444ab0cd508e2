import { BadRequest } from '../../http/errors.js';

/**
 * What devices and controllers report to `/api/audit/*` (client-api.md §4.4–4.6, §10.1), read into
 * plain values the service can store. Route schemas check types; these functions add the rules a
 * schema cannot say: which fields each kind of conn report needs, u64 session ids, and `info` JSON.
 */

/** The fields of a `POST /api/audit/conn` body, as the route schema has typed them. */
export interface ConnReportFields {
  id: string;
  conn_id?: number;
  session_id?: unknown;
  nonce?: string;
  action?: 'new' | 'close';
  ip?: string;
  conn_audit_ref?: string;
  peer?: string[];
  type?: number;
  primary_auth?: number;
  two_factor?: number;
  note?: string;
}

interface DeviceEvent {
  deviceId: string;
  connId: number;
  sessionId: string;
  /** Null when a client sends none (older clients); such an event is stored without de-duplication. */
  nonce: string | null;
}

export type ConnReport =
  | ({ kind: 'new'; ip: string; connAuditRef: string } & DeviceEvent)
  | ({
      kind: 'authorised';
      remoteId: string;
      remoteName: string;
      connType: number;
      primaryAuth: number | null;
      twoFactor: number | null;
    } & DeviceEvent)
  | ({ kind: 'close' } & DeviceEvent)
  | { kind: 'note'; deviceId: string; sessionId: string; note: string };

/** Tells the four bodies apart: "new" and "close" by `action`; "authorised" has `peer`; the note has neither. */
export function readConnReport(body: ConnReportFields): ConnReport {
  const deviceId = readDeviceId(body.id);
  if (body.action === undefined && body.peer === undefined && body.note !== undefined) {
    return {
      kind: 'note',
      deviceId,
      sessionId: parseSessionId(body.session_id),
      note: storedText(body.note),
    };
  }
  const event: DeviceEvent = {
    deviceId,
    connId: required(body.conn_id, 'conn_id'),
    sessionId: parseSessionId(body.session_id),
    nonce: storedText(body.nonce) || null,
  };
  if (body.action === 'new') {
    return {
      kind: 'new',
      ...event,
      ip: storedText(body.ip),
      connAuditRef: storedText(body.conn_audit_ref),
    };
  }
  if (body.action === 'close') return { kind: 'close', ...event };
  const [remoteId = '', remoteName = ''] = required(body.peer, 'peer');
  return {
    kind: 'authorised',
    ...event,
    remoteId: storedText(remoteId),
    remoteName: storedText(remoteName),
    connType: required(body.type, 'type'),
    // The client leaves both out when they are 0 ("none"); keep one way of saying none.
    primaryAuth: body.primary_auth || null,
    twoFactor: body.two_factor || null,
  };
}

/** The fields of a `POST /api/audit/file` body. */
export interface FileReportFields {
  id: string;
  type: number;
  info: string;
  peer_id?: string;
  conn_id?: number;
  path?: string;
  is_file?: boolean;
  nonce?: string;
}

export interface FileReport {
  deviceId: string;
  remoteId: string;
  connId: number;
  type: number;
  path: string;
  isFile: boolean;
  info: Record<string, unknown>;
  nonce: string | null;
}

export function readFileReport(body: FileReportFields): FileReport {
  return {
    deviceId: readDeviceId(body.id),
    remoteId: storedText(body.peer_id),
    connId: body.conn_id ?? 0,
    type: body.type,
    path: storedText(body.path),
    isFile: body.is_file ?? false,
    info: decodeInfo(body.info),
    nonce: storedText(body.nonce) || null,
  };
}

/** The fields of a `POST /api/audit/alarm` body. */
export interface AlarmReportFields {
  id: string;
  typ: number;
  info: string;
  conn_id?: number;
  conn_audit_ref?: string;
  nonce?: string;
}

export interface AlarmReport {
  deviceId: string;
  typ: number;
  connId: number;
  connAuditRef: string;
  info: Record<string, unknown>;
  nonce: string | null;
}

export function readAlarmReport(body: AlarmReportFields): AlarmReport {
  return {
    deviceId: readDeviceId(body.id),
    typ: body.typ,
    connId: body.conn_id ?? 0,
    connAuditRef: storedText(body.conn_audit_ref),
    info: decodeInfo(body.info),
    nonce: storedText(body.nonce) || null,
  };
}

const U64_MAX = 18446744073709551615n;

/**
 * A u64 session id as exact decimal text. The body parser turns JSON numbers into strings before
 * JSON.parse could round them; a number still arriving here is accepted only while it is exact.
 */
export function parseSessionId(value: unknown): string {
  if (value === undefined) throw new BadRequest('field_required', { field: 'session_id' });
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^[0-9]{1,20}$/.test(value)) {
    const exact = BigInt(value);
    if (exact <= U64_MAX) return exact.toString();
  }
  throw new BadRequest('field_not_unsigned_64', { field: 'session_id' });
}

/** `info` of file and alarm audits is a string holding a JSON object (client-api.md pitfall 5). */
export function decodeInfo(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequest('field_not_json_text', { field: 'info' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequest('field_not_json_object_text', { field: 'info' });
  }
  return value as Record<string, unknown>;
}

/** A string field of a decoded `info` object, or '' when it is missing or not a string. */
export function infoText(info: Record<string, unknown>, key: string, maxLength = 256): string {
  const value = info[key];
  return typeof value === 'string' ? storedText(value).slice(0, maxLength) : '';
}

const INT32_MAX = 2_147_483_647;

/** A count from a decoded `info` object; capped to fit the integer column on both databases. */
export function infoCount(info: Record<string, unknown>, key: string): number {
  const value = info[key];
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? Math.min(value, INT32_MAX) : 0;
}

/** PostgreSQL text cannot hold NUL characters, and they mean nothing in these fields: drop them. */
export function storedText(value: string | undefined): string {
  return (value ?? '').replaceAll('\u0000', '');
}

/** The schema asks for at least one character; one that was all NULs says nothing either. */
function readDeviceId(id: string): string {
  const text = storedText(id);
  if (text === '') throw new BadRequest('field_empty', { field: 'id' });
  return text;
}

function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new BadRequest('field_required', { field });
  return value;
}
