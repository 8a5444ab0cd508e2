import { describe, expect, it } from 'vitest';
import { isHostAndPort as serverAccepts } from '../../../../src/domain/settings/host';
import {
  MAX_RELAY_SERVERS as SERVER_MAX_RELAYS,
  SETTING_RANGES,
} from '../../../../src/domain/settings/service';
import {
  changedSettings,
  isConsoleUrl,
  isHostAndPort,
  isServerPublicKey,
  MAX_RELAY_SERVERS,
  NUMBER_SETTINGS,
  relayServersOf,
  retentionDeletesRecords,
  type ServerSettings,
  smtpChangesOf,
} from './server-settings';

const CURRENT: ServerSettings = {
  relay_servers: ['relay.example.com'],
  server_public_key: '',
  only_admin_can_access_logs: false,
  log_retention_days: 0,
  disable_accessible_devices: false,
  allow_non_admin_share_address_books: false,
  allow_sso_local_password: false,
  require_deployment: false,
  disable_new_devices: false,
  only_admin_can_access_unassigned_devices: false,
  max_peer_one_ab: 0,
  min_password_length: 8,
  console_url: '',
  invite_link_days: 7,
  delete_devices_offline_days: 0,
  server_public_key_source: 'settings',
  relay_servers_source: 'settings',
  smtp: {
    source: 'settings',
    host: 'smtp.gmail.com',
    port: 587,
    security: 'starttls',
    auth: true,
    username: 'me@gmail.com',
    from: 'me@gmail.com',
    timeout_seconds: 30,
    ca_file: '',
    password_set: true,
  },
};

describe('the relay server check', () => {
  const accepted = [
    'relay.example.com',
    'relay.example.com:21117',
    'relay',
    'r-1.example',
    '203.0.113.5',
    '203.0.113.5:1',
    '203.0.113.5:65535',
    '::1',
    '2001:db8::17',
    '[2001:db8::17]:21117',
    '::ffff:192.0.2.1',
  ];
  const refused = [
    '',
    ' relay.example.com',
    'http://relay.example.com',
    'relay.example.com:0',
    'relay.example.com:65536',
    'relay.example.com:',
    'relay..example.com',
    '-relay.example.com',
    'relay_1.example.com',
    '256.1.1.1',
    '1.2.3',
    '01.2.3.4',
    '[2001:db8::17',
    '[relay.example.com]:21117',
    '2001:db8::17:21117:x',
    `${'a'.repeat(64)}.example.com`,
    'relay.example.com/path',
  ];

  it.each(accepted)('accepts %s, as the server does', (value) => {
    expect(isHostAndPort(value)).toBe(true);
    expect(serverAccepts(value)).toBe(true);
  });

  it.each(refused)('refuses "%s", as the server does', (value) => {
    expect(isHostAndPort(value)).toBe(false);
    expect(serverAccepts(value)).toBe(false);
  });

  it('sends the rows trimmed, without blank ones', () => {
    expect(relayServersOf([' a.example ', '', undefined, '  ', 'b.example:21117'])).toEqual([
      'a.example',
      'b.example:21117',
    ]);
  });
});

describe('the server key check', () => {
  it('accepts the base64 of 32 bytes, with or without padding, and nothing else', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(isServerPublicKey(key)).toBe(true);
    expect(isServerPublicKey(key.replace(/=$/, ''))).toBe(true);
    expect(isServerPublicKey(` ${key} `)).toBe(true);
    expect(isServerPublicKey(Buffer.alloc(31, 7).toString('base64'))).toBe(false);
    expect(isServerPublicKey(Buffer.alloc(33, 7).toString('base64'))).toBe(false);
    expect(isServerPublicKey(key.replace(/^./, '-'))).toBe(false);
  });
});

describe('the limits', () => {
  it('are the server’s', () => {
    expect(MAX_RELAY_SERVERS).toBe(SERVER_MAX_RELAYS);
    // Every numeric setting of the server is in the form, with the server's bounds.
    expect(Object.keys(NUMBER_SETTINGS).sort()).toEqual(Object.keys(SETTING_RANGES).sort());
    for (const key of Object.keys(SETTING_RANGES) as Array<keyof typeof SETTING_RANGES>) {
      expect(NUMBER_SETTINGS[key], key).toEqual({
        min: SETTING_RANGES[key].minimum,
        max: SETTING_RANGES[key].maximum,
      });
    }
  });
});

describe('the console URL check', () => {
  it('accepts what the server accepts', () => {
    for (const good of ['', 'https://rustdesk.example.com', 'http://10.0.0.5:21114/console/']) {
      expect(isConsoleUrl(good), good).toBe(true);
    }
    for (const bad of [
      'ftp://x.example.com',
      'rustdesk.example.com',
      'https://x.example.com/?a=1',
      'https://u:p@x.example.com',
    ]) {
      expect(isConsoleUrl(bad), bad).toBe(false);
    }
  });
});

describe('changedSettings', () => {
  it('keeps only what differs, lists compared by content', () => {
    expect(
      changedSettings(CURRENT, {
        disable_new_devices: true,
        require_deployment: false,
        log_retention_days: 30,
        relay_servers: ['relay.example.com'],
      }),
    ).toEqual({ disable_new_devices: true, log_retention_days: 30 });
    expect(changedSettings(CURRENT, { relay_servers: ['relay.example.com', 'b.example'] })).toEqual({
      relay_servers: ['relay.example.com', 'b.example'],
    });
  });

  it('is empty when nothing changed', () => {
    expect(changedSettings(CURRENT, { max_peer_one_ab: 0, only_admin_can_access_logs: false })).toEqual({});
  });
});

describe('retentionDeletesRecords', () => {
  it('is true when records kept now would be purged', () => {
    expect(retentionDeletesRecords(0, 30)).toBe(true);
    expect(retentionDeletesRecords(90, 30)).toBe(true);
  });

  it('is false when keeping as long or longer, or forever', () => {
    expect(retentionDeletesRecords(30, 30)).toBe(false);
    expect(retentionDeletesRecords(30, 90)).toBe(false);
    expect(retentionDeletesRecords(30, 0)).toBe(false);
    expect(retentionDeletesRecords(0, 0)).toBe(false);
  });
});

describe('the SMTP changes the form sends', () => {
  const { source: _, password_set: __, ...fields } = CURRENT.smtp;
  const form = { ...fields, password: '' };

  it('sends only what differs, trimmed, and no password unless one is typed', () => {
    expect(smtpChangesOf(CURRENT.smtp, form)).toEqual({});
    expect(
      smtpChangesOf(CURRENT.smtp, { ...form, host: ' smtp.office365.com ', timeout_seconds: 10 }),
    ).toEqual({
      host: 'smtp.office365.com',
      timeout_seconds: 10,
    });
    expect(smtpChangesOf(CURRENT.smtp, { ...form, password: ' p w ' })).toEqual({ password: ' p w ' });
  });

  it('clears the stored password when authentication is switched off', () => {
    expect(smtpChangesOf(CURRENT.smtp, { ...form, auth: false, password: 'typed' })).toEqual({
      auth: false,
      password: '',
    });
  });
});
