import { setImmediate } from 'node:timers/promises';

/** Lets pending I/O (other requests) run before the caller goes on with long work. */
export function yieldToEventLoop(): Promise<void> {
  return setImmediate();
}
