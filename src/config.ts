import path from 'node:path';
import { parseSmtpUrl, type SmtpSettings } from './domain/mail/smtp-settings.js';
import { DEFAULT_RATE_LIMITS } from './domain/services.js';
import { readHbbsKey } from './domain/settings/hbbs-key-file.js';
import { isHostAndPort } from './domain/settings/host.js';
import { MAX_RELAY_SERVERS } from './domain/settings/service.js';

/** The validated settings of one `rdconsole serve` process. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** `undefined` means the embedded SQLite database in `dataDir`. */
  databaseUrl: string | undefined;
  logLevel: LogLevel;
  /** One log line per request (heartbeats at debug); otherwise only slow and failed ones, and a summary. */
  accessLog: boolean;
  /** Requests taking this many milliseconds or more are logged as warnings (0: never). */
  slowRequestMs: number;
  /** Days without use after which a login session (client or console) expires. */
  sessionTtlDays: number;
  /** Fastify's `trustProxy`: false, true, or the proxies' addresses/CIDRs. */
  trustProxy: boolean | string[];
  /** Devices one client address may register per hour (0: no limit). */
  newDevicesPerHour: number;
  /** Audit records (connection, file, alarm) one client address may post per minute (0: no limit). */
  auditsPerMinute: number;
  /** SMTP from --smtp-url, in force instead of Settings → SMTP; `undefined` uses the stored settings. */
  smtp: SmtpSettings | undefined;
  /** The file of the key that seals TOTP secrets; `undefined` means secret.key in `dataDir`. */
  secretKeyFile: string | undefined;
  /** hbbs's id_ed25519.pub, checked at start: the server key in force; `undefined`: Settings → Key. */
  hbbsKeyFile: string | undefined;
  /** The relay servers in force; `undefined`: Settings → Relay. */
  relayServers: string[] | undefined;
}

/** Requests this slow are logged as warnings, unless --slow-request-ms says otherwise. */
export const DEFAULT_SLOW_REQUEST_MS = 1_000;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {}

/** One option: its flag, its environment variable, its default and how to read it. */
interface OptionSpec<T> {
  flag: string;
  env: string;
  description: string;
  defaultText: string;
  parse: (raw: string | undefined) => T;
  /** A switch: the flag alone turns it on (`--access-log`); the environment says true or false. */
  switch?: true;
}

function integer(flag: string, min: number, max: number, fallback: number) {
  return (raw: string | undefined): number => {
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      throw new ConfigError(`--${flag} must be an integer from ${min} to ${max}, got "${raw}"`);
    }
    return Number(raw);
  };
}

function boolean(flag: string) {
  return (raw: string | undefined): boolean => {
    if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
    if (raw === 'true' || raw === '1') return true;
    throw new ConfigError(`--${flag} must be true or false, got "${raw}"`);
  };
}

