/**
 * Date and time as `Date.prototype.toLocaleString()` writes them in the browser's locale, with one
 * formatter made once: toLocaleString builds a new one at every call, which costs milliseconds per
 * table cell.
 */
const LOCAL = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** The server's epoch seconds (logs, users, groups, tokens...) as the browser's local date and time. */
export function localTimeOfSeconds(seconds: number): string {
  return LOCAL.format(new Date(seconds * 1000));
}

/** The server's naive UTC `YYYY-MM-DDTHH:MM:SS` (devices' last_online) as the browser's local time. */
export function localTimeOfNaiveUtc(naiveUtc: string | null): string {
  if (!naiveUtc) return '';
  const date = new Date(`${naiveUtc}Z`);
  return Number.isNaN(date.getTime()) ? naiveUtc : LOCAL.format(date);
}
