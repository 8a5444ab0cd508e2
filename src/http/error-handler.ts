import type { FastifyError, FastifyInstance } from 'fastify';
import { isUniqueViolation } from '../db/errors.js';
import { AppError, TooManyRequests } from './errors.js';

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** "body: must have required property 'x'" → "x is required"; "/a/0 must be string" → "a[0] must be string". */
export function describeValidationIssue(part: string, issue: ValidationIssue): string {
  const segments = issue.instancePath.split('/').filter(Boolean);
  if (issue.keyword === 'required' && typeof issue.params.missingProperty === 'string') {
    segments.push(issue.params.missingProperty);
    return `${fieldName(part, segments)} is required`;
  }
  if (issue.keyword === 'additionalProperties' && typeof issue.params.additionalProperty === 'string') {
    segments.push(issue.params.additionalProperty);
    return `${fieldName(part, segments)} is not allowed`;
  }
  return `${fieldName(part, segments)} ${issue.message ?? 'is invalid'}`;
}

function fieldName(part: string, segments: string[]): string {
  if (segments.length === 0) return part === 'body' ? 'request body' : part;
  const name = segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
  // An item of a body that is itself an array: "request body[0] must be string".
  return part === 'body' && name.startsWith('[') ? `request body${name}` : name;
}

/** Fastify's own client errors (bad JSON, too large, wrong media type…) keep their status with a plain message. */
const FASTIFY_CLIENT_ERRORS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'request body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request body is empty',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported Content-Type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request body is too large',
};

/**
 * PostgreSQL's "data exception" class (SQLSTATE 22xxx): a number out of range for its column, a NUL
 * character in text. Schemas catch most of these first; this keeps the rest from becoming a 500.
 */
function isDataException(error: FastifyError): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code) && 'severity' in error;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error instanceof TooManyRequests) reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.status(error.status).send({ error: error.message });
    }
    if (error.validation) {
      const issue = error.validation[0] as ValidationIssue | undefined;
      const message = issue
        ? describeValidationIssue(error.validationContext ?? 'request', issue)
        : 'invalid request';
      return reply.status(400).send({ error: message });
    }
    if (isUniqueViolation(error)) {
      return reply.status(409).send({ error: 'this already exists (it was created at the same moment)' });
    }
    if (isDataException(error)) {
      request.log.warn(
        { req: request, status: 400, err: error },
        'the database refused a value from the request',
      );
      return reply.status(400).send({ error: 'a value in the request is out of range or not valid text' });
    }
    const known = error.code ? FASTIFY_CLIENT_ERRORS[error.code] : undefined;
    if (known || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)) {
      return reply.status(error.statusCode ?? 400).send({ error: known ?? error.message });
    }
    request.log.error({ req: request, status: 500, err: error }, 'unexpected error');
    return reply.status(500).send({ error: 'Internal error' });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: `No such endpoint: ${request.method} ${request.url.split('?')[0]}` });
  });
}
