import { useCallback, useSyncExternalStore } from 'react';

/** antd's md breakpoint (its token screenMD): narrower than this is a phone, for the menu and the lists. */
export const WIDER_THAN_PHONE = '(min-width: 768px)';

const lists = new Map<string, MediaQueryList>();

function mediaQueryList(query: string): MediaQueryList {
  let list = lists.get(query);
  if (!list) {
    list = window.matchMedia(query);
    lists.set(query, list);
  }
  return list;
}

/**
 * Whether a media query matches, right from the first render, and again whenever that changes. antd's
 * Grid.useBreakpoint learns the screen only after mounting, which renders its component (the whole
 * frame, a list with its rows) a second time before the first paint.
 */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = mediaQueryList(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => mediaQueryList(query).matches);
}
