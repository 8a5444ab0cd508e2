import {
  keepPreviousData,
  type QueryClient,
  queryOptions,
  type UseQueryResult,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, type QueryValue } from '../../api/client';
import type { Page } from '../../api/types';
import { DEFAULT_PAGE_SIZE, type ListState, listQuery, readListState, writeListState } from './list-params';

/**
 * Where a list keeps its page and filters: in the address bar (the default; `keep` names the other
 * parameters the address must hold on to, such as the open address book), or to itself ('local':
 * the lists inside dialogs and drawers, whose page's address stays the page's).
 */
export type ListScope = { keep: Record<string, string> } | 'local';

const WHOLE_ADDRESS: ListScope = { keep: {} };

/** A list's state and the moves on it; filtering and resetting go back to the first page. */
export interface ListControls<F extends Record<string, string>> {
  state: ListState<F>;
  /** Applies filters and goes back to the first page. */
  setFilters(filters: Partial<F>): void;
  resetFilters(): void;
  setPage(current: number, pageSize: number): void;
}

/** A list's controls and its query together: what PagedTable and FilterBar take. */
export interface PagedList<T, F extends Record<string, string>> extends ListControls<F> {
  query: UseQueryResult<Page<T>>;
}

/**
 * The list state in its scope. A local list starts afresh on its first page whenever `resetKey`
 * changes (another group's members, another book's rules).
 */
export function useListState<F extends Record<string, string>>(
  filterKeys: readonly (keyof F & string)[],
  scope: ListScope = WHOLE_ADDRESS,
  { pageSize = DEFAULT_PAGE_SIZE, resetKey = '' }: { pageSize?: number; resetKey?: string } = {},
): ListControls<F> {
  const [searchParams, setSearchParams] = useSearchParams();
  // filterKeys and scope are often built by the caller on each render; their contents are what matter.
  const keys = filterKeys.join(',');
  const initial = (): ListState<F> => ({
    ...readListState<F>(new URLSearchParams(), filterKeys),
    pageSize,
  });
  const [local, setLocal] = useState(() => ({ resetKey, state: initial() }));
  const kept = scope === 'local' ? null : new URLSearchParams(scope.keep).toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: keys stands for filterKeys
  const fromAddress = useMemo(() => readListState<F>(searchParams, filterKeys), [searchParams, keys]);
  const read = kept !== null ? fromAddress : local.resetKey === resetKey ? local.state : initial();
  // The same filters object while their content is the same: another page of the list leaves the
  // filter form (which follows the filters) alone.
  const filtersKey = JSON.stringify(read.filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: filtersKey stands for the filters' content
  const filters = useMemo(() => read.filters, [filtersKey]);
  const state = filters === read.filters ? read : { ...read, filters };

  const go = (next: ListState<F>) => {
    if (kept === null) {
      setLocal({ resetKey, state: next });
      return;
    }
    const params = new URLSearchParams(kept);
    for (const [key, value] of writeListState(next)) params.set(key, value);
    // At once rather than as a transition: the next page is usually in the cache already (prefetched),
    // and a transition would show it only after rendering the new address at low priority.
    setSearchParams(params, { flushSync: true });
  };
  // The moves act on the latest render's state but stay the same functions from one render to the
  // next, so that what takes only them (a list's filter form) need not render again with each page.
  const latest = useRef({ state, go, filterKeys });
  latest.current = { state, go, filterKeys };
  const moves = useMemo(
    (): Omit<ListControls<F>, 'state'> => ({
      setFilters: (filters) => {
        const { state, go } = latest.current;
        go({ ...state, current: 1, filters: { ...state.filters, ...filters } });
      },
      resetFilters: () => {
        const { state, go, filterKeys } = latest.current;
        go({ ...state, current: 1, filters: Object.fromEntries(filterKeys.map((key) => [key, ''])) as F });
      },
      setPage: (current, pageSize) => {
        const { state, go } = latest.current;
        go({ ...state, current: pageSize === state.pageSize ? current : 1, pageSize });
      },
    }),
    [],
  );
  return { state, ...moves };
}

/** Where a list's rows come from: the API path, the cache key its pages sit under, its filters' names. */
export interface ListSource<K extends string = string> {
  path: string;
  queryKey: readonly unknown[];
  filterKeys: readonly K[];
}

/**
 * One page of a list as a query. A page fetched in the last few seconds is not fetched again when the
 * list mounts (the page prefetched at start, see prefetchListAt, or one just seen); changes invalidate
 * it at once and the Refresh button fetches it anyway.
 */
function pageQuery<T>(path: string, queryKey: readonly unknown[], params: Record<string, QueryValue>) {
  return queryOptions({
    queryKey: [...queryKey, params],
    queryFn: ({ signal }) => api.get<Page<T>>(path, { query: params, signal }),
    staleTime: 5_000,
  });
}

/**
 * Starts fetching the page of an address-bar list that `search` (the address's query) shows, before
 * the list's code has loaded; the list then finds it in `client`'s cache (or on its way).
 */
export function prefetchListAt<F extends Record<string, string>>(
  client: QueryClient,
  { path, queryKey, filterKeys }: ListSource<keyof F & string>,
  search: URLSearchParams,
): void {
  void client.prefetchQuery(pageQuery(path, queryKey, listQuery(readListState<F>(search, filterKeys))));
}

/**
 * A paged, filtered list from the management API (`GET path?current=&pageSize=&<filters>&<fixed>`
 * → `{total, data}`), its state in its scope (the whole address bar unless told otherwise). `fixed`
 * are query parameters that are not filters (the book's guid, the group's name); a local list starts
 * again on its first page when they change. The previous page stays on screen while the next one loads.
 */
export function usePagedList<T, F extends Record<string, string>>({
  path,
  queryKey,
  filterKeys,
  scope,
  fixed = {},
  enabled = true,
  pageSize,
}: ListSource<keyof F & string> & {
  scope?: ListScope;
  fixed?: Record<string, QueryValue>;
  enabled?: boolean;
  /** The first page size of a local list (the address bar's lists start at the default). */
  pageSize?: number;
}): PagedList<T, F> {
  const controls = useListState<F>(filterKeys, scope, { pageSize, resetKey: JSON.stringify(fixed) });
  const params = { ...fixed, ...listQuery(controls.state) };
  const query = useQuery({
    ...pageQuery<T>(path, queryKey, params),
    placeholderData: keepPreviousData,
    enabled,
  });
  // Once a page is shown, the next one is fetched in the background: "next" then shows it at once.
  const client = useQueryClient();
  const { current, pageSize: size } = controls.state;
  const next =
    !query.isPlaceholderData && (query.data?.total ?? 0) > current * size
      ? { ...params, current: current + 1 }
      : null;
  const nextKey = JSON.stringify(next);
  // biome-ignore lint/correctness/useExhaustiveDependencies: nextKey stands for the next page's query
  useEffect(() => {
    if (next) void client.prefetchQuery(pageQuery<T>(path, queryKey, next));
  }, [nextKey, client, path]);
  return { ...controls, query };
}
