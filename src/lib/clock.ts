/** The current time in epoch milliseconds; injected so that tests can move time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;
