import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({}, {})).toEqual({
      port: 21114,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      logLevel: 'info',
      accessLog: false,
      slowRequestMs: 1000,
      sessionTtlDays: 30,
      trustProxy: false,
      newDevicesPerHour: 1000,
      auditsPerMinute: 600,
      smtp: undefined,
    });
  });

  it('reads the environment, and flags win over it', () => {
    const env = {
      RDCONSOLE_PORT: '21200',
      RDCONSOLE_HOST: '127.0.0.1',
      RDCONSOLE_DATA_DIR: '/tmp/x',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/rd',
      RDCONSOLE_LOG_LEVEL: 'warn',
      RDCONSOLE_ACCESS_LOG: 'true',
      RDCONSOLE_SLOW_REQUEST_MS: '250',
      RDCONSOLE_SESSION_TTL_DAYS: '7',
      RDCONSOLE_TRUST_PROXY: '10.0.0.1, 10.0.0.0/8',
      RDCONSOLE_NEW_DEVICES_PER_HOUR: '50',
      RDCONSOLE_AUDITS_PER_MINUTE: '0',
    };
    expect(loadConfig({}, env)).toEqual({
      port: 21200,
      host: '127.0.0.1',
      dataDir: '/tmp/x',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/rd',
      logLevel: 'warn',
      accessLog: true,
      slowRequestMs: 250,
      sessionTtlDays: 7,
      trustProxy: ['10.0.0.1', '10.0.0.0/8'],
      newDevicesPerHour: 50,
      auditsPerMinute: 0,
      smtp: undefined,
    });
    expect(
      loadConfig(
        { port: '21300', 'data-dir': '/tmp/y', 'new-devices-per-hour': '5', 'audits-per-minute': '7' },
        env,
      ),
    ).toMatchObject({ port: 21300, dataDir: '/tmp/y', newDevicesPerHour: 5, auditsPerMinute: 7 });
  });

  it('--access-log is a switch: the flag alone turns it on, the environment says true/false or 1/0', () => {
    expect(loadConfig({ 'access-log': true }, {}).accessLog).toBe(true);
    expect(loadConfig({ 'access-log': true }, { RDCONSOLE_ACCESS_LOG: 'false' }).accessLog).toBe(true);
    expect(loadConfig({}, { RDCONSOLE_ACCESS_LOG: '1' }).accessLog).toBe(true);
    expect(loadConfig({}, { RDCONSOLE_ACCESS_LOG: '0' }).accessLog).toBe(false);
    expect(loadConfig({}, { RDCONSOLE_ACCESS_LOG: 'false' }).accessLog).toBe(false);
    expect(() => loadConfig({}, { RDCONSOLE_ACCESS_LOG: 'on' })).toThrow(
      '--access-log must be true or false, got "on"',
    );
  });

  it('--slow-request-ms 0 turns the slow-request lines off', () => {
    expect(loadConfig({ 'slow-request-ms': '0' }, {}).slowRequestMs).toBe(0);
    expect(loadConfig({}, { RDCONSOLE_SLOW_REQUEST_MS: '3600000' }).slowRequestMs).toBe(3_600_000);
  });

  it.each([
    [{ port: '0' }, '--port must be an integer from 1 to 65535'],
    [{ port: '70000' }, '--port must be an integer from 1 to 65535'],
    [{ port: 'abc' }, '--port must be an integer from 1 to 65535'],
    [{ 'log-level': 'loud' }, '--log-level must be one of'],
    [{ 'database-url': 'mysql://x' }, '--database-url must start with postgres://'],
    [{ 'session-ttl-days': '0' }, '--session-ttl-days must be an integer'],
    [{ host: 'a b' }, '--host must be an address'],
    [{ 'new-devices-per-hour': '-1' }, '--new-devices-per-hour must be an integer from 0 to 1000000'],
    [{ 'audits-per-minute': 'many' }, '--audits-per-minute must be an integer from 0 to 1000000'],
    [{ 'slow-request-ms': '-5' }, '--slow-request-ms must be an integer from 0 to 3600000, got "-5"'],
    [{ 'slow-request-ms': '1s' }, '--slow-request-ms must be an integer from 0 to 3600000, got "1s"'],
    [{ 'access-log': 'yes' }, '--access-log must be true or false, got "yes"'],
    [{ 'smtp-url': 'http://mail.example.com' }, '--smtp-url: it must start with smtp:// or smtps://'],
    [{ 'smtp-url': 'smtp://' }, '--smtp-url: it names no host'],
    [{ 'smtp-url': 'not a url' }, '--smtp-url: it is not a valid URL'],
    [{ 'smtp-url': 'smtp://mail.example.com:587' }, '--smtp-url: smtp.from is required to send mail'],
    [{ 'smtp-url': 'smtp://u@mail.example.com?from=a@example.com' }, 'smtp.password is required'],
    [{ 'smtp-url': 'smtp://mail.example.com?from=nobody' }, 'smtp.from must be an e-mail address'],
    [{ 'smtp-url': 'smtp://mail.example.com?from=a@example.com&tls=1' }, 'unknown parameter tls'],
    [
      { 'smtp-url': 'smtp://mail.example.com?from=a@example.com&starttls=yes' },
      'starttls must be true or false',
    ],
    [{ 'smtp-url': 'smtps://mail.example.com?from=a@example.com&starttls=true' }, 'smtps:// is implicit TLS'],
    [{ 'smtp-url': 'smtp://mail.example.com?from=a@example.com&timeout=0' }, 'smtp.timeout_seconds must be'],
    [
      { 'smtp-url': 'smtp://mail.example.com?from=a@example.com&ca_file=/nonexistent.pem' },
      'cannot be read (ENOENT)',
    ],
  ])('rejects %o with one clear line', (flags, message) => {
    expect(() => loadConfig(flags, {})).toThrow(ConfigError);
    expect(() => loadConfig(flags, {})).toThrow(message);
  });
});

