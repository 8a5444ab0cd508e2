import { confirm } from './confirm.js';
import { CliError } from './errors.js';
import { forEachWithProgress } from './progress.js';
import type { CommandContext } from './tool.js';

/**
 * The scripts' question before acting on several matches (admin-api.md §1.5, §2.3):
 * `Found 3 users. Do you want to proceed with disable operation on the users? (Y/N)`. One match goes
 * ahead without asking; `--yes` answers for the user.
 */
export function confirmMatches(
  context: CommandContext,
  count: number,
  noun: string,
  command: string,
): Promise<boolean> {
  if (count <= 1) return Promise.resolve(true);
  return confirm(
    context.io,
    `Found ${count} ${noun}s. Do you want to proceed with ${command} operation on the ${noun}s?`,
    context.yes,
  );
}

/**
 * Sends one request per target, in order, with a progress line on a terminal. Stops at the first
 * refusal with an error naming the target and how many were done before it.
 */
export async function actOnEach<T>(
  context: CommandContext,
  targets: T[],
  options: { label: string; nameOf: (target: T) => string; act: (target: T) => Promise<unknown> },
): Promise<void> {
  let done = 0;
  await forEachWithProgress(context.io, options.label, targets, async (target) => {
    try {
      await options.act(target);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      const before = done > 0 ? ` (${done} of ${targets.length} done before it)` : '';
      throw new CliError(`${options.nameOf(target)}: ${error.message}${before}`, error.exitCode);
    }
    done++;
  });
}
