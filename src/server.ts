import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { registerRoutes } from './api/routes.js';
import { registerBackgroundJobs } from './background.js';
import { type Config, DEFAULT_SLOW_REQUEST_MS, type LogLevel } from './config.js';
import type { DatabaseHandle } from './db/connection.js';
import { createServices, type ServiceOptions } from './domain/services.js';
import { registerAccessControl } from './http/access.js';
import { DEFAULT_BODY_LIMIT, registerBodyLimits } from './http/body-limits.js';
import { registerBrowserHardening } from './http/browser-hardening.js';
import { registerErrorHandling } from './http/error-handler.js';
import { BadRequest, errorBody } from './http/errors.js';
import { registerOpenApi } from './http/openapi.js';
import {
  loggerOptions,
  RequestLog,
  type RequestLogOptions,
  registerRequestSummary,
  requestLogger,
  SUMMARY_INTERVAL_MS,
} from './http/request-log.js';
import { registerConsole } from './http/static.js';
import { registerBodyParsers, registerValidation } from './http/validation.js';
import { systemClock } from './lib/clock.js';

export interface ServerOptions extends Partial<ServiceOptions> {
  database: DatabaseHandle;
  secretKey: ServiceOptions['secretKey'];
  sessionTtlDays?: number;
  trustProxy?: Config['trustProxy'];
  /** JSON log lines on `stream` (stdout when absent); no log at all when absent. */
  log?: {
    level: LogLevel;
    stream?: { write(line: string): void };
    /** How often the summary line is written; SUMMARY_INTERVAL_MS when absent. */
    summaryIntervalMs?: number;
  } & Partial<RequestLogOptions>;
}

/** Builds the HTTP server over an open, migrated database: plugins and routes, no business logic. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const requestLog = new RequestLog({
    accessLog: options.log?.accessLog ?? false,
    slowRequestMs: options.log?.slowRequestMs ?? DEFAULT_SLOW_REQUEST_MS,
  });
  const clock = options.clock ?? systemClock;
  const app = Fastify({
    logger: options.log ? loggerOptions(options.log.level, options.log.stream) : false,
    logController: requestLog,
    childLoggerFactory: requestLogger,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true },
    return503OnClosing: true,
    // A URL that cannot be decoded, or a header Fastify refuses, still answers in the one error shape.
    frameworkErrors: (error, _request, reply) => {
      (reply as FastifyReply)
        .status(400)
        .send(
          errorBody(
            error.code === 'FST_ERR_BAD_URL'
              ? new BadRequest('invalid_url')
              : new BadRequest('bad_request', { detail: error.message }),
          ),
        );
    },
  });
  app.decorate(
    'services',
    createServices(options.database.db, {
      clock,
      sessionTtlDays: options.sessionTtlDays ?? 30,
      ...(options.throttleLimits ? { throttleLimits: options.throttleLimits } : {}),
      ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
      smtp: options.smtp,
      hbbsKey: options.hbbsKey,
      relayServers: options.relayServers,
      secretKey: options.secretKey,
    }),
  );
  registerErrorHandling(app);
  registerValidation(app);
  registerBodyParsers(app);
  registerBodyLimits(app);
  registerAccessControl(app);
  registerBackgroundJobs(app);
  if (options.log) {
    registerRequestSummary(app, requestLog, {
      intervalMs: options.log.summaryIntervalMs ?? SUMMARY_INTERVAL_MS,
      clock,
    });
  }
  registerBrowserHardening(app);
  await registerOpenApi(app);
  await registerRoutes(app);
  await registerConsole(app);
  return app;
}
