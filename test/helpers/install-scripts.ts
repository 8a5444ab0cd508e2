import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Runs a generated POSIX install script for real, without an installer, against a stand-in RustDesk
 * binary that records each command line it is given, and an `id` that says root. Returns the argument
 * lists the script ran RustDesk with (the --get-id probes left out).
 */
export function runShellScript(script: string, binary: string): string[][] {
  const dir = mkdtempSync(path.join(tmpdir(), 'rdconsole-script-'));
  try {
    const bin = path.join(dir, 'bin');
    const log = path.join(dir, 'log');
    execFileSync('mkdir', [bin, log]);
    const fake = path.join(bin, 'rustdesk');
    writeFileSync(
      fake,
      `#!/bin/sh
if [ "$1" = --get-id ]; then echo 123456789; exit 0; fi
n=$(ls "$LOG_DIR" | wc -l)
for arg in "$@"; do printf '%s\\0' "$arg"; done > "$LOG_DIR/$n"
`,
    );
    writeFileSync(path.join(bin, 'id'), '#!/bin/sh\necho 0\n');
    chmodSync(fake, 0o755);
    chmodSync(path.join(bin, 'id'), 0o755);
    const file = path.join(dir, 'script.sh');
    const quotedBinary = `RUSTDESK='${binary}'`;
    if (!script.includes(quotedBinary)) throw new Error(`the script does not set ${quotedBinary}`);
    writeFileSync(file, script.replace(quotedBinary, `RUSTDESK='${fake}'`));
    execFileSync('sh', [file], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, LOG_DIR: log },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return readdirSync(log)
      .sort((a, b) => Number(a) - Number(b))
      .map((name) => readFileSync(path.join(log, name), 'utf8').split('\0').slice(0, -1));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PS_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);

/**
 * Reads a PowerShell verbatim (single-quoted) string starting at `start`, as the PowerShell language
 * specification (§2.3.5.2) defines it: any single-quote character ends it unless another follows, which
 * stands for one. Returns the text and where the string ended.
 */
export function readPowerShellString(text: string, start: number): { value: string; end: number } {
  if (!PS_QUOTES.has(text[start] ?? '')) throw new Error(`no string at ${start}`);
  let value = '';
  for (let i = start + 1; i < text.length; i += 1) {
    const char = text[i] as string;
    if (!PS_QUOTES.has(char)) {
      value += char;
    } else if (PS_QUOTES.has(text[i + 1] ?? '')) {
      value += char;
      i += 1;
    } else {
      return { value, end: i + 1 };
    }
  }
  throw new Error('unterminated string');
}

/** Splits a Windows command line as the Microsoft C runtime does (and Rust's std::env::args). */
export function splitWindowsCommandLine(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i += 1;
    if (i >= line.length) break;
    let arg = '';
    let quoted = false;
    while (i < line.length && (quoted || (line[i] !== ' ' && line[i] !== '\t'))) {
      let backslashes = 0;
      while (line[i] === '\\') {
        backslashes += 1;
        i += 1;
      }
      if (line[i] === '"') {
        arg += '\\'.repeat(Math.floor(backslashes / 2));
        if (backslashes % 2 === 1) {
          arg += '"';
          i += 1;
        } else if (quoted && line[i + 1] === '"') {
          arg += '"';
          i += 2;
        } else {
          quoted = !quoted;
          i += 1;
        }
      } else {
        arg += '\\'.repeat(backslashes);
        if (i < line.length) arg += line[i];
        i += 1;
      }
    }
    args.push(arg);
  }
  return args;
}

/** The argument lists of a generated PowerShell script's `Invoke-RustDesk '<command line>'` calls. */
export function powerShellCommands(script: string): string[][] {
  const commands: string[][] = [];
  const marker = '\nInvoke-RustDesk ';
  // Each search starts after the last string read, so that text inside a string is never taken for a call.
  for (let at = script.indexOf(marker); at !== -1; ) {
    const { value, end } = readPowerShellString(script, at + marker.length);
    if (script[end] !== '\n') throw new Error(`something follows the command line at ${end}`);
    commands.push(splitWindowsCommandLine(value));
    at = script.indexOf(marker, end - 1);
  }
  return commands;
}
