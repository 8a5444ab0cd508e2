import { Readable } from 'node:stream';

/** Where the CLI writes and reads; the real process streams in production, buffers in tests. */
export interface CliOutput {
  write(s: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** Read only to answer a confirmation question. */
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
}

export interface MemoryIo extends CliIo {
  /** Everything written to stdout so far. */
  readonly out: string;
  /** Everything written to stderr so far. */
  readonly err: string;
}

/**
 * An in-memory CliIo for running the CLI inside another program (tests, scripts): stdout and stderr
 * are collected, stdin holds `input` (e.g. "Y\n" to answer a confirmation).
 */
export function memoryIo(
  options: { input?: string; env?: Record<string, string | undefined>; tty?: boolean } = {},
): MemoryIo {
  let out = '';
  let err = '';
  return {
    stdout: {
      write: (s: string) => {
        out += s;
        return true;
      },
      isTTY: options.tty ?? false,
    },
    stderr: {
      write: (s: string) => {
        err += s;
        return true;
      },
      isTTY: options.tty ?? false,
    },
    stdin: Readable.from(options.input === undefined ? [] : [options.input]),
    env: options.env ?? {},
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}
