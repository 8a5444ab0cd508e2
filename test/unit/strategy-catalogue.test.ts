import { describe, expect, it } from 'vitest';
import {
  clientBoolSemantics,
  OPTION_BY_KEY,
  OPTION_CATALOGUE,
  validateOptions,
} from '../../src/domain/strategies/catalogue.js';

/** The client's KEYS_SETTINGS, as client-api.md §6 lists them. */
const KEYS_SETTINGS = `access-mode enable-keyboard enable-clipboard enable-file-transfer enable-camera
enable-terminal enable-remote-printer enable-audio enable-tunnel enable-remote-restart enable-record-session
enable-block-input enable-privacy-mode allow-scope-violation-close allow-scope-violation-alarm
allow-remote-config-modification allow-numeric-one-time-password enable-lan-discovery direct-server
direct-access-port whitelist id-whitelist allow-auto-disconnect auto-disconnect-timeout
allow-only-conn-window-open allow-auto-record-incoming windows-service-video-save-directory enable-abr
allow-remove-wallpaper allow-always-software-render enable-hwcodec approve-mode verification-method
temporary-password-length proxy-url proxy-username proxy-password custom-rendezvous-server api-server key
allow-websocket preset-address-book-name preset-address-book-tag preset-address-book-alias
preset-address-book-password preset-address-book-note preset-device-username preset-device-name preset-note
enable-directx-capture enable-android-software-encoding-half-scale enable-trusted-devices relay-server
ice-servers disable-udp allow-insecure-tls-fallback keep-awake-during-incoming-sessions allow-auto-update`
  .split(/\s+/)
  .filter(Boolean);

/** A sample of the keys features.md §12 names beyond KEYS_SETTINGS, one or more from each of its groups. */
const CONSOLE_KEYS = [
  'theme',
  'lang',
  'allow-auto-record-outgoing',
  'video-save-directory',
  'enable-udp-punch',
  'view-only',
  'image-quality',
  'codec-preference',
  'trackpad-speed',
  'preset-user-name',
  'preset-strategy-name',
  'preset-device-group-name',
  'hide-tray',
  'keep-screen-on',
  'floating-window-size',
  'one-way-file-transfer',
  'disable-unlock-pin',
  'allow-command-line-settings-when-settings-disabled',
];

describe('the strategy option catalogue', () => {
  it('covers every key of KEYS_SETTINGS and the console keys of features.md §12, each once', () => {
    const keys = OPTION_CATALOGUE.map((option) => option.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of [...KEYS_SETTINGS, ...CONSOLE_KEYS]) expect(keys, key).toContain(key);
    for (const key of KEYS_SETTINGS) expect(OPTION_BY_KEY.get(key)?.store, key).toBe('settings');
  });

  it('leaves out stop-service, which would stop the heartbeat that could undo it', () => {
    expect(OPTION_BY_KEY.has('stop-service')).toBe(false);
  });

  it('describes every option in one line, with a default that is itself valid', () => {
    for (const option of OPTION_CATALOGUE) {
      expect(option.description.length, option.key).toBeGreaterThan(5);
      expect(option.description, option.key).not.toContain('\n');
      expect(['security', 'permissions', 'network', 'display', 'other']).toContain(option.section);
      expect(validateOptions({ [option.key]: option.default }), option.key).toBeNull();
    }
  });

  it('follows the client: enable-* on unless "N", allow-* and direct-server on only when "Y"', () => {
    expect(clientBoolSemantics('enable-clipboard')).toBe('unless-N');
    expect(clientBoolSemantics('allow-auto-disconnect')).toBe('only-Y');
    expect(clientBoolSemantics('direct-server')).toBe('only-Y');
    expect(clientBoolSemantics('stop-service')).toBe('only-Y');
    expect(clientBoolSemantics('force-always-relay')).toBe('only-Y');
    expect(clientBoolSemantics('keep-awake-during-incoming-sessions')).toBe('unless-N');
    expect(OPTION_BY_KEY.get('enable-audio')).toMatchObject({ kind: 'bool', on: 'unless-N', default: 'Y' });
    expect(OPTION_BY_KEY.get('allow-remote-config-modification')).toMatchObject({
      kind: 'bool',
      on: 'only-Y',
      default: 'N',
    });
    expect(OPTION_BY_KEY.get('direct-server')).toMatchObject({ on: 'only-Y', default: 'N' });
    // Read as == "Y" by the client although the generic rule would say otherwise.
    expect(OPTION_BY_KEY.get('disable-udp')).toMatchObject({ on: 'only-Y', default: 'N' });
    expect(OPTION_BY_KEY.get('view-only')).toMatchObject({ on: 'only-Y', store: 'display' });
  });

  it('knows the enumerations', () => {
    expect(OPTION_BY_KEY.get('access-mode')).toMatchObject({
      kind: 'enum',
      values: ['custom', 'full', 'view'],
    });
    expect(OPTION_BY_KEY.get('approve-mode')).toMatchObject({
      values: ['password', 'click', 'password-click'],
    });
    expect(OPTION_BY_KEY.get('verification-method')).toMatchObject({
      values: ['use-temporary-password', 'use-permanent-password', 'use-both-passwords'],
    });
    expect(OPTION_BY_KEY.get('temporary-password-length')).toMatchObject({
      values: ['6', '8', '10'],
      default: '6',
    });
    expect(OPTION_BY_KEY.get('direct-access-port')).toMatchObject({ kind: 'number', min: 1, max: 65535 });
    expect(OPTION_BY_KEY.get('whitelist')).toMatchObject({ kind: 'text', section: 'security' });
    expect(OPTION_BY_KEY.get('custom-rendezvous-server')).toMatchObject({ kind: 'text', section: 'network' });
  });
});

