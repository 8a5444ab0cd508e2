/**
 * The server-wide settings of GET/PATCH /api/settings and the rules the server applies to them
 * (src/domain/settings/service.ts), checked here before anything is sent.
 */
export interface ServerSettings {
  relay_servers: string[];
  server_public_key: string;
  only_admin_can_access_logs: boolean;
  log_retention_days: number;
  disable_accessible_devices: boolean;
  allow_non_admin_share_address_books: boolean;
  require_deployment: boolean;
  disable_new_devices: boolean;
  only_admin_can_access_unassigned_devices: boolean;
  allow_sso_local_password: boolean;
  max_peer_one_ab: number;
  min_password_length: number;
  /** The console's public address for links in mail; empty: see Settings → Others. */
  console_url: string;
  invite_link_days: number;
  /** Devices offline for longer are deleted every hour; 0 keeps them. */
  delete_devices_offline_days: number;
  smtp: SmtpView;
  /** environment: --hbbs-key-file is in force and the key is read-only. */
  server_public_key_source: SettingSource;
  /** environment: --relay-servers is in force and the list is read-only. */
  relay_servers_source: SettingSource;
}

/** Where a setting comes from: these settings, or the server's start options (read-only here). */
export type SettingSource = 'settings' | 'environment';

export type SmtpSecurity = 'none' | 'starttls' | 'tls';

/** The SMTP fields an administrator edits (Settings → SMTP); the password is write-only. */
export interface SmtpFields {
  host: string;
  port: number;
  security: SmtpSecurity;
  auth: boolean;
  username: string;
  from: string;
  timeout_seconds: number;
  ca_file: string;
}

/** SMTP as GET /api/settings shows it: the settings in force, never the password. */
export interface SmtpView extends SmtpFields {
  /** environment: --smtp-url is in force and the settings are read-only. */
  source: SettingSource;
  password_set: boolean;
}

/** The SMTP form: the fields and the password typed now (empty: keep the stored one). */
export interface SmtpForm extends SmtpFields {
  password: string;
}

export type SmtpChanges = Partial<SmtpForm>;

const SMTP_FIELDS = [
  'host',
  'port',
  'security',
  'auth',
  'username',
  'from',
  'timeout_seconds',
  'ca_file',
] as const satisfies readonly (keyof SmtpFields)[];

/**
 * What the form changes: the fields that differ, a password only when one was typed, and an empty
 * password (clearing the stored one) when authentication is switched off.
 */
export function smtpChangesOf(current: SmtpView, values: SmtpForm): SmtpChanges {
  const changes: SmtpChanges = {};
  for (const key of SMTP_FIELDS) {
    const value = typeof values[key] === 'string' ? (values[key] as string).trim() : values[key];
    if (value !== current[key]) Object.assign(changes, { [key]: value });
  }
  if (!values.auth) {
    if (current.password_set) changes.password = '';
  } else if (values.password !== '') {
    changes.password = values.password;
  }
  return changes;
}

/** A bare e-mail address, as the server accepts a recipient. */
export function isEmailAddress(value: string): boolean {
  return /^[^\s@<>",;]+@[^\s@<>",;]+$/.test(value.trim());
}

/** The on/off settings, in the order Settings → Others shows them. */
export const SWITCH_SETTINGS = [
  'disable_new_devices',
  'require_deployment',
  'only_admin_can_access_unassigned_devices',
  'disable_accessible_devices',
  'only_admin_can_access_logs',
  'allow_non_admin_share_address_books',
  'allow_sso_local_password',
] as const satisfies readonly (keyof ServerSettings)[];

export const NUMBER_SETTINGS = {
  log_retention_days: { min: 0, max: 3650 },
  delete_devices_offline_days: { min: 0, max: 3650 },
  max_peer_one_ab: { min: 0, max: 100_000 },
  min_password_length: { min: 4, max: 128 },
  invite_link_days: { min: 1, max: 365 },
} as const satisfies Partial<Record<keyof ServerSettings, { min: number; max: number }>>;
export type NumberSetting = keyof typeof NUMBER_SETTINGS;

export type OtherSettings = Pick<
  ServerSettings,
  (typeof SWITCH_SETTINGS)[number] | NumberSetting | 'console_url'
>;

/** Setting console_url as the server accepts it: empty, or http(s)://host[:port][/path] without query or fragment. */
export function isConsoleUrl(value: string): boolean {
  const text = value.trim();
  if (text === '') return true;
  if (/[?#]/.test(text)) return false;
  try {
    const url = new URL(text);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === ''
    );
  } catch {
    return false;
  }
}

export const MAX_RELAY_SERVERS = 50;

/** Only what differs from the current settings: the PATCH body (empty when nothing changed). */
export function changedSettings<K extends keyof ServerSettings>(
  current: ServerSettings,
  values: Pick<ServerSettings, K>,
): Partial<ServerSettings> {
  const changes: Partial<ServerSettings> = {};
  for (const key of Object.keys(values) as K[]) {
    if (JSON.stringify(values[key]) !== JSON.stringify(current[key]))
      Object.assign(changes, { [key]: values[key] });
  }
  return changes;
}

/**
 * True when lowering a retention (log retention, offline devices) makes the next hourly purge delete
 * records that are kept now: from "forever" (0) to a number of days, or to fewer days.
 */
export function retentionDeletesRecords(current: number, next: number): boolean {
  return next > 0 && (current === 0 || next < current);
}

/** The base64 of a 32-byte public key, as hbbs writes it in id_ed25519.pub (empty is allowed: no key). */
export function isServerPublicKey(value: string): boolean {
  return /^[A-Za-z0-9+/]{43}=?$/.test(value.trim());
}

const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV4_PART = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${IPV4_PART}(?:\\.${IPV4_PART}){3}$`);

function isIpv6(value: string): boolean {
  // The browser's URL parser knows every IPv6 notation; a host it accepts in brackets is one.
  if (!value.includes(':') || /[^0-9A-Fa-f:.]/.test(value)) return false;
  try {
    new URL(`http://[${value}]/`);
    return true;
  } catch {
    return false;
  }
}

/** A relay server as the server accepts it: a DNS name, IPv4 or IPv6 address ([…] before a port), and an optional port 1–65535. */
export function isHostAndPort(value: string): boolean {
  if (isIpv6(value)) return true;
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(value);
  if (!match) return false;
  const [, ipv6, host, port] = match;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
  if (ipv6 !== undefined) return isIpv6(ipv6);
  if (host === undefined || host.length > 253) return false;
  const labels = host.split('.');
  // All-numeric names are meant as IPv4 addresses and must be valid ones.
  if (labels.every((label) => /^\d+$/.test(label))) return IPV4.test(host);
  return labels.every((label) => DNS_LABEL.test(label));
}

/** The relay list to send: trimmed, blank rows dropped. */
export function relayServersOf(rows: (string | undefined)[]): string[] {
  return rows.map((row) => (row ?? '').trim()).filter((row) => row !== '');
}
