import { type CsvColumn, csvTime } from '../../http/csv.js';
import { nameOf } from '../audits/codes.js';
import { CONSOLE_AREA_NAMES, CONSOLE_OPERATION_NAMES } from './codes.js';
import type { ConsoleLogRow } from './repository.js';

/** A console record as audits.py reads it (admin-api.md §7.2): `typ`/`iop` codes, time in epoch seconds. */
export function presentConsoleLog(row: ConsoleLogRow) {
  return {
    guid: row.guid,
    operator: row.operator,
    typ: row.typ,
    iop: row.iop,
    detail: row.detail,
    ip: row.ip,
    created_at: Math.floor(row.created_at / 1000),
  };
}

/** The CSV export names the codes, as the console shows them, and writes the time as ISO UTC. */
export const CONSOLE_LOG_CSV: ReadonlyArray<CsvColumn<ConsoleLogRow>> = [
  { header: 'Operator', value: (r) => r.operator },
  { header: 'Type', value: (r) => nameOf(CONSOLE_AREA_NAMES, r.typ) },
  { header: 'Operation', value: (r) => nameOf(CONSOLE_OPERATION_NAMES, r.iop) },
  { header: 'Detail', value: (r) => r.detail },
  { header: 'IP', value: (r) => r.ip },
  { header: 'Time', value: (r) => csvTime(r.created_at) },
];
