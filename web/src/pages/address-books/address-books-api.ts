import { type QueryClient, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client';
import type { Page } from '../../api/types';
import { type ListScope, type PagedList, usePagedList } from '../../components/list/usePagedList';
import {
  addEach,
  type BookChangesBody,
  type NewBookBody,
  type NewRuleBody,
  type PeerBody,
} from './book-forms';
import { readTagFilter, type TagFilter } from './tag-filter';

/** Every query of this page starts with this key, so that one change refreshes what it touches. */
export const addressBooksKey = ['address-books'] as const;
const MAX_PAGE_SIZE = 1000;

/** A shared book as GET /api/ab/shared/profiles lists it, with the caller's rule on it. */
export interface BookProfile {
  guid: string;
  name: string;
  /** The owner's user name. */
  owner: string;
  note: string;
  /** `password` is the book's default peer password, present only when it has one. */
  info: { password?: string };
  rule: number;
}

/** A book as this page shows it: the personal book or a shared one. */
export interface Book {
  guid: string;
  /** Empty for the personal book, whose name is the console's own words. */
  name: string;
  owner: string;
  note: string;
  hasPassword: boolean;
  rule: number;
  personal: boolean;
}

/** A peer of a book (GET /api/ab/peers); the password is read only to tell whether there is one. */
export interface AbPeer {
  id: string;
  /** Personal books: the client's remembered password hash. */
  hash?: string;
  /** Shared books: the peer's password. Never shown. */
  password?: string;
  username: string;
  hostname: string;
  platform: string;
  alias: string;
  tags: string[];
  note: string;
  same_server: boolean;
  device_group_name: string;
}

export interface BinnedPeer extends AbPeer {
  /** Epoch seconds. */
  deleted_at: number;
}

export interface AbTag {
  name: string;
  /** 32-bit ARGB, unsigned. */
  color: number;
}

export function hasPassword(peer: AbPeer): boolean {
  return Boolean(peer.password) || Boolean(peer.hash);
}

export function bookOfProfile(profile: BookProfile): Book {
  return {
    guid: profile.guid,
    name: profile.name,
    owner: profile.owner,
    note: profile.note,
    hasPassword: Boolean(profile.info.password),
    rule: profile.rule,
    personal: false,
  };
}

/** The guid in the address bar is no book the caller can see. */
export class BookNotFound extends Error {}

const personalQuery = queryOptions({
  queryKey: [...addressBooksKey, 'personal'],
  queryFn: ({ signal }) => api.get<{ guid: string }>('/api/ab/personal', { signal }).then((r) => r.guid),
  staleTime: Number.POSITIVE_INFINITY,
});

export function usePersonalGuid() {
  return useQuery(personalQuery);
}

/**
 * The book behind a guid: the caller's personal book, or a shared one found among those the caller
 * can see (the API has no single-book read; a console rarely has more than a few hundred books).
 */
async function findBook(queryClient: QueryClient, guid: string, me: string, signal: AbortSignal) {
  if ((await queryClient.fetchQuery(personalQuery)) === guid) {
    return { guid, name: '', owner: me, note: '', hasPassword: false, rule: 3, personal: true };
  }
  for (let current = 1; ; current += 1) {
    const page = await api.get<Page<BookProfile>>('/api/ab/shared/profiles', {
      query: { current, pageSize: MAX_PAGE_SIZE },
      signal,
    });
    const profile = page.data.find((p) => p.guid === guid);
    if (profile) return bookOfProfile(profile);
    if (current * MAX_PAGE_SIZE >= page.total || page.data.length === 0) throw new BookNotFound(guid);
  }
}

export function useBook(guid: string, me: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: [...addressBooksKey, 'book', guid],
    queryFn: ({ signal }): Promise<Book> => findBook(queryClient, guid, me, signal),
    retry: (count, error) => !(error instanceof BookNotFound) && count < 2,
  });
}

/**
 * Whether the caller may create shared books and change their rules: administrators always, others
 * while "Allow non-administrators to share address books" is on. Unknown until read, so no while loading.
 */
