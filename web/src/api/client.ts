import { session } from '../auth/session';

/**
 * A refusal or failure of an API call. `status` 0 means the server could not be reached;
 * `message` is the server's own `{"error"}` text when it sent one, in English; `code` and `params` are
 * what the console translates (components/error-text.ts).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly params: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

export type QueryValue = string | number | boolean | undefined;

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Sends no token and treats 401 as an ordinary refusal (the login form). */
  anonymous?: boolean;
  /**
   * Sends and keeps this origin's cookies. Only OIDC logins use one (binding a login to this browser);
   * everything else is authorised by the token alone.
   */
  withCookies?: boolean;
}

function urlOf(path: string, query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The server's `{"error", "code", ...params}`, or the status line when it sent something else. */
async function errorOf(response: Response): Promise<ApiError> {
  const statusLine = `${response.status} ${response.statusText}`.trim();
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      const { error, code, ...params } = body as Record<string, unknown>;
      const message = typeof error === 'string' && error !== '' ? error : statusLine;
      return new ApiError(response.status, message, typeof code === 'string' ? code : undefined, params);
    }
  } catch {
    // Not JSON (a proxy's error page): the status line is all there is.
  }
  return new ApiError(response.status, statusLine);
}

/** Calls the rdconsole API with the console's session; resolves with the response once it is OK. */
async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const token = options.anonymous ? null : session.token();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method,
      headers,
      body,
      signal: options.signal,
      credentials: options.withCookies ? 'same-origin' : 'omit',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, error instanceof Error ? error.message : String(error));
  }

  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401 && !options.anonymous) session.expire();
    throw error;
  }
  return response;
}

/** Calls the rdconsole API with the console's session; resolves with the parsed JSON body. */
export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const text = await (await send(method, path, options)).text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/**
 * Downloads a list as CSV (`GET path?format=csv&<filters>`: every matching row, no paging) and
 * hands it to the browser as `<name>-<date>.csv`. A plain link would not carry the Bearer token.
 */
export async function downloadCsv(
  path: string,
  name: string,
  query: Record<string, QueryValue>,
): Promise<void> {
  const filters = Object.fromEntries(
    Object.entries(query).filter(([key]) => key !== 'current' && key !== 'pageSize'),
  );
  await downloadFile(
    path,
    { ...filters, format: 'csv' },
    `${name}-${new Date().toISOString().slice(0, 10)}.csv`,
  );
}

/** Downloads what `GET path` answers as a file named as the server says (Content-Disposition), else `name`. */
export async function downloadFile(
  path: string,
  query: Record<string, QueryValue>,
  name: string,
): Promise<void> {
  const response = await send('GET', path, { query });
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = named ?? name;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; revoking later keeps slow browsers safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => apiRequest<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    apiRequest<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    apiRequest<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options?: RequestOptions) =>
    apiRequest<T>('PUT', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => apiRequest<T>('DELETE', path, options),
};
