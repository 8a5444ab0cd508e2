/**
 * What both server processes of `npm run bench` answer to their parent over IPC: "cpu" (microseconds of
 * CPU used so far), "gc" (garbage collection so far), "memory" (resident bytes), and "stop" after
 * `stop` has run. Other messages go to `other`. Every message gets one answer.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';

/** Garbage collection since the process started. */
export interface GcTotals {
  /** Pause time of all collections, in milliseconds. */
  ms: number;
  /** Young-generation collections (scavenges). */
  scavenges: number;
  /** Full (mark-compact) collections. */
  markCompacts: number;
}

export function answerProbes(
  stop: () => Promise<void>,
  other: (message: string) => Promise<unknown> = async () => 0,
): void {
  const gc: GcTotals = { ms: 0, scavenges: 0, markCompacts: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.ms += entry.duration;
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.scavenges += 1;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.markCompacts += 1;
    }
  }).observe({ entryTypes: ['gc'] });

  process.on('message', async (message) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.(user + system);
    } else if (message === 'gc') {
      process.send?.({ ...gc });
    } else if (message === 'memory') {
      process.send?.(process.memoryUsage().rss);
    } else if (message === 'stop') {
      await stop();
      process.exit(0);
    } else {
      process.send?.(await other(String(message)));
    }
  });
}
