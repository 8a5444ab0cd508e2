/** The server's epoch seconds (logs, users, groups, tokens...) as the browser's local date and time. */
export function localTimeOfSeconds(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString();
}

/** The server's naive UTC `YYYY-MM-DDTHH:MM:SS` (devices' last_online) as the browser's local time. */
export function localTimeOfNaiveUtc(naiveUtc: string | null): string {
  if (!naiveUtc) return '';
  const date = new Date(`${naiveUtc}Z`);
  return Number.isNaN(date.getTime()) ? naiveUtc : date.toLocaleString();
}
