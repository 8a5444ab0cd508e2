/**
 * Which columns of a list a user has hidden, remembered in this browser per user and per list. The
 * stored value is the list of hidden column keys; no stored value means the list's defaults.
 */
const storageKey = (userName: string, page: string) => `rdconsole.columns.${userName}.${page}`;

export function loadHiddenColumns(userName: string, page: string): string[] | null {
  try {
    const value = JSON.parse(localStorage.getItem(storageKey(userName, page)) ?? 'null') as unknown;
    return Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string') : null;
  } catch {
    return null;
  }
}

/** Saves the hidden columns, or forgets the choice (back to the defaults) when given null. */
export function saveHiddenColumns(userName: string, page: string, hidden: string[] | null): void {
  try {
    if (hidden === null) localStorage.removeItem(storageKey(userName, page));
    else localStorage.setItem(storageKey(userName, page), JSON.stringify(hidden));
  } catch {
    // Storage full or disabled (private mode): the choice lasts until the page is closed.
  }
}
