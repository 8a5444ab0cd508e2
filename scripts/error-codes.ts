/**
 * `npm run docs:errors`: writes docs/error-codes.md, the list of every error code the API answers, from
 * the catalogue (src/http/error-catalogue.ts). A unit test fails while the file is out of date.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ERROR_MESSAGES, type ErrorCode, LISTED_NAMES, placeholdersOf } from '../src/http/error-catalogue.js';

export const ERROR_CODES_DOCUMENT = path.resolve(import.meta.dirname, '../docs/error-codes.md');

/** The Markdown of docs/error-codes.md. */
export function errorCodesDocument(): string {
  const rows = (Object.entries(ERROR_MESSAGES) as Array<[ErrorCode, string]>).map(([code, message]) => {
    const params = placeholdersOf(message)
      .map((name) => `\`${name}\``)
      .join(', ');
    return `| \`${code}\` | \`${message}\` | ${params} |`;
  });
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
  console.log(`wrote ${path.relative(process.cwd(), ERROR_CODES_DOCUMENT)}`);
}
