import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

/** A time in a CSV cell: ISO 8601 in UTC to the second, with its zone ("2026-12-05T18:03:31Z"); empty for none. */
export function csvTime(ms: number | null): string {
  return ms === null ? '' : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so that spreadsheets do not run it as a formula. */
function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Streams a CSV download: `pages` yields the rows batch by batch (all pages of the current filter), so
 * an export of 100,000 rows never sits in memory whole.
 */
export function sendCsv<T>(
  reply: FastifyReply,
  filename: string,
  columns: ReadonlyArray<CsvColumn<T>>,
  pages: AsyncIterable<readonly T[]>,
): FastifyReply {
  async function* lines() {
    yield `\uFEFF${columns.map((c) => cell(c.header)).join(',')}\r\n`;
    for await (const rows of pages) {
      if (rows.length === 0) continue;
      yield rows.map((row) => `${columns.map((c) => cell(c.value(row))).join(',')}\r\n`).join('');
    }
  }
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(Readable.from(lines()));
}

/** Walks a paged query from the first page to the last, `size` rows at a time. */
export async function* allPages<T>(
  fetch: (page: { current: number; pageSize: number }) => Promise<readonly T[]>,
  size = 1000,
): AsyncIterable<readonly T[]> {
  for (let current = 1; ; current += 1) {
    const rows = await fetch({ current, pageSize: size });
    yield rows;
    if (rows.length < size) return;
  }
}