describe('--smtp-url', () => {
  it('reads host, port, STARTTLS, account, percent-encoded password and from', () => {
    const url =
      'smtp://me%40example.com:p%40ss%3Aw0rd@smtp.example.com:587?starttls=true&from=RustDesk%20%3Cadmin@example.com%3E&timeout=10';
    expect(loadConfig({ 'smtp-url': url }, {}).smtp).toEqual({
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      auth: true,
      username: 'me@example.com',
      password: 'p@ss:w0rd',
      from: 'RustDesk <admin@example.com>',
      timeout_seconds: 10,
      ca_file: '',
    });
  });

  it('defaults the port by scheme: smtps:// is implicit TLS on 465, plain smtp:// is 25 without login', () => {
    expect(
      loadConfig({}, { RDCONSOLE_SMTP_URL: 'smtps://u:p@mail.example.com?from=a@example.com' }).smtp,
    ).toMatchObject({
      port: 465,
      security: 'tls',
      auth: true,
    });
    expect(loadConfig({ 'smtp-url': 'smtp://[::1]?from=a@example.com' }, {}).smtp).toMatchObject({
      host: '::1',
      port: 25,
      security: 'none',
      auth: false,
      password: '',
    });
  });

  it('never repeats the URL, which may hold a password, in its error', () => {
    expect(() => loadConfig({ 'smtp-url': 'smtp://u:s3cret@mail.example.com?bad=1' }, {})).toThrow(
      /^--smtp-url: unknown parameter bad/,
    );
    try {
      loadConfig({ 'smtp-url': 'smtp://u:s3cret@bad host?from=a@example.com' }, {});
    } catch (error) {
      expect((error as Error).message).not.toContain('s3cret');
    }
  });
});

describe('--hbbs-key-file', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-config-'));
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const where = path.join(folder, name);
    fs.writeFileSync(where, text);
    return where;
  };

  it("takes hbbs's id_ed25519.pub, with or without a newline, as an absolute path", () => {
    const key = 'OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=';
    const plain = file('id_ed25519.pub', key);
    expect(loadConfig({ 'hbbs-key-file': plain }, {}).hbbsKeyFile).toBe(plain);
    const withNewline = file('newline.pub', `${key}\n`);
    expect(loadConfig({}, { RDCONSOLE_HBBS_KEY_FILE: withNewline }).hbbsKeyFile).toBe(withNewline);
    const relative = path.relative(process.cwd(), plain);
    expect(loadConfig({ 'hbbs-key-file': relative }, {}).hbbsKeyFile).toBe(plain);
    expect(loadConfig({}, {}).hbbsKeyFile).toBeUndefined();
  });

  it.each([
    [
      'a missing file',
      () => path.join(folder, 'missing.pub'),
      /cannot read .*missing\.pub \(ENOENT\); hbbs writes it/,
    ],
    ['a folder', () => folder, /cannot read .* \(EISDIR\)/],
    [
      'the private key',
      () => file('id_ed25519', 'A'.repeat(88)),
      /does not hold the base64 of a 32-byte public key/,
    ],
    [
      'text that is not base64',
      () => file('text.pub', 'not a key at all, just some words here....'),
      /does not hold/,
    ],
    ['an empty file', () => file('empty.pub', ''), /does not hold/],
  ])('refuses %s with one clear line', (_, where, message) => {
    const flags = { 'hbbs-key-file': where() };
    expect(() => loadConfig(flags, {})).toThrow(ConfigError);
    expect(() => loadConfig(flags, {})).toThrow(/^--hbbs-key-file: /);
    expect(() => loadConfig(flags, {})).toThrow(message);
  });
});

describe('--relay-servers', () => {
  it('reads a comma-separated list of host[:port]', () => {
    expect(loadConfig({ 'relay-servers': 'relay.example.com:21117, 10.0.0.5' }, {}).relayServers).toEqual([
      'relay.example.com:21117',
      '10.0.0.5',
    ]);
    expect(loadConfig({}, { RDCONSOLE_RELAY_SERVERS: '[2001:db8::1]:21117' }).relayServers).toEqual([
      '[2001:db8::1]:21117',
    ]);
    expect(loadConfig({}, { RDCONSOLE_RELAY_SERVERS: '' }).relayServers).toBeUndefined();
  });

  it.each([
    ['relay.example.com:99999', 'got "relay.example.com:99999"'],
    ['a b', 'got "a b"'],
    ['relay.example.com,', 'got ""'],
    ['r.example.com,r.example.com', 'each once'],
  ])('refuses %s', (raw, message) => {
    expect(() => loadConfig({ 'relay-servers': raw }, {})).toThrow(ConfigError);
    expect(() => loadConfig({ 'relay-servers': raw }, {})).toThrow(message);
  });
});
