import { matchesPattern } from '../../db/filters.js';
import type { Db } from '../../db/schema.js';
import type { TimeWindow } from '../audits/time-filter.js';
import { countRows, offsetOf, type Page } from '../paging.js';

/** Filters of the console log: `operator` is a pattern (matchesPattern), `typ`/`iop` exact codes. */
export interface ConsoleLogFilter {
  window: TimeWindow;
  operator?: string;
  typ?: number;
  iop?: number;
}

function consoleLogQuery(db: Db, filter: ConsoleLogFilter) {
  const { since, until } = filter.window;
  return db
    .selectFrom('console_audits')
    .$if(since !== undefined, (qb) => qb.where('created_at', '>=', since ?? 0))
    .$if(until !== undefined, (qb) => qb.where('created_at', '<=', until ?? 0))
    .$if(filter.operator !== undefined, (qb) => qb.where(matchesPattern('operator', filter.operator ?? '')))
    .$if(filter.typ !== undefined, (qb) => qb.where('typ', '=', filter.typ ?? 0))
    .$if(filter.iop !== undefined, (qb) => qb.where('iop', '=', filter.iop ?? 0));
}

export interface ConsoleLogRow {
  guid: string;
  operator: string;
  typ: number;
  iop: number;
  detail: string;
  ip: string;
  created_at: number;
}

/** One page of console records, newest first. */
export function consoleLogPage(db: Db, filter: ConsoleLogFilter, page: Page): Promise<ConsoleLogRow[]> {
  return consoleLogQuery(db, filter)
    .select(['guid', 'operator', 'typ', 'iop', 'detail', 'ip', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.pageSize)
    .offset(offsetOf(page))
    .execute();
}

export async function countConsoleLogs(db: Db, filter: ConsoleLogFilter): Promise<number> {
  return countRows(consoleLogQuery(db, filter));
}

export async function deleteConsoleAuditsCreatedBefore(db: Db, cutoff: number): Promise<number> {
  const result = await db.deleteFrom('console_audits').where('created_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
