import { confirm } from './confirm.js';
import { CliError } from './errors.js';
import { printOutcome } from './output.js';
import { forEachWithProgress } from './progress.js';
import type { CommandContext, CommandSpec } from './tool.js';

/**
 * The rows a command is about to act on, after the scripts' question when there are several
 * (admin-api.md §1.5, §2.3): `Found 3 users. Do you want to proceed with disable operation on the
 * users? (Y/N)`. One match goes ahead without asking; `--yes` answers for the user. Undefined when
 * nothing matched (after saying `Found 0 users`) or the answer was no.
 */
export async function confirmedMatches<T>(
  context: CommandContext,
  rows: T[],
  noun: string,
  command: string,
): Promise<T[] | undefined> {
  if (rows.length === 0) {
    printOutcome(context.io, context.json, `Found 0 ${noun}s`, { [`${noun}s`]: [] });
    return undefined;
  }
  if (rows.length === 1) return rows;
  const question = `Found ${rows.length} ${noun}s. Do you want to proceed with ${command} operation on the ${noun}s?`;
  return (await confirm(context.io, question, context.yes)) ? rows : undefined;
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

/** A command of users or devices that acts on every row matching the tool's filters, one request each. */
export interface PerMatchCommand<T> extends Omit<CommandSpec, 'run'> {
  /** What a row is, for messages: `user` → `Found 0 users`, `Disabled 2 user(s)`. */
  noun: string;
  /** The rows the filters match, all pages. */
  list: (context: CommandContext) => Promise<T[]>;
  /** How messages name a row. */
  nameOf: (row: T) => string;
  /** The progress line, e.g. `Disabling`. */
  label: string;
  /** The past tense for the outcome, e.g. `Disabled` (`disabled` is the key of the --json answer). */
  done: string;
  /** Reads the command's own flags before anything is listed; goes to `send` and into the --json answer. */
  prepare?: (context: CommandContext) => Record<string, unknown>;
  send: (context: CommandContext, row: T, prepared: Record<string, unknown>) => Promise<unknown>;
}

/** disable, enable, delete, assign: list the matches, confirm, act on each, say what was done. */
export function perMatchCommand<T>(spec: PerMatchCommand<T>): CommandSpec {
  const { noun, list, nameOf, label, done, prepare, send, ...command } = spec;
  return {
    ...command,
    async run(context) {
      const prepared = prepare?.(context) ?? {};
      const rows = await confirmedMatches(context, await list(context), noun, command.name);
      if (!rows) return 0;
      await actOnEach(context, rows, { label, nameOf, act: (row) => send(context, row, prepared) });
      const names = rows.map(nameOf);
      printOutcome(
        context.io,
        context.json,
        `Success: ${done} ${names.length} ${noun}(s): ${names.join(', ')}`,
        { [done.toLowerCase()]: names, ...prepared },
      );
      return 0;
    },
  };
}
