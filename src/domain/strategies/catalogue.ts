import { BadRequest } from '../../http/errors.js';

/**
 * The client options a strategy may set: the RustDesk client's `KEYS_SETTINGS` (client-api.md §6) and the
 * keys the Server Pro strategy editor names (features.md §12). Values are always strings; "" in a
 * strategy makes the client drop the key and fall back to its own default.
 *
 * `store` says where the client keeps a key. A strategy push writes the client's main options map, so
 * only keys of the "settings" store are sure to take effect; the others (display defaults, local UI
 * settings, custom-client built-ins) are listed because the console offers them, and the editor can say so.
 *
 * `stop-service` is deliberately absent: it pauses the service, and with it the heartbeat that could
 * ever push the value back.
 */

export type OptionSection = 'security' | 'permissions' | 'network' | 'display' | 'other';
export type OptionStore = 'settings' | 'display' | 'local' | 'builtin';

interface OptionBase {
  key: string;
  section: OptionSection;
  store: OptionStore;
  /** One line for the console editor. */
  description: string;
  /** What the client does when the key is absent. */
  default: string;
}

export type OptionDefinition =
  | (OptionBase & {
      kind: 'bool';
      /** How the client reads the value: on unless "N", or on only when "Y". */
      on: 'unless-N' | 'only-Y';
    })
  | (OptionBase & {
      kind: 'enum';
      values: string[];
      /** A name for each value, for the console (which translates it). */
      labels: Record<string, string>;
    })
  | (OptionBase & { kind: 'text'; maxLength: number })
  | (OptionBase & { kind: 'number'; min: number; max: number });

const MAX_TEXT = 4096;

/**
 * The client's `option2bool`: `enable-*` is on unless "N"; `allow-*`, `stop-service`, `direct-server`
 * and `force-always-relay` are on only when "Y"; any other key is on unless "N".
 */
export function clientBoolSemantics(key: string): 'unless-N' | 'only-Y' {
  if (key.startsWith('enable-')) return 'unless-N';
  if (
    key.startsWith('allow-') ||
    key === 'stop-service' ||
    key === 'direct-server' ||
    key === 'force-always-relay'
  ) {
    return 'only-Y';
  }
  return 'unless-N';
}

/**
 * Keys outside the main options map are read by the client as `== "Y"` (display defaults, custom-client
 * switches), unless their name says `enable-`.
 */
function semanticsIn(store: OptionStore, key: string): 'unless-N' | 'only-Y' {
  if (store === 'settings' || key.startsWith('enable-')) return clientBoolSemantics(key);
  return 'only-Y';
}

function bool(
  key: string,
  section: OptionSection,
  description: string,
  store: OptionStore = 'settings',
  on: 'unless-N' | 'only-Y' = semanticsIn(store, key),
): OptionDefinition {
  return { key, section, store, description, kind: 'bool', on, default: on === 'unless-N' ? 'Y' : 'N' };
}

/** `values`: each value with its name. */
function choice(
  key: string,
  section: OptionSection,
  values: ReadonlyArray<readonly [value: string, label: string]>,
  defaultValue: string,
  description: string,
  store: OptionStore = 'settings',
): OptionDefinition {
  return {
    key,
    section,
    store,
    description,
    kind: 'enum',
    values: values.map(([value]) => value),
    labels: Object.fromEntries(values),
    default: defaultValue,
  };
}

function text(
  key: string,
  section: OptionSection,
  description: string,
  store: OptionStore = 'settings',
): OptionDefinition {
  return { key, section, store, description, kind: 'text', maxLength: MAX_TEXT, default: '' };
}

function number(
  key: string,
  section: OptionSection,
  range: [number, number],
  defaultValue: string,
  description: string,
  store: OptionStore = 'settings',
): OptionDefinition {
  const [min, max] = range;
  return { key, section, store, description, kind: 'number', min, max, default: defaultValue };
}

