import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { isUniqueViolation } from '../db/errors.js';
import type { PlainErrorCode } from './error-catalogue.js';
import { AppError, BadRequest, Conflict, errorBody, NotFound, TooManyRequests } from './errors.js';

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * One schema violation as an error: "body: must have required property 'x'" → `field_required`
 * "x is required"; "/a/0 must be string" → `field_type` "a[0] must be string". Each of Ajv's usual
 * keywords has its own code; the English message is Ajv's own words, so a keyword whose words do not
 * match its template (another Ajv version) keeps them as `field_invalid`.
 */
export function validationError(part: string, issue: ValidationIssue): BadRequest {
  const segments = issue.instancePath.split('/').filter(Boolean);
  if (issue.keyword === 'required' && typeof issue.params.missingProperty === 'string') {
    return new BadRequest('field_required', {
      field: fieldName(part, [...segments, issue.params.missingProperty]),
    });
  }
  if (issue.keyword === 'additionalProperties' && typeof issue.params.additionalProperty === 'string') {
    return new BadRequest('field_not_allowed', {
      field: fieldName(part, [...segments, issue.params.additionalProperty]),
    });
  }
  const field = fieldName(part, segments);
  const detail = issue.message ?? 'is invalid';
  const specific = keywordError(field, issue);
  return specific?.message === `${field} ${detail}`
    ? specific
    : new BadRequest('field_invalid', { field, detail });
}

function keywordError(field: string, { keyword, params }: ValidationIssue): BadRequest | undefined {
  const text = (name: string) => String(params[name]);
  const limit = Number(params.limit);
  switch (keyword) {
    case 'type':
      return new BadRequest('field_type', { field, type: text('type') });
    case 'minLength':
      return new BadRequest('field_min_length', { field, limit });
    case 'maxLength':
      return new BadRequest('field_max_length', { field, limit });
    case 'minItems':
      return new BadRequest('field_min_items', { field, limit });
    case 'maxItems':
      return new BadRequest('field_max_items', { field, limit });
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return new BadRequest('field_limit', { field, comparison: text('comparison'), limit });
    case 'pattern':
      return new BadRequest('field_pattern', { field, pattern: text('pattern') });
    case 'format':
      return new BadRequest('field_format', { field, format: text('format') });
    case 'enum':
      return new BadRequest('field_enum', { field });
    default:
      return undefined;
  }
}

function fieldName(part: string, segments: string[]): string {
  if (segments.length === 0) return part === 'body' ? 'request body' : part;
  const name = segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
  // An item of a body that is itself an array: "request body[0] must be string".
  return part === 'body' && name.startsWith('[') ? `request body${name}` : name;
}

/** Fastify's own client errors (bad JSON, too large, wrong media type…) keep their status with a code. */
const FASTIFY_CLIENT_ERRORS: Record<string, PlainErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty_body',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'content_length_mismatch',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
};

/**
 * PostgreSQL's "data exception" class (SQLSTATE 22xxx): a number out of range for its column, a NUL
 * character in text. Schemas catch most of these first; this keeps the rest from becoming a 500.
 */
function isDataException(error: FastifyError): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code) && 'severity' in error;
}

/** What to answer for an error that is not an AppError: one with a code, or undefined for a 500. */
function asAppError(error: FastifyError, request: FastifyRequest): AppError | undefined {
  if (error.validation) {
    const issue = error.validation[0] as ValidationIssue | undefined;
    return issue
      ? validationError(error.validationContext ?? 'request', issue)
      : new BadRequest('request_invalid');
  }
  if (isUniqueViolation(error)) return new Conflict('created_concurrently');
  if (isDataException(error)) {
    request.log.warn(
      { req: request, status: 400, err: error },
      'the database refused a value from the request',
    );
    return new BadRequest('value_out_of_range');
  }
  const known = error.code ? FASTIFY_CLIENT_ERRORS[error.code] : undefined;
  const status = error.statusCode;
  if (known) return new AppError(status ?? 400, known);
  if (status && status >= 400 && status < 500)
    return new AppError(status, 'bad_request', { detail: error.message });
  return undefined;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const answer = error instanceof AppError ? error : asAppError(error, request);
    if (!answer) {
      request.log.error({ req: request, status: 500, err: error }, 'unexpected error');
      return reply.status(500).send(errorBody(new AppError(500, 'internal_error')));
    }
    if (answer.status >= 500) {
      // The answer says what failed, never why in detail: the log does, with the cause.
      const line = { req: request, status: answer.status, err: error };
      if (answer.status === 500) request.log.error(line, answer.code);
      else request.log.warn(line, answer.code);
    }
    if (answer instanceof TooManyRequests) reply.header('retry-after', String(answer.retryAfterSeconds));
    return reply.status(answer.status).send(errorBody(answer));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    reply.status(404).send(errorBody(new NotFound('no_such_endpoint', { method: request.method, path })));
  });
}