export function useCanShare(): boolean {
  const query = useQuery({
    queryKey: [...addressBooksKey, 'settings'],
    queryFn: ({ signal }) => api.post<{ can_share: boolean }>('/api/ab/settings', undefined, { signal }),
  });
  return query.data?.can_share ?? false;
}

export function useTags(guid: string) {
  return useQuery({
    queryKey: [...addressBooksKey, 'tags', guid],
    queryFn: ({ signal }) => api.get<AbTag[]>(`/api/ab/tags/${encodeURIComponent(guid)}`, { signal }),
  });
}

/** The peer list's filters in the address bar, all the API's: ID and alias patterns, and the tag filter. */
export const PEER_FILTER_KEYS = ['id', 'alias', 'tags', 'untagged', 'tags_match'] as const;
export type PeerFilters = Record<(typeof PEER_FILTER_KEYS)[number], string>;

/** A book's peers, filtered and paged by the server. */
export function usePeerList(
  guid: string,
  scope: ListScope,
): { list: PagedList<AbPeer, PeerFilters>; tagFilter: TagFilter } {
  const list = usePagedList<AbPeer, PeerFilters>({
    path: '/api/ab/peers',
    queryKey: [...addressBooksKey, 'peers', guid],
    filterKeys: PEER_FILTER_KEYS,
    scope,
    fixed: { ab: guid },
  });
  const { tags, untagged, tags_match } = list.state.filters;
  return { list, tagFilter: readTagFilter({ tags, untagged, tags_match }) };
}

const bookPath = (action: string, guid: string) => `/api/ab/${action}/${encodeURIComponent(guid)}`;

/** A change on this page: afterwards every address-book query is read again. */
function useBookMutation<V, R = unknown>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: addressBooksKey }),
  });
}

export const useCreateBook = () =>
  useBookMutation((body: NewBookBody) => api.post<{ guid: string }>('/api/ab/shared/add', body));
export const useUpdateBook = () =>
  useBookMutation((body: BookChangesBody) => api.put<void>('/api/ab/shared/update/profile', body));
export const useDeleteBook = () =>
  useBookMutation((guid: string) => api.delete<void>('/api/ab/shared', { body: [guid] }));

export const useAddPeer = (book: string) =>
  useBookMutation((body: PeerBody) => api.post<void>(bookPath('peer/add', book), body));
export const useUpdatePeer = (book: string) =>
  useBookMutation((body: PeerBody) => api.put<void>(bookPath('peer/update', book), body));
/** Deleted peers go to the book's recycle bin. */
export const useDeletePeers = (book: string) =>
  useBookMutation((ids: string[]) => api.delete<void>(bookPath('peer', book), { body: ids }));

/** Adds these RustDesk IDs to the book; those already in it are counted, not refused. */
export const useImportPeers = (book: string) =>
  useBookMutation((ids: string[]) =>
    addEach(
      ids,
      (id) => api.post<void>(bookPath('peer/add', book), { id }),
      (error) => error instanceof ApiError && error.status === 409,
    ),
  );

export const useRestorePeers = (book: string) =>
  useBookMutation((ids: string[]) => api.post<void>(`${bookPath('recycle-bin', book)}/restore`, ids));
export const useDeleteForGood = (book: string) =>
  useBookMutation((ids: string[]) => api.delete<void>(bookPath('recycle-bin', book), { body: ids }));
export const useEmptyBin = (book: string) =>
  useBookMutation(() => api.delete<void>(`${bookPath('recycle-bin', book)}/all`));

export const useAddRule = () =>
  useBookMutation((body: NewRuleBody) => api.post<{ guid: string }>('/api/ab/rule', body));
export const useUpdateRule = () =>
  useBookMutation((body: { guid: string; rule: number }) => api.patch<void>('/api/ab/rule', body));
export const useDeleteRule = () =>
  useBookMutation((guid: string) => api.delete<void>('/api/ab/rules', { body: [guid] }));
