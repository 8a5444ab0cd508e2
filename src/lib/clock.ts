/** The current time in epoch milliseconds; injected so that tests can move time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

export const MINUTE_MS = 60 * 1000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Epoch milliseconds as the epoch seconds the API shows. */
export function toSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