export const OPTION_CATALOGUE: readonly OptionDefinition[] = [
  // Permissions of incoming sessions.
  choice(
    'access-mode',
    'permissions',
    [
      ['custom', 'Custom (the switches below)'],
      ['full', 'Full access'],
      ['view', 'Screen sharing only'],
    ],
    'custom',
    'Permissions of incoming sessions: full access, screen sharing only, or the individual switches',
  ),
  bool('enable-keyboard', 'permissions', 'Let the controlling side use the keyboard and mouse'),
  bool('enable-clipboard', 'permissions', 'Share the clipboard with the controlling side'),
  bool('enable-file-transfer', 'permissions', 'Allow file transfer'),
  bool('enable-camera', 'permissions', 'Allow viewing the cameras'),
  bool('enable-terminal', 'permissions', 'Allow terminal sessions'),
  bool('enable-remote-printer', 'permissions', 'Allow printing from the controlling side to this device'),
  bool('enable-audio', 'permissions', 'Send the sound of this device'),
  bool('enable-tunnel', 'permissions', 'Allow TCP tunneling'),
  bool('enable-remote-restart', 'permissions', 'Allow the controlling side to restart this device'),
  bool('enable-record-session', 'permissions', 'Allow the controlling side to record the session'),
  bool('enable-block-input', 'permissions', "Allow blocking this device's local input"),
  bool('enable-privacy-mode', 'permissions', 'Allow privacy mode (black screen for the local user)'),
  bool(
    'allow-remote-config-modification',
    'permissions',
    "Let the controlling side change this device's settings",
  ),
  bool(
    'allow-remote-cm-modification',
    'permissions',
    'Let the controlling side change permissions in the connection window',
    'local',
  ),
  bool(
    'enable-perm-change-in-accept-window',
    'permissions',
    'Let the local user change permissions in the accept window',
    'builtin',
  ),
  bool(
    'one-way-clipboard-redirection',
    'permissions',
    'Copy the clipboard only from the controlling side to this device',
    'builtin',
  ),
  bool(
    'one-way-file-transfer',
    'permissions',
    'Transfer files only from the controlling side to this device',
    'builtin',
  ),

  // Security: how sessions are accepted and who may connect.
  choice(
    'approve-mode',
    'security',
    [
      ['password', 'By password'],
      ['click', 'By a click'],
      ['password-click', 'By password or a click'],
    ],
    'password-click',
    'How incoming sessions are accepted: by password, by a click, or either',
  ),
  choice(
    'verification-method',
    'security',
    [
      ['use-temporary-password', 'One-time password'],
      ['use-permanent-password', 'Permanent password'],
      ['use-both-passwords', 'Both passwords'],
    ],
    'use-both-passwords',
    'Which passwords unlock this device: the one-time password, the permanent one, or both',
  ),
  choice(
    'temporary-password-length',
    'security',
    [
      ['6', '6 characters'],
      ['8', '8 characters'],
      ['10', '10 characters'],
    ],
    '6',
    'Length of the one-time password',
  ),
  bool('allow-numeric-one-time-password', 'security', 'Make the one-time password digits only'),
  text('whitelist', 'security', 'Only these IP addresses or CIDR ranges may connect (comma-separated)'),
  text(
    'id-whitelist',
    'security',
    'Only these RustDesk IDs may connect (comma-separated, * and ? wildcards)',
  ),
  bool('allow-auto-disconnect', 'security', 'Close idle incoming sessions automatically'),
  number(
    'auto-disconnect-timeout',
    'security',
    [1, 10080],
    '10',
    'Minutes of inactivity before an idle session is closed',
  ),
  bool('allow-only-conn-window-open', 'security', 'Accept sessions only while the RustDesk window is open'),
  bool('allow-scope-violation-close', 'security', 'Close a session that leaves its permitted scope'),
  bool('allow-scope-violation-alarm', 'security', 'Raise an alarm when a session leaves its permitted scope'),
  bool('enable-trusted-devices', 'security', 'Let trusted devices skip two-factor authentication'),
  bool(
    'keep-awake-during-incoming-sessions',
    'security',
    'Keep this device awake while it is being controlled',
  ),
  bool(
    'allow-logon-screen-password',
    'security',
    'Allow entering the password on the logon screen',
    'builtin',
  ),
  bool('disable-change-permanent-password', 'security', 'Forbid changing the permanent password', 'builtin'),
  bool('disable-change-id', 'security', 'Forbid changing the RustDesk ID', 'builtin'),
  bool('disable-unlock-pin', 'security', 'Forbid the unlock PIN for settings', 'builtin'),
  text('default-connect-password', 'security', 'Password tried first when connecting out', 'builtin'),
  bool(
    'remove-preset-password-warning',
    'security',
    'Hide the warning shown when a preset password is in use',
    'builtin',
  ),

  // Network.
  bool('enable-lan-discovery', 'network', 'Let other clients on the LAN discover this device'),
  bool('direct-server', 'network', 'Accept direct IP connections'),
  number('direct-access-port', 'network', [1, 65535], '21118', 'Port for direct IP connections'),
  text('custom-rendezvous-server', 'network', 'ID server (host[:port])'),
  text('relay-server', 'network', 'Relay server (host[:port])'),
  text('api-server', 'network', 'API server address (this console)'),
  text('key', 'network', 'Public key of the rendezvous server'),
  text('ice-servers', 'network', 'ICE servers for WebRTC connections'),
  text('proxy-url', 'network', 'Socks5 or HTTP proxy (scheme://host:port)'),
  text('proxy-username', 'network', 'Proxy user name'),
  text('proxy-password', 'network', 'Proxy password'),
  bool('allow-websocket', 'network', 'Connect through WebSocket'),
  bool('disable-udp', 'network', 'Use TCP only, never UDP', 'settings', 'only-Y'),
  bool('allow-insecure-tls-fallback', 'network', 'Fall back to TLS without certificate checks'),
  bool('enable-udp-punch', 'network', 'Try UDP hole punching', 'local'),
  bool('enable-ipv6-punch', 'network', 'Try IPv6 hole punching', 'local'),
  bool('allow-https-21114', 'network', 'Keep port 21114 in an https:// API server address', 'builtin'),

  // Display: rendering on this device, and the defaults of sessions it opens.
  bool('enable-abr', 'display', 'Adapt the bit rate to the network'),
  bool('enable-hwcodec', 'display', 'Use hardware video encoding'),
  bool('enable-directx-capture', 'display', 'Capture the screen with DirectX (Windows)'),
  bool(
    'enable-android-software-encoding-half-scale',
    'display',
    'Halve the resolution of software encoding (Android)',
  ),
  bool('allow-remove-wallpaper', 'display', 'Hide the wallpaper during incoming sessions'),
  bool('allow-always-software-render', 'display', 'Always render with software'),
  bool('use-texture-render', 'display', 'Render with textures', 'local', 'unless-N'),
  bool('allow-d3d-render', 'display', 'Render with Direct3D (Windows)', 'builtin'),
  choice(
    'theme',
    'display',
    [
      ['light', 'Light'],
      ['dark', 'Dark'],
      ['system', 'As the system'],
    ],
    'system',
    'Colour theme',
    'local',
  ),
  text('lang', 'display', 'Interface language code; empty follows the system', 'local'),
  bool('view-only', 'display', 'Open sessions in view-only mode', 'display'),
  bool('show-monitors-toolbar', 'display', 'Show the monitors toolbar', 'display'),
  bool('collapse-toolbar', 'display', 'Collapse the session toolbar', 'display'),
  bool('show-remote-cursor', 'display', 'Show the remote cursor', 'display'),
  bool('follow-remote-cursor', 'display', 'Follow the remote cursor', 'display'),
  bool('follow-remote-window', 'display', 'Follow the remote window focus', 'display'),
  bool('zoom-cursor', 'display', 'Scale the cursor with the view', 'display'),
  bool('show-quality-monitor', 'display', 'Show the quality monitor', 'display'),
  bool('disable-audio', 'display', 'Mute the sound of remote devices', 'display'),
  bool('enable-file-copy-paste', 'display', 'Copy and paste files', 'display'),
  bool('disable-clipboard', 'display', 'Do not share the clipboard in sessions', 'display'),
  bool('lock-after-session-end', 'display', 'Lock the remote device when the session ends', 'display'),
  bool('privacy-mode', 'display', 'Start sessions in privacy mode', 'display'),
  bool('i444', 'display', 'Use true colour (4:4:4)', 'display'),
  bool('reverse-mouse-wheel', 'display', 'Reverse the mouse wheel', 'display'),
  bool('swap-left-right-mouse', 'display', 'Swap the left and right mouse buttons', 'display'),
  bool('displays-as-individual-windows', 'display', 'Show each remote display in its own window', 'display'),
  bool(
    'use-all-my-displays-for-the-remote-session',
    'display',
    'Use all local displays for the session',
    'display',
  ),
  choice(
    'view-style',
    'display',
    [
      ['original', 'Original size'],
      ['adaptive', 'Fit the window'],
    ],
    'original',
    'Scale of the remote screen',
    'display',
  ),
  choice(
    'scroll-style',
    'display',
    [
      ['scrollauto', 'Automatically'],
      ['scrollbar', 'With scroll bars'],
      ['scrolledge', 'At the edges'],
    ],
    'scrollauto',
    'How a larger remote screen scrolls',
    'display',
  ),
  number(
    'edge-scroll-edge-thickness',
    'display',
    [20, 150],
    '100',
    'Width in pixels of the edge that scrolls',
    'display',
  ),
  choice(
    'image-quality',
    'display',
    [
      ['best', 'Best'],
      ['balanced', 'Balanced'],
      ['low', 'Low (faster)'],
      ['custom', 'Custom'],
    ],
    'balanced',
    'Image quality',
    'display',
  ),
  number('custom-image-quality', 'display', [10, 2000], '50', 'Custom image quality', 'display'),
  number('custom-fps', 'display', [5, 120], '30', 'Custom frame rate', 'display'),
  choice(
    'codec-preference',
    'display',
    [
      ['auto', 'Automatic'],
      ['vp8', 'VP8'],
      ['vp9', 'VP9'],
      ['av1', 'AV1'],
      ['h264', 'H.264'],
      ['h265', 'H.265'],
    ],
    'auto',
    'Preferred video codec',
    'display',
  ),
  bool('terminal-persistent', 'display', 'Keep terminal sessions after disconnecting', 'display'),
  number('trackpad-speed', 'display', [10, 1000], '100', 'Trackpad speed in percent', 'display'),
  bool('touch-mode', 'display', 'Touch mode on touch screens', 'display'),
  bool('sync-init-clipboard', 'display', 'Send the clipboard when a session starts', 'display'),
  choice(
    'peer-card-ui-type',
    'display',
    [
      ['0', 'Big tiles'],
      ['1', 'Small tiles'],
      ['2', 'List'],
    ],
    '0',
    'Device list layout: 0 big tiles, 1 small tiles, 2 list',
    'local',
  ),
  choice(
    'peer-sorting',
    'display',
    [
      ['Remote ID', 'By ID'],
      ['Remote Host', 'By host name'],
      ['Username', 'By user name'],
    ],
    'Remote ID',
    'Sort order of the device list',
    'local',
  ),
  bool('show-virtual-mouse', 'display', 'Show the virtual mouse (mobile)', 'local'),
  bool('show-virtual-joystick', 'display', 'Show the virtual joystick (mobile)', 'local'),
  bool('main-window-always-on-top', 'display', 'Keep the main window on top', 'builtin'),

  // Other: recording, updates, address book, presets and custom-client switches.
  bool('allow-auto-record-incoming', 'other', 'Record incoming sessions automatically'),
  bool('allow-auto-record-outgoing', 'other', 'Record outgoing sessions automatically', 'local'),
  text('windows-service-video-save-directory', 'other', 'Folder for recordings made by the Windows service'),
  text('video-save-directory', 'other', 'Folder for recordings', 'local'),
  bool('allow-auto-update', 'other', 'Update the client automatically'),
  bool('enable-confirm-closing-tabs', 'other', 'Confirm before closing several tabs', 'local'),
  bool('enable-open-new-connections-in-tabs', 'other', 'Open new connections in tabs', 'local'),
  bool('allow-linux-headless', 'other', 'Allow sessions to Linux without a display', 'local'),
  bool('sync-ab-with-recent-sessions', 'other', 'Add recent sessions to the address book', 'local'),
  bool('sync-ab-tags', 'other', 'Sort address book tags', 'local'),
  bool('filter-ab-by-intersection', 'other', 'Filter the address book by all selected tags', 'local'),
  text('preset-address-book-name', 'other', 'Shared address book this device is added to'),
  text('preset-address-book-tag', 'other', 'Tag of this device in that address book'),
  text('preset-address-book-alias', 'other', 'Alias of this device in that address book'),
  text('preset-address-book-password', 'other', 'Password of this device in that address book'),
  text('preset-address-book-note', 'other', 'Note of this device in that address book'),
  text('preset-device-username', 'other', 'Device user name shown in the console'),
  text('preset-device-name', 'other', 'Device name shown in the console'),
  text('preset-note', 'other', 'Note of this device'),
  text('preset-user-name', 'other', 'User this device is assigned to', 'builtin'),
  text('preset-strategy-name', 'other', 'Strategy this device is assigned to', 'builtin'),
  text('preset-device-group-name', 'other', 'Device group this device joins', 'builtin'),
  text('display-name', 'other', 'Name shown to the other side', 'builtin'),
  bool('register-device', 'other', 'Register this device with the console', 'builtin', 'unless-N'),
  bool('allow-hostname-as-id', 'other', 'Use the host name as the RustDesk ID', 'builtin'),
  bool('allow-ask-for-note', 'other', 'Ask for a note when a session ends', 'local'),
  bool('disable-group-panel', 'other', 'Hide the accessible devices panel', 'local'),
  bool('disable-discovery-panel', 'other', 'Hide the LAN discovery panel', 'local'),
  bool('pre-elevate-service', 'other', 'Elevate the service before sessions (Windows)', 'local'),
  bool('keep-awake-during-outgoing-sessions', 'other', 'Keep this device awake while controlling', 'local'),
  bool('hide-security-settings', 'other', 'Hide the security settings', 'builtin'),
  bool('hide-network-settings', 'other', 'Hide the network settings', 'builtin'),
  bool('hide-server-settings', 'other', 'Hide the ID/relay server settings', 'builtin'),
  bool('hide-proxy-settings', 'other', 'Hide the proxy settings', 'builtin'),
  bool('hide-websocket-settings', 'other', 'Hide the WebSocket setting', 'builtin'),
  bool('hide-remote-printer-settings', 'other', 'Hide the remote printer settings', 'builtin'),
  bool('hide-username-on-card', 'other', 'Hide user names on device cards', 'builtin'),
  bool('hide-help-cards', 'other', 'Hide the help cards', 'builtin'),
  bool('hide-tray', 'other', 'Hide the tray icon', 'builtin'),
  bool('hide-stop-service', 'other', 'Hide the stop service command', 'builtin'),
  bool(
    'allow-command-line-settings-when-settings-disabled',
    'other',
    'Allow command-line settings while the settings are disabled',
    'builtin',
  ),
  bool('disable-floating-window', 'other', 'Disable the floating window (Android)', 'local'),
  number('floating-window-size', 'other', [32, 320], '120', 'Floating window size (Android)', 'local'),
  bool('floating-window-untouchable', 'other', 'Make the floating window untouchable (Android)', 'local'),
  number(
    'floating-window-transparency',
    'other',
    [0, 10],
    '10',
    'Floating window opacity from 0 to 10 (Android)',
    'local',
  ),
  text('floating-window-svg', 'other', 'SVG icon of the floating window (Android)', 'local'),
  choice(
    'keep-screen-on',
    'other',
    [
      ['never', 'Never'],
      ['during-controlled', 'While being controlled'],
      ['service-on', 'While the service runs'],
    ],
    'during-controlled',
    'Keep the screen on (Android)',
    'local',
  ),
];