describe('validateOptions', () => {
  it('accepts valid values of every kind, and "" everywhere (it reverts the key)', () => {
    expect(
      validateOptions({
        'enable-audio': 'N',
        'allow-auto-disconnect': 'Y',
        'access-mode': 'view',
        'temporary-password-length': '10',
        'auto-disconnect-timeout': '30',
        'direct-access-port': '65535',
        whitelist: '10.0.0.0/8,192.168.1.5',
        'proxy-url': '',
        'approve-mode': '',
      }),
    ).toBeNull();
    expect(validateOptions({})).toBeNull();
  });

  it.each([
    [{ 'no-such-option': 'Y' }, 'options.no-such-option is not a known client option'],
    [{ 'enable-audio': true }, 'options.enable-audio must be a string'],
    [{ 'enable-audio': 1 }, 'options.enable-audio must be a string'],
    [{ 'enable-audio': null }, 'options.enable-audio must be a string'],
    [{ 'enable-audio': 'yes' }, 'options.enable-audio must be "Y", "N" or "" (got "yes")'],
    [{ 'enable-audio': 'y' }, 'options.enable-audio must be "Y", "N" or "" (got "y")'],
    [
      { 'temporary-password-length': '7' },
      'options.temporary-password-length must be one of "6", "8", "10" or "" (got "7")',
    ],
    [
      { 'access-mode': 'FULL' },
      'options.access-mode must be one of "custom", "full", "view" or "" (got "FULL")',
    ],
    [
      { 'direct-access-port': '0' },
      'options.direct-access-port must be a whole number from 1 to 65535 (got "0")',
    ],
    [
      { 'direct-access-port': '65536' },
      'options.direct-access-port must be a whole number from 1 to 65535 (got "65536")',
    ],
    [
      { 'direct-access-port': '21118.5' },
      'options.direct-access-port must be a whole number from 1 to 65535 (got "21118.5")',
    ],
    [
      { 'auto-disconnect-timeout': '-5' },
      'options.auto-disconnect-timeout must be a whole number from 1 to 10080 (got "-5")',
    ],
    [{ whitelist: 'x'.repeat(4097) }, 'options.whitelist must be at most 4096 characters'],
  ])('%o → %s', (options, message) => {
    expect(validateOptions(options)?.message).toBe(message);
  });

  it('answers codes with the option and the value as parameters', () => {
    expect(validateOptions({ 'access-mode': 'FULL' })).toMatchObject({
      status: 400,
      code: 'option_not_listed',
      params: { field: 'options.access-mode', values: '"custom", "full", "view"', got: '"FULL"' },
    });
    expect(validateOptions({ 'direct-access-port': '0' })).toMatchObject({
      code: 'option_out_of_range',
      params: { field: 'options.direct-access-port', min: 1, max: 65535, got: '"0"' },
    });
    expect(validateOptions({ nope: 'Y' })).toMatchObject({
      code: 'option_unknown',
      params: { field: 'options.nope' },
    });
  });

  it('refuses what is not an object of options', () => {
    for (const value of [null, [], 'Y', 3, undefined]) {
      expect(validateOptions(value)?.message).toBe(
        'options must be an object of option keys to string values',
      );
    }
  });

  it('shortens a long bad value in the message', () => {
    expect(validateOptions({ 'enable-audio': 'z'.repeat(100) })?.message).toBe(
      `options.enable-audio must be "Y", "N" or "" (got "${'z'.repeat(40)}…")`,
    );
  });
});
