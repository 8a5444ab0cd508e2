import { describe, expect, it } from 'vitest';
import {
  powerShellQuote,
  shQuote,
  windowsArgument,
  windowsCommandLine,
} from '../../src/domain/custom-clients/quoting.js';
import { readPowerShellString, splitWindowsCommandLine } from '../helpers/install-scripts.js';

/**
 * PowerShell cannot run here (no pwsh package in Debian or the npm registry), so its quoting is checked
 * against readers written from the language specification and the C runtime's rules instead. The shell
 * quoting is also run for real by the API tests.
 */
const HOSTILE = [
  '',
  'plain',
  "it's",
  '"double"',
  '$(touch /tmp/x)',
  '`id`',
  '$HOME $PATH',
  'line one\nline two\r\n',
  '‘typographic’ ‚low‛',
  "'''",
  'trailing backslash\\',
  'C:\\path with space\\',
  'back\\"slash quote',
  '\\\\"',
  '% %PATH% ^ & | < > ;',
  '中文 名称',
];

describe('quoting of values in the install scripts', () => {
  it('PowerShell: a verbatim string that reads back as the value, and nothing after it', () => {
    for (const value of HOSTILE) {
      const quoted = powerShellQuote(value);
      expect(readPowerShellString(`${quoted} rest`, 0), JSON.stringify(value)).toEqual({
        value,
        end: quoted.length,
      });
    }
  });

  it('Windows command lines: the C runtime splits them back into the same arguments', () => {
    for (const value of HOSTILE) {
      expect(splitWindowsCommandLine(windowsArgument(value)), JSON.stringify(value)).toEqual([value]);
    }
    expect(splitWindowsCommandLine(windowsCommandLine(['--option', ...HOSTILE]))).toEqual([
      '--option',
      ...HOSTILE,
    ]);
    expect(windowsCommandLine(['--config', 'abc=='])).toBe('--config abc==');
  });

  it('both layers: a PowerShell string holding a Windows command line', () => {
    const line = powerShellQuote(windowsCommandLine(HOSTILE));
    expect(splitWindowsCommandLine(readPowerShellString(line, 0).value)).toEqual(HOSTILE);
  });

  it('POSIX sh: one single-quoted word', () => {
    expect(shQuote("it's")).toBe(`'it'\\''s'`);
    expect(shQuote('$(id) `id`')).toBe("'$(id) `id`'");
  });
});
