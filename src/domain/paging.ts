import type { SelectQueryBuilder } from 'kysely';

/** One page of a list: `current` is 1-based, as RustDesk clients and the official scripts send it. */
export interface Page {
  current: number;
  pageSize: number;
}

export interface Paged<T> {
  total: number;
  rows: T[];
}

export function offsetOf(page: Page): number {
  return (page.current - 1) * page.pageSize;
}

/** How many rows a query matches: the total beside one page of it, or a figure of its own. */
export async function countRows<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
): Promise<number> {
  const row = await query
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$castTo<{ n: number | string | bigint }>()
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
