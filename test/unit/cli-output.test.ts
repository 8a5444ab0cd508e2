import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirm } from '../../src/cli/manage/confirm.js';
import { CliError } from '../../src/cli/manage/errors.js';
import { fuzzy, splitList } from '../../src/cli/manage/filters.js';
import { formatAccessRules } from '../../src/cli/manage/groups.js';
import { ApiClient, LIST_PAGE_SIZE } from '../../src/cli/manage/http.js';
import { memoryIo } from '../../src/cli/manage/io.js';
import {
  codeFormat,
  formatCell,
  formatTime,
  printList,
  printOutcome,
  printTable,
} from '../../src/cli/manage/output.js';
import { forEachWithProgress } from '../../src/cli/manage/progress.js';

describe('CLI tables and JSON', () => {
  it('aligns columns under their titles, formats cells, and keeps each row on one line', () => {
    const io = memoryIo();
    printTable(
      io,
      [
        { name: 'mike', admin: true, group: 'Default', note: 'two\nlines' },
        { name: 'a', admin: false, group: null, note: { x: 1 } },
      ],
      [
        { key: 'name', title: 'NAME' },
        { key: 'admin', title: 'ADMIN' },
        { key: 'group', title: 'GROUP', format: (v) => (v === null ? '(none)' : String(v)) },
        { key: 'note', title: 'NOTE' },
      ],
    );
    expect(io.out).toBe(
      [
        'NAME  ADMIN  GROUP    NOTE',
        '----  -----  -------  ---------',
        'mike  yes    Default  two lines',
        'a     no     (none)   {"x":1}',
        '',
      ].join('\n'),
    );
  });

  it('prints a list as a table, as a message when empty, or as JSON', () => {
    const columns = [{ key: 'name', title: 'NAME' }];
    const empty = memoryIo();
    printList(empty, false, [], columns, 'Found 0 users');
    expect(empty.out).toBe('Found 0 users\n');
    const json = memoryIo();
    printList(json, true, [{ name: 'x', extra: 1 }], columns, 'none');
    expect(JSON.parse(json.out)).toEqual([{ name: 'x', extra: 1 }]);
    const emptyJson = memoryIo();
    printList(emptyJson, true, [], columns, 'none');
    expect(JSON.parse(emptyJson.out)).toEqual([]);
    const outcome = memoryIo();
    printOutcome(outcome, false, 'Success: User created', { created: 'x' });
    printOutcome(outcome, true, 'Success: User created', { created: 'x' });
    expect(outcome.out).toBe('Success: User created\n{\n  "created": "x"\n}\n');
  });

  it('shows times in local time from Unix seconds, milliseconds and naive-UTC or zoned ISO text', () => {
    const instant = Date.UTC(2025, 4, 1, 10, 20, 30);
    const local = new Date(instant);
    const pad = (n: number) => String(n).padStart(2, '0');
    const expected = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())}`;
    expect(formatTime(instant / 1000)).toBe(expected);
    expect(formatTime(instant)).toBe(expected);
    expect(formatTime('2025-05-01T10:20:30')).toBe(expected);
    expect(formatTime('2025-05-01T10:20:30.123')).toBe(expected);
    expect(formatTime('2025-05-01 10:20:30')).toBe(expected);
    expect(formatTime('2025-05-01T10:20:30Z')).toBe(expected);
    expect(formatTime('2025-05-01T12:20:30+02:00')).toBe(expected);
    expect(formatTime(null)).toBe('');
    expect(formatTime('')).toBe('');
    expect(formatTime('not a time')).toBe('not a time');
  });

  it('names enum codes and shows unknown ones as such', () => {
    const format = codeFormat({ 0: 'Remote Desktop', 1: 'File Transfer' });
    expect(format(1)).toBe('File Transfer');
    expect(format(9)).toBe('Unknown (9)');
    expect(format(null)).toBe('');
    expect(formatCell(['a', 'b'])).toBe('["a","b"]');
  });
});

describe('CLI access rules', () => {
  it('names the rule types, shows an unknown one by its code and skips what is not a rule', () => {
    expect(
      formatAccessRules([
        { type: 0, name: 'Sales' },
        { type: 2, name: 'mike' },
        { type: 9, name: 'x' },
        null,
      ]),
    ).toBe('user group Sales, user mike, type 9 x');
    expect(formatAccessRules('not a list')).toBe('');
  });
});

describe('CLI filters', () => {
  it('wraps filter values in % like the official scripts, except "-" and values holding %', () => {
    expect(fuzzy('mike')).toBe('%mike%');
    expect(fuzzy('')).toBe('%%');
    expect(fuzzy('-')).toBe('-');
    expect(fuzzy('mi%')).toBe('mi%');
    expect(fuzzy(undefined)).toBeUndefined();
  });

  it('splits comma-separated lists, trimming and dropping empty items', () => {
    expect(splitList(' a, b,,c ,')).toEqual(['a', 'b', 'c']);
    expect(splitList('')).toEqual([]);
  });
});

describe('CLI confirmation', () => {
  it.each([
    ['Y\n', true],
    [' y \n', true],
    ['Y', true],
    ['n\n', false],
    ['yes\n', false],
    ['', false],
  ])('answer %j confirms: %s', async (input, expected) => {
    const io = memoryIo({ input });
    expect(
      await confirm(io, 'Found 2 users. Do you want to proceed with disable operation on the users?', false),
    ).toBe(expected);
    expect(io.err).toContain(
      "Do you want to proceed with disable operation on the users? (Y/N)\nType 'Y' to confirm: ",
    );
    expect(io.err.includes('Operation cancelled.')).toBe(!expected);
    expect(io.out).toBe('');
  });

  it('does not ask with --yes', async () => {
    const io = memoryIo();
    expect(await confirm(io, 'Proceed?', true)).toBe(true);
    expect(io.err).toBe('');
  });
});

describe('CLI progress', () => {
  it('shows i/n on a terminal and erases the line at the end', async () => {
    const io = memoryIo({ tty: true });
    const done: number[] = [];
    await forEachWithProgress(io, 'Disabling', [1, 2], async (n) => {
      done.push(n);
    });
    expect(done).toEqual([1, 2]);
    expect(io.err).toBe('\r\x1b[KDisabling 1/2\r\x1b[KDisabling 2/2\r\x1b[K');
  });

  it('prints nothing when stderr is not a terminal, and stops at the first failure', async () => {
    const io = memoryIo();
    const done: number[] = [];
    await expect(
      forEachWithProgress(io, 'Deleting', [1, 2, 3], async (n) => {
        if (n === 2) throw new CliError('no');
        done.push(n);
      }),
    ).rejects.toThrow('no');
    expect(done).toEqual([1]);
    expect(io.err).toBe('');
  });
});

describe('CLI HTTP client', () => {
  const total = LIST_PAGE_SIZE + 5;
  const seen: {
    method: string;
    url: string;
    auth: string | undefined;
    type: string | undefined;
    body: string;
  }[] = [];
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        seen.push({
          method: request.method ?? '',
          url: request.url ?? '',
          auth: request.headers.authorization,
          type: request.headers['content-type'],
          body,
        });
        const url = new URL(request.url ?? '/', 'http://x');
        const send = (status: number, text: string) => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(text);
        };
        if (url.pathname === '/sub/api/items') {
          const current = Number(url.searchParams.get('current'));
          const size = Number(url.searchParams.get('pageSize'));
          const start = (current - 1) * size;
          const data = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => ({
            n: start + i,
          }));
          return send(200, JSON.stringify({ data, total }));
        }
        if (url.pathname === '/sub/api/denied') return send(403, '{"error":"Token lacks user:rw"}');
        if (url.pathname === '/sub/api/error-200') return send(200, '{"error":"Group not found"}');
        if (url.pathname === '/sub/api/plain') return send(502, '');
        if (url.pathname === '/sub/api/empty') return send(200, '');
        if (url.pathname === '/sub/api/not-a-page') return send(200, '[1,2]');
        if (url.pathname === '/sub/api/proxy-error') {
          response.writeHead(502, { 'content-type': 'text/html' });
          return response.end('<html>\n<body><h1>502 Bad Gateway</h1></body>\n</html>');
        }
        if (url.pathname === '/sub/api/plain-500') {
          response.writeHead(500, { 'content-type': 'text/plain' });
          return response.end('database unavailable\n');
        }
        if (url.pathname === '/sub/api/cut-off') {
          response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
          response.write('{"data": [');
          setTimeout(() => request.socket.destroy(), 20);
          return;
        }
        if (url.pathname === '/sub/api/html') {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          return response.end('<!doctype html>');
        }
        return send(200, JSON.stringify({ echo: body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sub//`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the token, encodes the query, drops undefined values and sends JSON bodies', async () => {
    const api = new ApiClient(base, 'tok');
    seen.length = 0;
    const answer = await api.request<{ echo: string }>('POST', '/api/echo', {
      query: { name: '%a b%', skip: undefined, n: 3 },
      body: ['x'],
    });
    expect(answer).toEqual({ echo: '["x"]' });
    expect(seen[0]).toEqual({
      method: 'POST',
      url: '/sub/api/echo?name=%25a+b%25&n=3',
      auth: 'Bearer tok',
      type: 'application/json',
      body: '["x"]',
    });
    await api.request('GET', '/api/echo');
    expect(seen[1]?.type).toBeUndefined();
  });

  it('pages through a list with current/pageSize until total', async () => {
    const api = new ApiClient(base, 'tok');
    seen.length = 0;
    const progress: [number, number][] = [];
    const rows = await api.listAll<{ n: number }>('/api/items', { name: 'x' }, (loaded, all) =>
      progress.push([loaded, all]),
    );
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(seen.map((s) => s.url)).toEqual([
      `/sub/api/items?name=x&current=1&pageSize=${LIST_PAGE_SIZE}`,
      `/sub/api/items?name=x&current=2&pageSize=${LIST_PAGE_SIZE}`,
    ]);
    expect(progress).toEqual([
      [LIST_PAGE_SIZE, total],
      [total, total],
    ]);
  });

  it("turns the server's errors into CliErrors with its message", async () => {
    const api = new ApiClient(base, 'tok');
    await expect(api.request('GET', '/api/denied')).rejects.toThrow(
      'Token lacks user:rw (HTTP 403 on GET /api/denied)',
    );
    await expect(api.request('GET', '/api/error-200')).rejects.toThrow(new CliError('Group not found'));
    await expect(api.request('GET', '/api/plain')).rejects.toThrow(
      'Bad Gateway (HTTP 502 on GET /api/plain)',
    );
    await expect(api.listAll('/api/not-a-page')).rejects.toThrow(
      'did not answer with a {"data": [...], "total": n} page',
    );
    await expect(api.list('/api/error-200')).rejects.toThrow('Group not found');
    await expect(api.list('/api/echo')).rejects.toThrow(
      new CliError('GET /api/echo did not answer with a JSON list'),
    );
    expect(await api.list('/api/not-a-page')).toEqual([1, 2]);
    expect(await api.request('DELETE', '/api/empty')).toBeUndefined();
    await expect(api.request('GET', '/api/html')).rejects.toThrow(
      `GET /api/html answered with text/html, not JSON: is ${base.replace(/\/+$/, '')} the address of rdconsole?`,
    );
  });

  it('shows a one-line text answer of a failure, and the status line instead of an HTML page', async () => {
    const api = new ApiClient(base, 'tok');
    await expect(api.request('GET', '/api/proxy-error')).rejects.toThrow(
      new CliError('Bad Gateway (HTTP 502 on GET /api/proxy-error)'),
    );
    await expect(api.request('POST', '/api/plain-500')).rejects.toThrow(
      new CliError('database unavailable (HTTP 500 on POST /api/plain-500)'),
    );
  });

  it('says when the answer breaks off', async () => {
    const api = new ApiClient(base, 'tok');
    await expect(api.request('GET', '/api/cut-off')).rejects.toThrow(
      /^the answer to GET \/api\/cut-off broke off: .+/,
    );
  });

  it('says when the server cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const api = new ApiClient(`http://127.0.0.1:${port}`, 'tok');
    await expect(api.request('GET', '/api/users')).rejects.toThrow(
      `cannot reach http://127.0.0.1:${port}: connection refused (is rdconsole running?)`,
    );
  });
});
