/** A failure the CLI reports as `Error: <message>` on stderr, exiting with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The command line itself is wrong (missing or unknown flag, bad value): exit code 2, like argparse. */
export class UsageError extends CliError {
  /** `helpCommand`: what to run for help, e.g. `rdconsole users new` (the dispatcher fills it in). */
  constructor(
    message: string,
    public helpCommand?: string,
  ) {
    super(message, 2);
    this.name = 'UsageError';
  }
}
