import type { CliIo } from './io.js';

/**
 * Runs `fn` on each item in turn. On a terminal (stderr is a TTY) a `label i/n` line shows how far it
 * got, rewritten in place and erased at the end; elsewhere nothing extra is printed. Stops at the
 * first failure, which is passed on.
 */
export async function forEachWithProgress<T>(
  io: CliIo,
  label: string,
  items: T[],
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const show = io.stderr.isTTY === true && items.length > 1;
  try {
    for (const [index, item] of items.entries()) {
      if (show) io.stderr.write(`\r\x1b[K${label} ${index + 1}/${items.length}`);
      await fn(item);
    }
  } finally {
    if (show) io.stderr.write('\r\x1b[K');
  }
}
