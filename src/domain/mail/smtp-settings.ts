import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { BadRequest } from '../../http/errors.js';
import { type SecretKey, seal, unseal } from '../../lib/secret-box.js';
import { isHostAndPort } from '../settings/host.js';

export const SMTP_SECURITY = ['none', 'starttls', 'tls'] as const;
/** none: plain (STARTTLS ignored); starttls: upgrade required; tls: implicit TLS from the first byte. */
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

/** How rdconsole reaches its SMTP server (Settings → SMTP, or --smtp-url). */
export interface SmtpSettings {
  /** Empty: no mail is sent. */
  host: string;
  port: number;
  security: SmtpSecurity;
  auth: boolean;
  username: string;
  /** Kept as given (the SMTP server needs it back); never presented or logged. */
  password: string;
  from: string;
  timeout_seconds: number;
  /** A PEM file of extra trusted CAs, read from disk at each connection; empty for the system's CAs. */
  ca_file: string;
}

export type SmtpSource = 'settings' | 'environment';

export const DEFAULT_SMTP: SmtpSettings = {
  host: '',
  port: 587,
  security: 'starttls',
  auth: true,
  username: '',
  password: '',
  from: '',
  timeout_seconds: 30,
  ca_file: '',
};

export const SMTP_RANGES = {
  port: { minimum: 1, maximum: 65535 },
  timeout_seconds: { minimum: 1, maximum: 300 },
} as const;
export const SMTP_TEXT_MAX = 256;
export const SMTP_PATH_MAX = 1024;

/** The fields that say where and as whom the password goes: changing one needs the password again. */
const PASSWORD_BOUND_FIELDS = ['host', 'port', 'security', 'username'] as const;

const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+$/;

/** "admin@example.com" or "RustDesk <admin@example.com>". */
export function isMailbox(value: string): boolean {
  const named = /^[^<>\r\n"]*<([^<>]+)>$/.exec(value);
  return ADDRESS.test(named?.[1] ?? value);
}

/** A bare e-mail address (a recipient). */
export function isAddress(value: string): boolean {
  return ADDRESS.test(value) && value.length <= 254;
}

/** A DNS name or an IP address, without a port. */
function isHostName(value: string): boolean {
  return isIP(value) !== 0 || (isHostAndPort(value) && !value.includes(':'));
}

/** Reads the custom CA file; BadRequest saying why it cannot be used. */
export function readCaFile(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new BadRequest('smtp_ca_file_unreadable', { file, reason: code });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new BadRequest('smtp_ca_file_not_pem', { file });
  }
  return pem;
}

function text(key: string, value: unknown, maxLength: number, trim = true): string {
  const field = `smtp.${key}`;
  if (typeof value !== 'string') throw new BadRequest('field_not_string', { field });
  if (value.length > maxLength) throw new BadRequest('field_too_long', { field, max: maxLength });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new BadRequest('field_control_characters', { field });
  return trim ? value.trim() : value;
}

function whole(key: keyof typeof SMTP_RANGES, value: unknown): number {
  const { minimum, maximum } = SMTP_RANGES[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum || value > maximum) {
    throw new BadRequest('field_not_whole_number', { field: `smtp.${key}`, min: minimum, max: maximum });
  }
  return value;
}

function checkField<K extends keyof SmtpSettings>(key: K, value: unknown): SmtpSettings[K];
function checkField(key: keyof SmtpSettings, value: unknown): SmtpSettings[keyof SmtpSettings] {
  switch (key) {
    case 'host': {
      const host = text(key, value, 253);
      if (host !== '' && !isHostName(host)) throw new BadRequest('smtp_host_invalid');
      return host;
    }
    case 'port':
    case 'timeout_seconds':
      return whole(key, value);
    case 'security': {
      const security = SMTP_SECURITY.find((s) => s === value);
      if (!security) {
        throw new BadRequest('field_one_of', { field: 'smtp.security', values: SMTP_SECURITY });
      }
      return security;
    }
    case 'auth':
      if (typeof value !== 'boolean') {
        throw new BadRequest('field_not_boolean', { field: 'smtp.auth' });
      }
      return value;
    case 'username':
      return text(key, value, SMTP_TEXT_MAX);
    case 'password':
      return text(key, value, SMTP_TEXT_MAX, false);
    case 'from': {
      const from = text(key, value, SMTP_TEXT_MAX);
      if (from !== '' && !isMailbox(from)) {
        throw new BadRequest('smtp_from_invalid');
      }
      return from;
    }
    case 'ca_file': {
      const file = text(key, value, SMTP_PATH_MAX);
      if (file === '') return file;
      if (!path.isAbsolute(file)) throw new BadRequest('smtp_ca_file_not_absolute');
      readCaFile(file);
      return file;
    }
  }
}

/**
 * Applies changes (some fields of SmtpSettings, as a client sent them) to the current SMTP settings and
 * checks the result. A password not given is kept, unless the host, port, security or account changes:
 * the stored password is only ever sent where it was saved for. Throws BadRequest naming `smtp.<field>`.
 */
