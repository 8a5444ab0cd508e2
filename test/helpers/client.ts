/** What a stock RustDesk 1.4.9 client sends, for tests (client-api.md §4). */
export const CLIENT_VERSION = '1.4.9';
export const CLIENT_VER = 1004090;

export function sysinfoBody(id: string, extra: Record<string, string> = {}) {
  return {
    cpu: 'Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz, 3.19GHz, 12/6 cores',
    memory: '15.55GB',
    os: 'windows / Windows 11 Pro - 11 (22631)',
    hostname: `pc-${id}`,
    username: 'alice',
    version: CLIENT_VERSION,
    id,
    uuid: `uuid-${id}`,
    ...extra,
  };
}

export function heartbeatBody(id: string, extra: { conns?: number[]; modified_at?: number } = {}) {
  return { id, uuid: `uuid-${id}`, ver: CLIENT_VER, modified_at: 0, ...extra };
}
