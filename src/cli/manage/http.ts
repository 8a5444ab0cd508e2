import { MINUTE_MS } from '../../lib/clock.js';
import { CliError, UsageError } from './errors.js';

export type QueryValue = string | number | boolean | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
}

/** Rows per request when paging through a list; the server accepts up to 1000. */
export const LIST_PAGE_SIZE = 100;
const REQUEST_TIMEOUT_MS = MINUTE_MS;

/** A thin client of rdconsole's management API, authenticated with an API token. */
export class ApiClient {
  readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly token: string,
  ) {
    let parsed: URL;
    try {
      parsed = new URL(baseUrl);
    } catch {
      throw new UsageError(`--url "${baseUrl}" is not a URL (example: http://127.0.0.1:21114)`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new UsageError(`--url must start with http:// or https:// (got "${baseUrl}")`);
    }
    // Like the official scripts: every trailing "/" goes, and paths are appended (a path prefix is kept).
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /**
   * Sends one request and returns the JSON answer (undefined for an empty body). Any status but 200,
   * a 200 whose JSON holds "error", or a body that is not JSON becomes a CliError.
   */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      throw new CliError(`cannot reach ${this.baseUrl}: ${describeFetchError(error)}`);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new CliError(`the answer to ${method} ${path} broke off: ${describeFetchError(error)}`);
    }
    const parsed = parseJson(text);
    if (response.status !== 200) {
      const message = errorMessageOf(parsed) ?? (plainMessage(text, response) || response.statusText);
      throw new CliError(`${message || 'no answer'} (HTTP ${response.status} on ${method} ${path})`);
    }
    if (parsed === NOT_JSON) {
      // An address that is not rdconsole's API (a wrong path prefix reaches the console's web page).
      const type = response.headers.get('content-type')?.split(';')[0] ?? 'no content type';
      throw new CliError(
        `${method} ${path} answered with ${type}, not JSON: is ${this.baseUrl} the address of rdconsole?`,
      );
    }
    const error = errorMessageOf(parsed);
    if (error !== undefined) throw new CliError(error);
    return parsed as T;
  }

  /** One page of a paged list (`{"data": [...], "total": n}`); `query` holds `current` and `pageSize`. */
  async page<T>(path: string, query: Query): Promise<Page<T>> {
    const page = await this.request<unknown>('GET', path, { query });
    if (!isPage(page))
      throw new CliError(`GET ${path} did not answer with a {"data": [...], "total": n} page`);
    return page as Page<T>;
  }

  /** A list the server sends whole, as a JSON array (GET). */
  async list<T>(path: string): Promise<T[]> {
    const answer = await this.request<unknown>('GET', path);
    if (!Array.isArray(answer)) throw new CliError(`GET ${path} did not answer with a JSON list`);
    return answer as T[];
  }

  /**
   * Every row of a paged list, page after page with `current`/`pageSize`. `onPage` hears how many rows
   * are loaded so far out of the total.
   */
  async listAll<T>(
    path: string,
    query: Query = {},
    onPage?: (loaded: number, total: number) => void,
  ): Promise<T[]> {
    const rows: T[] = [];
    for (let current = 1; ; current++) {
      const page = await this.page<T>(path, { ...query, current, pageSize: LIST_PAGE_SIZE });
      rows.push(...page.data);
      onPage?.(rows.length, page.total);
      if (page.data.length < LIST_PAGE_SIZE || current * LIST_PAGE_SIZE >= page.total) return rows;
    }
  }
}

export interface Page<T> {
  data: T[];
  total: number;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function errorMessageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('error' in body))
    return undefined;
  const { error } = body as { error: unknown };
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/**
 * The text of an error answer that is not JSON, when it reads as a one-line message (a proxy's
 * `502 Bad Gateway` page or a long body is left out: the status line says more).
 */
function plainMessage(text: string, response: Response): string | undefined {
  const type = response.headers.get('content-type') ?? 'text/plain';
  const trimmed = text.trim();
  if (!type.startsWith('text/plain') || trimmed.includes('\n') || trimmed.length > 200) return undefined;
  return trimmed;
}

function isPage(value: unknown): value is { data: unknown[]; total: number } {
  if (typeof value !== 'object' || value === null) return false;
  const { data, total } = value as { data?: unknown; total?: unknown };
  return Array.isArray(data) && typeof total === 'number';
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer within 60 seconds';
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused (is rdconsole running?)';
  const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return cause?.code && !message.includes(cause.code) ? `${message} (${cause.code})` : message;
}