export const SERVE_OPTIONS = {
  port: {
    flag: 'port',
    env: 'RDCONSOLE_PORT',
    description: 'TCP port of the API and console',
    defaultText: '21114',
    parse: integer('port', 1, 65535, 21114),
  },
  host: {
    flag: 'host',
    env: 'RDCONSOLE_HOST',
    description: 'address to listen on',
    defaultText: '0.0.0.0',
    parse: (raw) => {
      if (raw === undefined || raw === '') return '0.0.0.0';
      if (/\s/.test(raw)) throw new ConfigError(`--host must be an address or host name, got "${raw}"`);
      return raw;
    },
  },
  dataDir: {
    flag: 'data-dir',
    env: 'RDCONSOLE_DATA_DIR',
    description: 'folder for the SQLite database and other state',
    defaultText: './data',
    parse: (raw) => path.resolve(raw === undefined || raw === '' ? './data' : raw),
  },
  databaseUrl: {
    flag: 'database-url',
    env: 'DATABASE_URL',
    description: 'postgres://user:pass@host:5432/db to use PostgreSQL instead of SQLite',
    defaultText: 'unset: SQLite in the data folder',
    parse: (raw) => {
      if (raw === undefined || raw === '') return undefined;
      if (!/^postgres(ql)?:\/\/./.test(raw)) {
        throw new ConfigError('--database-url must start with postgres:// or postgresql://');
      }
      try {
        new URL(raw);
      } catch {
        throw new ConfigError('--database-url is not a valid URL');
      }
      return raw;
    },
  },
  logLevel: {
    flag: 'log-level',
    env: 'RDCONSOLE_LOG_LEVEL',
    description: `one of ${LOG_LEVELS.join(', ')}`,
    defaultText: 'info',
    parse: (raw) => {
      if (raw === undefined || raw === '') return 'info';
      const level = LOG_LEVELS.find((l) => l === raw);
      if (!level) throw new ConfigError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
      return level;
    },
  },
  accessLog: {
    flag: 'access-log',
    env: 'RDCONSOLE_ACCESS_LOG',
    description: 'log every request at info (heartbeats at debug); RDCONSOLE_ACCESS_LOG=true',
    defaultText: 'off: slow and failed requests and a summary every 5 minutes',
    switch: true,
    parse: boolean('access-log'),
  },
  slowRequestMs: {
    flag: 'slow-request-ms',
    env: 'RDCONSOLE_SLOW_REQUEST_MS',
    description: 'log requests that take this many milliseconds or more as warnings (0: never)',
    defaultText: String(DEFAULT_SLOW_REQUEST_MS),
    parse: integer('slow-request-ms', 0, 3_600_000, DEFAULT_SLOW_REQUEST_MS),
  },
  sessionTtlDays: {
    flag: 'session-ttl-days',
    env: 'RDCONSOLE_SESSION_TTL_DAYS',
    description: 'days of inactivity after which a login session expires',
    defaultText: '30',
    parse: integer('session-ttl-days', 1, 3650, 30),
  },
  trustProxy: {
    flag: 'trust-proxy',
    env: 'RDCONSOLE_TRUST_PROXY',
    description: 'behind a reverse proxy: "true", or its comma-separated addresses/CIDRs',
    defaultText: 'false',
    parse: (raw) => {
      if (raw === undefined || raw === '' || raw === 'false') return false;
      if (raw === 'true') return true;
      return raw.split(',').map((s) => s.trim());
    },
  },
  newDevicesPerHour: {
    flag: 'new-devices-per-hour',
    env: 'RDCONSOLE_NEW_DEVICES_PER_HOUR',
    description: 'new devices one client address may register per hour (0: no limit)',
    defaultText: String(DEFAULT_RATE_LIMITS.newDevicesPerHour),
    parse: integer('new-devices-per-hour', 0, 1_000_000, DEFAULT_RATE_LIMITS.newDevicesPerHour),
  },
  auditsPerMinute: {
    flag: 'audits-per-minute',
    env: 'RDCONSOLE_AUDITS_PER_MINUTE',
    description: 'audit records one client address may post per minute (0: no limit)',
    defaultText: String(DEFAULT_RATE_LIMITS.auditsPerMinute),
    parse: integer('audits-per-minute', 0, 1_000_000, DEFAULT_RATE_LIMITS.auditsPerMinute),
  },
  smtp: {
    flag: 'smtp-url',
    env: 'RDCONSOLE_SMTP_URL',
    description:
      'SMTP server instead of Settings → SMTP: smtp://user:pass@host:587?starttls=true&from=admin@example.com (smtps:// = TLS)',
    defaultText: 'unset: Settings → SMTP',
    parse: (raw) => {
      if (raw === undefined || raw === '') return undefined;
      try {
        return parseSmtpUrl(raw);
      } catch (error) {
        // The messages of parseSmtpUrl never repeat the URL, which may hold a password.
        throw new ConfigError(`--smtp-url: ${(error as Error).message}`);
      }
    },
  },
  secretKeyFile: {
    flag: 'secret-key-file',
    env: 'RDCONSOLE_SECRET_KEY_FILE',
    description:
      'file of the key (base64, 32 bytes) that encrypts TOTP secrets and stored passwords; created 0600 if missing. Keep it, and back it up apart from the database',
    defaultText: 'secret.key in the data folder',
    parse: (raw) => (raw === undefined || raw === '' ? undefined : path.resolve(raw)),
  },
  hbbsKeyFile: {
    flag: 'hbbs-key-file',
    env: 'RDCONSOLE_HBBS_KEY_FILE',
    description:
      "hbbs's public key file (id_ed25519.pub): the server key of the console and client configs, read again when it changes",
    defaultText: 'unset: Settings → Key',
    parse: (raw) => {
      if (raw === undefined || raw === '') return undefined;
      const file = path.resolve(raw);
      try {
        readHbbsKey(file);
      } catch (error) {
        throw new ConfigError(`--hbbs-key-file: ${(error as Error).message}`);
      }
      return file;
    },
  },
  relayServers: {
    flag: 'relay-servers',
    env: 'RDCONSOLE_RELAY_SERVERS',
    description: 'relay servers given to clients, host[:port] comma-separated (what hbbs gets with -r)',
    defaultText: 'unset: Settings → Relay',
    parse: (raw) => {
      if (raw === undefined || raw.trim() === '') return undefined;
      const servers = raw.split(',').map((server) => server.trim());
      const wrong = servers.find((server) => !isHostAndPort(server));
      if (wrong !== undefined) {
        throw new ConfigError(`--relay-servers must be host[:port] separated by commas, got "${wrong}"`);
      }
      if (new Set(servers).size !== servers.length || servers.length > MAX_RELAY_SERVERS) {
        throw new ConfigError(`--relay-servers must list at most ${MAX_RELAY_SERVERS} servers, each once`);
      }
      return servers;
    },
  },
} satisfies { [K in keyof Config]: OptionSpec<Config[K]> };

/** Where the key of `config` is: --secret-key-file, or secret.key in the data folder. */
export function secretKeyFileOf(config: Pick<Config, 'dataDir' | 'secretKeyFile'>): string {
  return config.secretKeyFile ?? path.join(config.dataDir, 'secret.key');
}

/**
 * Builds the configuration from parsed flags (winning) and the environment; a switch given as a flag
 * is `true`. Throws ConfigError with a one-line message on any invalid value.
 */
export function loadConfig(
  flags: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
): Config {
  const read = <K extends keyof Config>(key: K): Config[K] => {
    const spec = SERVE_OPTIONS[key] as OptionSpec<Config[K]>;
    const flag = flags[spec.flag];
    return spec.parse(typeof flag === 'boolean' ? String(flag) : (flag ?? env[spec.env]));
  };
  return {
    port: read('port'),
    host: read('host'),
    dataDir: read('dataDir'),
    databaseUrl: read('databaseUrl'),
    logLevel: read('logLevel'),
    accessLog: read('accessLog'),
    slowRequestMs: read('slowRequestMs'),
    sessionTtlDays: read('sessionTtlDays'),
    trustProxy: read('trustProxy'),
    newDevicesPerHour: read('newDevicesPerHour'),
    auditsPerMinute: read('auditsPerMinute'),
    smtp: read('smtp'),
    secretKeyFile: read('secretKeyFile'),
    hbbsKeyFile: read('hbbsKeyFile'),
    relayServers: read('relayServers'),
  };
}
