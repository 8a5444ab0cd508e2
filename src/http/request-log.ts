import {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyLogFn,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import type { Clock } from '../lib/clock.js';

/** How requests are logged; `rdconsole serve` takes these from its flags. */
export interface RequestLogOptions {
  /** One line per request: at info, but heartbeats at debug. */
  accessLog: boolean;
  /** A request that takes this long or longer is logged as a warning; 0: never. */
  slowRequestMs: number;
}

export const SUMMARY_INTERVAL_MS = 5 * 60_000;
/**
 * Slow-request lines per summary interval: when everything is slow (an overloaded machine), a line per
 * request would only add to the load. The summary counts all of them.
 */
export const SLOW_LINES_PER_INTERVAL = 20;

const HEARTBEAT_PATH = '/api/heartbeat';

/**
 * What a log line says about a request: method, path and client address. Never headers (they carry
 * credentials) and never the query string (a place for tokens); paths hold only ids.
 */
export function describeRequest(request: Pick<FastifyRequest, 'method' | 'url' | 'ip'>): {
  method: string;
  url: string;
  ip: string;
} {
  const url = request.url;
  const query = url.indexOf('?');
  return { method: request.method, url: query === -1 ? url : url.slice(0, query), ip: request.ip };
}

/**
 * Fastify's logger options for rdconsole: JSON lines on `stream` (stdout when absent), in which any
 * request passed as `req` is written as `describeRequest` gives it. Fastify's own serializer would
 * write the URL with its query string.
 *
 * Stdout is `process.stdout`, not pino's default destination: that one writes from libuv's thread
 * pool, so a line still being written when `rdconsole serve` stops (process.exit) came out after the
 * lines written after it, or not at all, and its lines could pass `console.log`'s. `process.stdout`
 * writes to a file or a pipe (systemd's journal, a container's log) at once, in order.
 */
export function loggerOptions(
  level: string,
  stream: { write(line: string): void } = process.stdout,
): NonNullable<FastifyServerOptions['logger']> {
  return { level, serializers: { req: describeRequest }, stream };
}

type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildLoggerOptions = NonNullable<Parameters<FastifyBaseLogger['child']>[1]>;

/**
 * The logger of one request (its `request.log`), made only when the request writes a line. Fastify
 * makes a child logger for every request; since by default a request writes nothing, most of those
 * would be made for nothing, at a cost the heartbeat feels.
 */
class RequestLogger implements FastifyBaseLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get logger(): FastifyBaseLogger {
    this.made ??= this.parent.child(this.bindings, this.options);
    return this.made;
  }

  get level(): string {
    return (this.made ?? this.parent).level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }

  // Methods, not arrow-function fields: those would be seven functions made for every request.
  fatal(...args: Parameters<FastifyLogFn>): void {
    this.logger.fatal(...args);
  }
  error(...args: Parameters<FastifyLogFn>): void {
    this.logger.error(...args);
  }
  warn(...args: Parameters<FastifyLogFn>): void {
    this.logger.warn(...args);
  }
  info(...args: Parameters<FastifyLogFn>): void {
    this.logger.info(...args);
  }
  debug(...args: Parameters<FastifyLogFn>): void {
    this.logger.debug(...args);
  }
  trace(...args: Parameters<FastifyLogFn>): void {
    this.logger.trace(...args);
  }
  silent(...args: Parameters<FastifyLogFn>): void {
    this.logger.silent(...args);
  }
}

/** Fastify's `childLoggerFactory` for rdconsole: see RequestLogger. */
export function requestLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  return new RequestLogger(logger, bindings, options);
}

interface Counts {
  requests: number;
  heartbeats: number;
  /** Answers 400–499. */
  refused: number;
  /** Answers 500 and above, and responses that failed while being sent. */
  failed: number;
  slow: number;
}

const noCounts = (): Counts => ({ requests: 0, heartbeats: 0, refused: 0, failed: 0, slow: 0 });

/**
 * Replaces Fastify's two lines per request ("incoming request", "request completed"): at 100,000
 * devices heartbeating every 15 s they would be gigabytes a day. By default a request writes a line
 * only when it is slow or fails (the error handler writes those with the error); the rest is counted
 * for the periodic summary. With `accessLog`, every request writes one line, heartbeats at debug.
 */
export class RequestLog extends LogController {
  private counts = noCounts();
  private slowLinesLeft = SLOW_LINES_PER_INTERVAL;

  constructor(private readonly options: RequestLogOptions) {
    super();
  }

  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const counts = this.counts;
    counts.requests += 1;
    const status = reply.statusCode;
    if (status >= 500 || error) counts.failed += 1;
    else if (status >= 400) counts.refused += 1;
    const heartbeat = isHeartbeat(request);
    if (heartbeat) counts.heartbeats += 1;

    const ms = reply.elapsedTime;
    if (error) {
      reply.log.error({ req: request, status, ms: Math.round(ms), err: error }, 'response failed');
    } else if (this.options.slowRequestMs > 0 && ms >= this.options.slowRequestMs) {
      counts.slow += 1;
      if (this.slowLinesLeft > 0) {
        this.slowLinesLeft -= 1;
        reply.log.warn({ req: request, status, ms: Math.round(ms) }, 'slow request');
      }
    } else if (this.options.accessLog) {
      const line = { req: request, status, ms: Math.round(ms) };
      if (heartbeat) reply.log.debug(line, 'request');
      else reply.log.info(line, 'request');
    }
  }

  /** The counts since the last call, which starts a new interval. */
  takeCounts(): Counts {
    const counts = this.counts;
    this.counts = noCounts();
    this.slowLinesLeft = SLOW_LINES_PER_INTERVAL;
    return counts;
  }
}

/**
 * Whether the heartbeat route answered: `/api/heartbeat/` and `/api/heartbeat?x` are heartbeats too,
 * and no other route starts so. (`is404` is cheap; `routeOptions` builds an object on every read.)
 */
function isHeartbeat(request: FastifyRequest): boolean {
  return request.url.startsWith(HEARTBEAT_PATH) && !request.is404;
}

/**
 * Writes the summary line every `intervalMs` while the server runs: requests, heartbeats, refusals,
 * failures and slow requests of the interval, the rates, and the devices online. An interval without
 * requests writes nothing.
 */
export function registerRequestSummary(
  app: FastifyInstance,
  requestLog: RequestLog,
  options: { intervalMs: number; clock: Clock },
): void {
  let timer: NodeJS.Timeout | undefined;
  let since = options.clock();
  const summarize = () => {
    const now = options.clock();
    const counts = requestLog.takeCounts();
    const seconds = (now > since ? now - since : options.intervalMs) / 1000;
    since = now;
    if (counts.requests === 0) return;
    const devicesOnline = app.services.presence.onlineCount();
    const perSecond = (n: number) => Math.round((n / seconds) * 10) / 10;
    app.log.info(
      {
        seconds: Math.round(seconds),
        ...counts,
        requestsPerSecond: perSecond(counts.requests),
        heartbeatsPerSecond: perSecond(counts.heartbeats),
        devicesOnline,
      },
      `summary: ${perSecond(counts.requests)} requests/s, ${perSecond(counts.heartbeats)} heartbeats/s, devices online: ${devicesOnline}`,
    );
  };
  app.addHook('onReady', async () => {
    since = options.clock();
    timer = setInterval(summarize, options.intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
  });
}
