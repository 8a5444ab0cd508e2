/**
 * Names of the codes devices report (client-api.md §4.4–4.6, Appendix A), as audits.py and the console
 * show them (admin-api.md §7.3, features.md §11). Used where people read the logs: CSV exports.
 */
export const CONN_TYPE_NAMES: Record<number, string> = {
  0: 'Remote Desktop',
  1: 'File Transfer',
  2: 'Port Transfer',
  3: 'View Camera',
  4: 'Terminal',
};

/** What audits.py shows for a connection that never authorised (its record has no conn_type). */
export const NOT_LOGGED_IN = 'Not Logged In';

export const PRIMARY_AUTH_NAMES: Record<number, string> = {
  1: 'Click Confirmation',
  2: 'One-time Password',
  3: 'Permanent Password',
  4: 'Switch Sides',
};

export const TWO_FACTOR_NAMES: Record<number, string> = {
  1: '2FA Code',
  2: 'Trusted Device',
};

/** Devices report alarm types up to this one; rdconsole's own types start above, so none can be forged. */
export const MAX_CLIENT_ALARM_TYPE = 99;

/** rdconsole's alarm: a sysinfo gave a registered device's ID with another machine's uuid. */
export const ID_CLAIMED_ALARM = 100;

/**
 * 0–5 are Server Pro's documented names; 6–10 are kinds newer clients report (client-api.md §4.6);
 * 100 and up are rdconsole's own.
 */
export const ALARM_TYPE_NAMES: Record<number, string> = {
  0: 'Access attempt outside the IP whitelist',
  1: 'Over 30 consecutive access attempts',
  2: 'Multiple access attempts within one minute',
  3: 'Over 30 consecutive login attempts',
  4: 'Multiple login attempts within one minute',
  5: 'Multiple login attempts within one hour',
  6: 'Too many consecutive access attempts from one IPv6 prefix',
  7: 'Failed terminal administrator login attempts',
  8: 'Simultaneous terminal administrator login attempts',
  9: 'Session scope violation',
  10: 'Access attempt outside the ID whitelist',
  [ID_CLAIMED_ALARM]: 'Device ID claimed by another machine',
};

/** File audit `type`: which way the files went, seen from the controlled device. */
export const FILE_DIRECTION_NAMES: Record<number, string> = {
  0: 'Controlled device to controlling side',
  1: 'Controlling side to controlled device',
};

/** The name of a code, `Unknown (n)` as audits.py says for codes it does not know, '' for none. */
export function nameOf(names: Record<number, string>, code: number | null): string {
  if (code === null) return '';
  return names[code] ?? `Unknown (${code})`;
}
