import { afterAll, beforeAll, expect } from 'vitest';
import { memoryIo } from '../../src/cli/manage/io.js';
import { runCli } from '../../src/cli/manage/tool.js';
import type { Permissions } from '../../src/domain/tokens/scopes.js';
import { runRdconsole } from './cli.js';
import { startTestApp, type TestApp } from './test-app.js';

/** What one run of a management command left: its exit code, stdout and stderr. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export interface RunOptions {
  /** Another token than the suite's: a wrong one, or one lacking a permission. */
  token?: string;
  /** What stdin holds, e.g. "y\n" to answer a confirmation question. */
  input?: string;
  /** Whether stdout and stderr say they are a terminal (progress lines show only then). */
  tty?: boolean;
  /** Another spelling of the tool, e.g. `user_group` for `user-groups`. */
  tool?: string;
}

/**
 * A management tool against a live rdconsole: a real server on a fresh database of the dialect under
 * test, listening on a free port, and an API token with `permissions`. The fields are set once the
 * suite's first `beforeAll` (registered here) has run.
 */
export interface LiveCli {
  readonly t: TestApp;
  /** The server's address, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  /** The suite's API token. */
  readonly token: string;
  /** Runs `rdconsole <tool> <args>` in-process, with the URL and token in the environment. */
  run(args: string[], options?: RunOptions): Promise<CliResult>;
  /** Runs a command that must succeed (exit 0, nothing on stderr) and returns its stdout. */
  ok(args: string[], options?: RunOptions): Promise<string>;
  /** `ok` with --json, its stdout parsed. */
  json<T>(args: string[], options?: RunOptions): Promise<T>;
  /** Runs a command that must fail with `code` and print nothing on stdout; returns its stderr. */
  fails(args: string[], code: 1 | 2, options?: RunOptions): Promise<string>;
  /** Runs the real `rdconsole` command as a child process, which must succeed; returns its stdout. */
  spawnOk(args: string[], options?: Pick<RunOptions, 'tool'>): Promise<string>;
}

/**
 * Registers, in the current `describe`, the start of a live server for `tool` (before the suite's own
 * `beforeAll` hooks, which can seed its database through `cli.t`) and its close after the suite.
 * Without a tool, `run` takes the whole command line.
 */
export function liveCli(tool: string | undefined, permissions: Partial<Permissions>): LiveCli {
  let t: TestApp | undefined;
  let url = '';
  let token = '';

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('the test server is not listening');
    url = `http://127.0.0.1:${address.port}`;
    token = await t.apiToken(permissions);
  });
  afterAll(async () => {
    await t?.close();
  });

  const argv = (args: string[], options: RunOptions) => {
    const name = options.tool ?? tool;
    return name === undefined ? args : [name, ...args];
  };

  const cli: LiveCli = {
    get t() {
      if (!t) throw new Error('the live server starts in beforeAll');
      return t;
    },
    get url() {
      return url;
    },
    get token() {
      return token;
    },
    async run(args, options = {}) {
      const io = memoryIo({
        input: options.input,
        tty: options.tty,
        env: { RDCONSOLE_URL: url, RDCONSOLE_TOKEN: options.token ?? token },
      });
      const code = await runCli(argv(args, options), io);
      return { code, out: io.out, err: io.err };
    },
    async ok(args, options) {
      const result = await cli.run(args, options);
      expect(result.err, result.out).toBe('');
      expect(result.code).toBe(0);
      return result.out;
    },
    async json<T>(args: string[], options?: RunOptions) {
      return JSON.parse(await cli.ok([...args, '--json'], options)) as T;
    },
    async fails(args, code, options) {
      const result = await cli.run(args, options);
      expect(result.code, result.err).toBe(code);
      expect(result.out).toBe('');
      return result.err;
    },
    async spawnOk(args, options = {}) {
      const finished = await runRdconsole(argv(args, options), {
        RDCONSOLE_URL: url,
        RDCONSOLE_TOKEN: token,
      });
      expect(finished.stderr).toBe('');
      expect(finished.code).toBe(0);
      return finished.stdout;
    },
  };
  return cli;
}
