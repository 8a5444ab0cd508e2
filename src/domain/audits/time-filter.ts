import { BadRequest } from '../../http/errors.js';

/** A window of creation times in epoch milliseconds, both ends included; a missing end is open. */
export interface TimeWindow {
  since?: number;
  until?: number;
}

/** audits.py sends UTC `YYYY-MM-DD HH:MM:SS.000` (admin-api.md §7.1); the fraction may be missing. */
const UTC_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/** The instant a `created_at` filter names, in epoch milliseconds. */
export function parseUtcTime(text: string, field = 'created_at'): number {
  const match = UTC_TIME.exec(text.trim());
  const invalid = new BadRequest('field_not_utc_time', { field });
  if (!match) throw invalid;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Number((match[7] ?? '').padEnd(3, '0').slice(0, 3)));
  // Date rolls 2025-02-30 over into March; a value that does not come back unchanged named no real time.
  const roundTrip =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  if (!roundTrip) throw invalid;
  return date.getTime();
}

/**
 * The time filters of a log listing: `created_at` (the scripts' "newer than", admin-api.md §7.1) and the
 * console's `from`/`to` range in epoch seconds. Listings show whole seconds, so `to` covers its second.
 */
export function timeWindow(input: { created_at?: string; from?: number; to?: number }): TimeWindow {
  if (input.from !== undefined && input.to !== undefined && input.from > input.to) {
    throw new BadRequest('time_range_reversed');
  }
  const lower = [
    input.created_at === undefined ? undefined : parseUtcTime(input.created_at),
    input.from === undefined ? undefined : input.from * 1000,
  ].filter((value): value is number => value !== undefined);
  const window: TimeWindow = {};
  if (lower.length > 0) window.since = Math.max(...lower);
  if (input.to !== undefined) window.until = input.to * 1000 + 999;
  return window;
}
