/** The current time in epoch milliseconds; injected so that tests can move time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Epoch milliseconds as the epoch seconds the API shows. */
export function toSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
