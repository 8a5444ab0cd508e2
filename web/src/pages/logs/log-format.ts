/**
 * How the logs show what the API sends: spans as durations, byte counts as sizes, codes as names, alarm
 * details, and the time-range filter as the API's `from`/`to` epoch seconds.
 */

export type DurationUnit = 'days' | 'hours' | 'minutes' | 'seconds';

const UNIT_SECONDS: ReadonlyArray<[DurationUnit, number]> = [
  ['days', 86_400],
  ['hours', 3_600],
  ['minutes', 60],
  ['seconds', 1],
];

/**
 * A span of seconds in its two largest units, e.g. 1 h 5 min; a smaller remainder is dropped, as a
 * reader of a log wants "how long", not the exact second. Negative spans (clock skew) count as 0.
 */
export function durationParts(totalSeconds: number): Array<{ unit: DurationUnit; count: number }> {
  let rest = Math.max(0, Math.floor(totalSeconds));
  const parts: Array<{ unit: DurationUnit; count: number }> = [];
  for (const [unit, size] of UNIT_SECONDS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || parts.length > 0) parts.push({ unit, count });
  }
  const shown = parts.slice(0, 2).filter((part, index) => index === 0 || part.count > 0);
  return shown.length > 0 ? shown : [{ unit: 'seconds', count: 0 }];
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** A size in bytes with binary units: 12 B, 1.5 KB, 3.7 GB, 512 MB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** The browser's time zone, named for the page to say which times it shows. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A code's name from a table of names, or what to say for a code the table does not know. */
export function nameOfCode(names: Readonly<Record<string, string>>, code: number, unknown: string): string {
  return names[String(code)] ?? unknown;
}

/** Select options of a table of names, in code order; the empty value means "any". */
export function codeOptions(
  names: Readonly<Record<string, string>>,
): Array<{ value: string; label: string }> {
  return Object.entries(names)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([value, label]) => ({ value, label }));
}

/**
 * The `from`/`to` filters of a picked range of minutes: from the first second of the first minute to
 * the last second of the last one (the server counts `to` as a whole second, included). Either end
 * may be open ('').
 */
export function rangeFilter(startMs: number | null, endMs: number | null): { from: string; to: string } {
  const minuteStart = (ms: number) => Math.floor(ms / 60_000) * 60;
  return {
    from: startMs === null ? '' : String(minuteStart(startMs)),
    to: endMs === null ? '' : String(minuteStart(endMs) + 59),
  };
}

/** Epoch seconds from the address bar, as milliseconds; null for an empty or malformed value. */
export function filterInstant(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,12}$/.test(value)) return null;
  return Number(value) * 1000;
}

/** The connection kinds a "session scope violation" alarm names (client-api.md §4.6), as conn type codes. */
const ALARM_CONN_TYPES: Readonly<Record<string, number>> = {
  remote: 0,
  file_transfer: 1,
  port_forward: 2,
  view_camera: 3,
  terminal: 4,
};

/**
 * What an alarm's `info` tells beyond who and where: the controller's claimed ID and name, the kind of
 * connection it tried (as a conn type code, or its raw text when unknown) and the device's message.
 */
export function alarmInfo(info: Record<string, unknown>): {
  id: string;
  name: string;
  connType: number | string | null;
  message: string;
} {
  const text = (key: string) => (typeof info[key] === 'string' ? (info[key] as string) : '');
  const kind = text('conn_type');
  return {
    id: text('id'),
    name: text('name'),
    connType: kind === '' ? null : (ALARM_CONN_TYPES[kind] ?? kind),
    message: text('message'),
  };
}
