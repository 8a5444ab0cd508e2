import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { type ListState, listQuery, readListState, writeListState } from './list-params';

export interface PagedList<T, F extends Record<string, string>> {
  state: ListState<F>;
  query: ReturnType<typeof useQuery<Page<T>>>;
  /** Applies filters and goes back to the first page. */
  setFilters(filters: Partial<F>): void;
  resetFilters(): void;
  setPage(current: number, pageSize: number): void;
}

/**
 * A paged, filtered list from the management API (`GET path?current=&pageSize=&<filters>` →
 * `{total, data}`), its state in the address bar. The previous page stays on screen while the
 * next one loads.
 */
export function usePagedList<T, F extends Record<string, string>>({
  path,
  queryKey,
  filterKeys,
}: {
  path: string;
  queryKey: readonly unknown[];
  filterKeys: readonly (keyof F & string)[];
}): PagedList<T, F> {
  const [searchParams, setSearchParams] = useSearchParams();
  // filterKeys is a constant of the calling page; its contents, not its identity, matter.
  const keys = filterKeys.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: keys stands for filterKeys
  const state = useMemo(() => readListState<F>(searchParams, filterKeys), [searchParams, keys]);
  const params = listQuery(state);

  const query = useQuery({
    queryKey: [...queryKey, params],
    queryFn: ({ signal }) => api.get<Page<T>>(path, { query: params, signal }),
    placeholderData: keepPreviousData,
  });

  const go = useCallback(
    (next: ListState<F>) => setSearchParams(writeListState(next), { replace: false }),
    [setSearchParams],
  );
  return {
    state,
    query,
    setFilters: (filters) => go({ ...state, current: 1, filters: { ...state.filters, ...filters } }),
    resetFilters: () =>
      go({ ...state, current: 1, filters: Object.fromEntries(filterKeys.map((key) => [key, ''])) as F }),
    setPage: (current, pageSize) =>
      go({ ...state, current: pageSize === state.pageSize ? current : 1, pageSize }),
  };
}
