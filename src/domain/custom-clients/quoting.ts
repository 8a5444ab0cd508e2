/**
 * Quoting of values put into the generated install scripts. Every value an administrator typed (names,
 * notes, option values, passwords) reaches a script only through these functions, so that quotes, `$(…)`,
 * backticks and newlines stay text and can never become code.
 */

/** A POSIX shell word: single quotes, inside which nothing is special; a quote is closed, escaped, reopened. */
export function shQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * A PowerShell verbatim string: single quotes, inside which `$`, backticks and double quotes are plain
 * text. PowerShell also takes the typographic single quotes (U+2018–U+201B) as quotes, so those are
 * doubled too.
 */
export function powerShellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (quote) => quote + quote)}'`;
}

/**
 * One argument of a Windows command line, as the C runtime (and Rust's std::env::args) splits it:
 * quoted when it holds white space or a quote or is empty; backslashes are doubled only where they
 * precede a quote.
 */
export function windowsArgument(value: string): string {
  if (value !== '' && !/[\s"]/.test(value)) return value;
  let quoted = '"';
  let backslashes = 0;
  for (const char of value) {
    if (char === '\\') {
      backslashes += 1;
    } else if (char === '"') {
      quoted += `${'\\'.repeat(backslashes * 2 + 1)}"`;
      backslashes = 0;
    } else {
      quoted += '\\'.repeat(backslashes) + char;
      backslashes = 0;
    }
  }
  return `${quoted}${'\\'.repeat(backslashes * 2)}"`;
}

/** A whole Windows command line (without the program) from its arguments. */
export function windowsCommandLine(args: readonly string[]): string {
  return args.map(windowsArgument).join(' ');
}
