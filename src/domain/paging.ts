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
