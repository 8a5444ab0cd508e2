import { keepPreviousData, type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, type QueryValue } from '../../api/client';
import type { Page } from '../../api/types';
import { type ListState, listQuery, readListState, writeListState } from '../../components/list/list-params';
import type { PagedList } from '../../components/list/usePagedList';

/**
 * Where a list keeps its page and filters. The shared usePagedList owns the whole address bar; on
 * this page the address also says which book is open (`ab`) and which view (`view`), which a list
 * must keep when it pages, and the lists inside dialogs keep their state to themselves.
 */
export type ListScope = { keep: Record<string, string> } | 'local';

export interface ListControls<F extends Record<string, string>> {
  state: ListState<F>;
  setFilters(filters: Partial<F>): void;
  resetFilters(): void;
  setPage(current: number, pageSize: number): void;
}

/** The list state in its scope, with the same moves as usePagedList (filtering goes to page 1). */
export function useListState<F extends Record<string, string>>(
  filterKeys: readonly (keyof F & string)[],
  scope: ListScope,
): ListControls<F> {
  const [searchParams, setSearchParams] = useSearchParams();
  const [local, setLocal] = useState(() => readListState<F>(new URLSearchParams(), filterKeys));
  // filterKeys and scope are built by the caller on each render; their contents are what matter.
  const keys = filterKeys.join(',');
  const kept = scope === 'local' ? null : new URLSearchParams(scope.keep).toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: keys stands for filterKeys
  const fromAddress = useMemo(() => readListState<F>(searchParams, filterKeys), [searchParams, keys]);
  const state = kept === null ? local : fromAddress;

  const go = useCallback(
    (next: ListState<F>) => {
      if (kept === null) {
        setLocal(next);
        return;
      }
      const params = new URLSearchParams(kept);
      for (const [key, value] of writeListState(next)) params.set(key, value);
      setSearchParams(params);
    },
    [kept, setSearchParams],
  );
  return {
    state,
    setFilters: (filters) => go({ ...state, current: 1, filters: { ...state.filters, ...filters } }),
    resetFilters: () =>
      go({ ...state, current: 1, filters: Object.fromEntries(filterKeys.map((key) => [key, ''])) as F }),
    setPage: (current, pageSize) =>
      go({ ...state, current: pageSize === state.pageSize ? current : 1, pageSize }),
  };
}

/** A list's controls and its query together: what PagedTable and FilterBar take. */
export function pagedList<T, F extends Record<string, string>>(
  controls: ListControls<F>,
  query: UseQueryResult<Page<T>>,
): PagedList<T, F> {
  return { ...controls, query };
}

/**
 * A server-paged list (`GET path?current=&pageSize=&<filters>&<fixed>` → `{total, data}`) in its
 * scope; `fixed` are query parameters that are not filters (the book's guid). The previous page
 * stays on screen while the next one loads.
 */
export function useScopedList<T, F extends Record<string, string>>({
  path,
  queryKey,
  filterKeys,
  scope,
  fixed = {},
  enabled = true,
}: {
  path: string;
  queryKey: readonly unknown[];
  filterKeys: readonly (keyof F & string)[];
  scope: ListScope;
  fixed?: Record<string, QueryValue>;
  enabled?: boolean;
}): PagedList<T, F> {
  const controls = useListState<F>(filterKeys, scope);
  const params = { ...fixed, ...listQuery(controls.state) };
  const query = useQuery({
    queryKey: [...queryKey, params],
    queryFn: ({ signal }) => api.get<Page<T>>(path, { query: params, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
  return pagedList(controls, query);
}
