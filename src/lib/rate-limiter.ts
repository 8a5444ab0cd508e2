import type { Clock } from './clock.js';

/**
 * Counts events per key (a client address, say) in fixed windows of `windowMs` aligned to the clock.
 * All keys share the window, so when it ends every count is dropped at once: memory holds only the
 * keys seen in the current window. A limit of 0 admits everything.
 */
export class FixedWindowLimiter {
  private window = -1;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  /** Counts one event of `key`; 0 when admitted, else the whole seconds until the next window. */
  take(key: string): number {
    if (this.limit === 0) return 0;
    const now = this.clock();
    const window = Math.floor(now / this.windowMs);
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
    }
    const count = this.counts.get(key) ?? 0;
    if (count >= this.limit) return Math.ceil(((window + 1) * this.windowMs - now) / 1000);
    this.counts.set(key, count + 1);
    return 0;
  }
}