export const OPTION_BY_KEY: ReadonlyMap<string, OptionDefinition> = new Map(
  OPTION_CATALOGUE.map((option) => [option.key, option]),
);

/** Why a value does not fit its option, or null. "" always fits: it reverts the client to its default. */
function valueError(option: OptionDefinition, value: string, map: string): BadRequest | null {
  if (value === '') return null;
  const field = `${map}.${option.key}`;
  const got = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  switch (option.kind) {
    case 'bool':
      return value === 'Y' || value === 'N' ? null : new BadRequest('option_not_yes_no', { field, got });
    case 'enum':
      return option.values.includes(value)
        ? null
        : new BadRequest('option_not_listed', {
            field,
            values: option.values.map((v) => `"${v}"`).join(', '),
            got,
          });
    case 'number': {
      const n = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
      return n >= option.min && n <= option.max
        ? null
        : new BadRequest('option_out_of_range', { field, min: option.min, max: option.max, got });
    }
    case 'text':
      return value.length <= option.maxLength
        ? null
        : new BadRequest('field_too_long', { field, max: option.maxLength });
  }
}

/**
 * Checks an option map (a strategy's, a custom client's `map` of them): an error naming the first bad
 * key or value, or null when it is valid.
 */
export function validateOptions(options: unknown, map = 'options'): BadRequest | null {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return new BadRequest('options_not_object');
  }
  for (const [key, value] of Object.entries(options)) {
    const option = OPTION_BY_KEY.get(key);
    if (!option) return new BadRequest('option_unknown', { field: `${map}.${key}` });
    if (typeof value !== 'string') return new BadRequest('field_not_string', { field: `${map}.${key}` });
    const error = valueError(option, value, map);
    if (error) return error;
  }
  return null;
}
