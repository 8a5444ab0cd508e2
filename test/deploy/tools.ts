import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SERVE_OPTIONS } from '../../src/config.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** A file of deploy/ as text. */
export function deployFile(name: string): string {
  return fs.readFileSync(path.join(ROOT, 'deploy', name), 'utf8');
}

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a checking tool. A missing tool fails the test with the package to install (.ci/run installs
 * them), rather than skipping it silently.
 */
export function runTool(
  command: string,
  args: string[],
  options: { env?: Record<string, string> } = {},
): Ran {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    timeout: 30_000,
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(`${command} is not installed; .ci/run installs it with apt-get`);
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The environment variables `rdconsole serve` reads. */
export const SERVE_ENVIRONMENT = new Set(Object.values(SERVE_OPTIONS).map((option) => option.env));