export function mergeSmtpChanges(current: SmtpSettings, input: unknown): SmtpSettings {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new BadRequest('smtp_not_object');
  }
  const merged = { ...current };
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_SMTP)) throw new BadRequest('smtp_setting_unknown', { field: `smtp.${key}` });
    const field = key as keyof SmtpSettings;
    Object.assign(merged, { [field]: checkField(field, value) });
  }
  if (merged.host === '') return merged;
  if (merged.from === '') throw new BadRequest('smtp_required_to_send', { field: 'smtp.from' });
  if (!merged.auth) return merged;
  if (merged.username === '') {
    throw new BadRequest('smtp_required_with_auth', { field: 'smtp.username' });
  }
  const passwordGiven = 'password' in input && input.password !== undefined;
  const moved = PASSWORD_BOUND_FIELDS.some((key) => merged[key] !== current[key]);
  if (!passwordGiven && moved && current.password !== '') {
    throw new BadRequest('smtp_password_again');
  }
  if (merged.password === '') {
    throw new BadRequest('smtp_required_with_auth', { field: 'smtp.password' });
  }
  return merged;
}

/** What changed, for the console audit: values of the public fields, and only whether the password changed. */
export function describeSmtpChanges(before: SmtpSettings, after: SmtpSettings): string[] {
  return (Object.keys(DEFAULT_SMTP) as Array<keyof SmtpSettings>)
    .filter((key) => before[key] !== after[key])
    .map((key) =>
      key === 'password'
        ? `smtp.password ${after.password === '' ? 'cleared' : 'changed'}`
        : `smtp.${key} = ${JSON.stringify(after[key])}`,
    );
}

/** SMTP settings as the database keeps them: the password sealed with the server's secret key. */
export type StoredSmtp = Omit<SmtpSettings, 'password'> & { password_sealed: string };

export function sealSmtp(smtp: SmtpSettings, key: Buffer): StoredSmtp {
  const { password, ...fields } = smtp;
  return { ...fields, password_sealed: password === '' ? '' : seal(key, password) };
}

/**
 * The settings a stored value holds, fields added since read as their defaults. `plain` says the value
 * holds the password in clear, as releases before sealing stored it (the caller seals it then).
 * A password sealed with another key (secret.key replaced or lost) reads as none: Settings → SMTP then
 * shows no password set and asks for it, instead of sending the SMTP server something wrong.
 */
export function openSmtp(
  stored: Partial<StoredSmtp> & { password?: string },
  key: SecretKey,
): { smtp: SmtpSettings; plain: boolean } {
  const { password_sealed: sealed = '', password: plain = '', ...fields } = stored;
  let password = plain;
  if (sealed !== '') {
    try {
      password = unseal(key(), sealed);
    } catch {
      password = '';
    }
  }
  return { smtp: { ...DEFAULT_SMTP, ...fields, password }, plain: plain !== '' };
}

/** SMTP settings as the API shows them: never the password, only whether one is set. */
export function presentSmtp(smtp: SmtpSettings, source: SmtpSource) {
  const { password, ...shown } = smtp;
  return { source, ...shown, password_set: password !== '' };
}

/**
 * Reads `smtp://user:pass@host:587?starttls=true&from=admin@example.com` (`smtps://` for implicit TLS;
 * other parameters: `timeout` in seconds, `ca_file`). Throws BadRequest with a message that never holds
 * the password.
 */
export function parseSmtpUrl(raw: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BadRequest('smtp_url_invalid');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new BadRequest('smtp_url_scheme');
  }
  const params = Object.fromEntries(url.searchParams);
  const known = ['starttls', 'from', 'timeout', 'ca_file'];
  const unknown = Object.keys(params).find((key) => !known.includes(key));
  if (unknown !== undefined) throw new BadRequest('smtp_url_parameter', { name: unknown, known });
  if (params.starttls !== undefined && !['true', 'false'].includes(params.starttls)) {
    throw new BadRequest('field_not_boolean', { field: 'starttls' });
  }
  if (params.timeout !== undefined && !/^\d+$/.test(params.timeout)) {
    throw new BadRequest('smtp_url_timeout');
  }
  const implicitTls = url.protocol === 'smtps:';
  const starttls = params.starttls === 'true';
  if (implicitTls && starttls) throw new BadRequest('smtp_url_tls_and_starttls');
  const security: SmtpSecurity = implicitTls ? 'tls' : starttls ? 'starttls' : 'none';
  let username: string;
  let password: string;
  try {
    username = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  } catch {
    throw new BadRequest('smtp_url_encoding');
  }
  const defaultPort = implicitTls ? 465 : starttls ? 587 : 25;
  const settings = mergeSmtpChanges(DEFAULT_SMTP, {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? defaultPort : Number(url.port),
    security,
    auth: username !== '',
    username,
    password,
    from: params.from ?? '',
    ...(params.timeout !== undefined ? { timeout_seconds: Number(params.timeout) } : {}),
    ...(params.ca_file !== undefined ? { ca_file: params.ca_file } : {}),
  });
  if (settings.host === '') throw new BadRequest('smtp_url_no_host');
  return settings;
}
