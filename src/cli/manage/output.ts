import type { CliIo } from './io.js';

export type Row = Record<string, unknown>;

export interface Column<R extends Row = Row> {
  key: string;
  title: string;
  /** Turns the cell value into text; the default shows null as empty, objects as JSON, booleans as yes/no. */
  format?: (value: unknown, row: R) => string;
}

/** Prints rows as an aligned text table with a header line. */
export function printTable<R extends Row>(io: CliIo, rows: R[], columns: Column<R>[]): void {
  const cells = rows.map((row) =>
    columns.map((column) =>
      oneLine(column.format ? column.format(row[column.key], row) : formatCell(row[column.key])),
    ),
  );
  const widths = columns.map((column, i) =>
    Math.max(column.title.length, ...cells.map((line) => line[i]?.length ?? 0)),
  );
  const render = (line: string[]) =>
    line
      .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const lines = [
    render(columns.map((c) => c.title)),
    render(widths.map((w) => '-'.repeat(w))),
    ...cells.map(render),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * The usual way to show a list: the rows as JSON with --json (an empty array when there are none),
 * otherwise a table, or `emptyMessage` when there is nothing to show.
 */
export function printList<R extends Row>(
  io: CliIo,
  json: boolean,
  rows: R[],
  columns: Column<R>[],
  emptyMessage: string,
): void {
  if (json) printJson(io, rows);
  else if (rows.length === 0) io.stdout.write(`${emptyMessage}\n`);
  else printTable(io, rows, columns);
}

/** A one-line outcome for people, or `value` as JSON for machines. */
export function printOutcome(io: CliIo, json: boolean, message: string, value: unknown): void {
  if (json) printJson(io, value);
  else io.stdout.write(`${message}\n`);
}

/** How a cell shows a value that has no column-specific format. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/**
 * A time in local time as `YYYY-MM-DD HH:MM:SS`. Numbers are Unix times (seconds, or milliseconds when
 * too large to be seconds); strings are ISO times, read as UTC when they carry no offset (the server's
 * `last_online` is naive UTC). Anything unreadable is shown as it is; null as empty.
 */
export function formatTime(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  let date: Date;
  if (typeof value === 'number') {
    date = new Date(Math.abs(value) < 1e11 ? value * 1000 : value);
  } else {
    const iso = value.includes('T') || /^\d{4}-\d\d-\d\d \d/.test(value) ? value.replace(' ', 'T') : value;
    const hasZone = /(?:Z|[+-]\d\d:?\d\d)$/i.test(iso);
    date = new Date(hasZone || !iso.includes('T') ? iso : `${iso}Z`);
  }
  if (Number.isNaN(date.getTime())) return String(value);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** A column format that shows a time in local time. */
export function timeFormat(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? formatTime(value) : formatCell(value);
}

/** A column format that shows an enum code by its name, and an unknown code as `Unknown (n)`. */
export function codeFormat(names: Record<number, string>): (value: unknown) => string {
  return (value) => {
    if (typeof value !== 'number') return formatCell(value);
    return names[value] ?? `Unknown (${value})`;
  };
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
