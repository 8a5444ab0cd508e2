import type { QueryValue } from '../../api/client';

/**
 * The state of a list page (page, page size, filters), kept in the address bar so that a reload, a
 * bookmark or the back button shows the same rows.
 */
export interface ListState<F extends Record<string, string>> {
  current: number;
  pageSize: number;
  filters: F;
}

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;
/** The API's own ceiling for one page. */
const MAX_PAGE_SIZE = 1000;

function positiveInteger(value: string | null, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === null || !/^\d+$/.test(value)) return fallback;
  const number = Number(value);
  return number >= 1 && number <= max ? number : fallback;
}

/** Reads the list state from the address bar; anything missing or malformed takes its default. */
export function readListState<F extends Record<string, string>>(
  params: URLSearchParams,
  filterKeys: readonly (keyof F & string)[],
): ListState<F> {
  const filters = Object.fromEntries(filterKeys.map((key) => [key, params.get(key) ?? ''])) as F;
  return {
    current: positiveInteger(params.get('current'), 1),
    pageSize: positiveInteger(params.get('pageSize'), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    filters,
  };
}

/** The address-bar form of a list state; defaults and empty filters are left out. */
export function writeListState<F extends Record<string, string>>(state: ListState<F>): URLSearchParams {
  const params = new URLSearchParams();
  if (state.current !== 1) params.set('current', String(state.current));
  if (state.pageSize !== DEFAULT_PAGE_SIZE) params.set('pageSize', String(state.pageSize));
  for (const [key, value] of Object.entries(state.filters)) if (value !== '') params.set(key, value);
  return params;
}

/** The API query of a list state: the management API pages with `current` and `pageSize`. */
export function listQuery<F extends Record<string, string>>(state: ListState<F>): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = { current: state.current, pageSize: state.pageSize };
  for (const [key, value] of Object.entries(state.filters))
    if (value.trim() !== '') query[key] = value.trim();
  return query;
}

export function hasFilters(filters: Record<string, string>): boolean {
  return Object.values(filters).some((value) => value.trim() !== '');
}
