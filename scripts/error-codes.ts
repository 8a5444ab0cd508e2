/**
 * `npm run docs:errors`: writes docs/error-codes.md, the list of every error code the API answers, from
 * the catalogue (src/http/error-catalogue.ts), formatted as Biome formats Markdown. A unit test fails
 * while the file lists other codes than the catalogue.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ERROR_MESSAGES, type ErrorCode, LISTED_NAMES, placeholdersOf } from '../src/http/error-catalogue.js';

export const ERROR_CODES_DOCUMENT = path.resolve(import.meta.dirname, '../docs/error-codes.md');

/** The rows of the document's table: code, message and parameters, as written there. */
export function documentedCodes(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
}

/** The rows the catalogue calls for. */
export function catalogueRows(): string[][] {
  return (Object.entries(ERROR_MESSAGES) as Array<[ErrorCode, string]>).map(([code, message]) => [
    `\`${code}\``,
    `\`${message}\``,
    placeholdersOf(message)
      .map((name) => `\`${name}\``)
      .join(', '),
  ]);
}

/** The Markdown of docs/error-codes.md. */
export function errorCodesDocument(): string {
  const rows = catalogueRows().map((cells) => `| ${cells.join(' | ')} |`);
  return [
    '# Error codes',
    '',
    'Every error the rdconsole API answers is a JSON object with the English message in `error`, a',
    'stable code in `code`, and the parameters of the message beside them:',
    '',
    '```json',
    `{"error": "User 'alice' already exists", "code": "user_exists", "name": "alice"}`,
    '```',
    '',
    'Scripts should test `code`, not the words of `error`. A code keeps its meaning; a message that says something',
    'new gets a new code. The HTTP status is as before (400, 401, 403, 404, 409, 410, 413, 415, 429, 500, 502):',
    'some codes are answered with more than one status, so check both when it matters.',
    '',
    'A parameter is a string, a number, or a list. A list of names (`names`, `ids`, `guids`, `values`,',
    `\`fields\`, \`known\`) is written in the message as "a, b and 3 more" past ${LISTED_NAMES}, and is complete`,
    'in the body. `several_errors` (several names not found at once, for one) and the strategy target',
    'errors carry a list of other errors, each `{"error", "code", ...parameters}`, written one after',
    'another separated by "; ".',
    '',
    'The `smtp_url_*` codes say what is wrong with `--smtp-url`; rdconsole refuses to start with them.',
    '',
    'The OpenAPI document (`/api/openapi.json`) lists the same codes under `x-error-codes`, and the',
    '`Error` schema in `components.schemas`.',
    '',
    'This file is written by `npm run docs:errors` from `src/http/error-catalogue.ts`.',
    '',
    '| Code | Message | Parameters |',
    '| ---- | ------- | ---------- |',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  fs.writeFileSync(ERROR_CODES_DOCUMENT, errorCodesDocument());
  const biome = path.resolve(import.meta.dirname, '../node_modules/@biomejs/biome/bin/biome');
  execFileSync(process.execPath, [biome, 'format', '--write', ERROR_CODES_DOCUMENT], { stdio: 'ignore' });
  console.log(`wrote ${path.relative(process.cwd(), ERROR_CODES_DOCUMENT)}`);
}
