import {
  type ErrorArguments,
  type ErrorCode,
  type ErrorDetail,
  type ErrorParamValue,
  englishMessage,
  type PlainErrorCode,
} from './error-catalogue.js';

export type { ErrorCode, ErrorDetail } from './error-catalogue.js';

/** Some codes of the catalogue, by name: a name that is not a code is a type error. */
export type Codes<Some extends ErrorCode> = Some;

/**
 * The one error vocabulary. Services throw these; the error handler turns them into
 * `{"error": message, "code": code, ...params}` with the status below. Anything else becomes a 500
 * without details.
 *
 * An error is made from a code of the catalogue (error-catalogue.ts) and that code's parameters, never
 * from free text: the English message is written from the code's template, the same template the
 * console translates, so no error can reach the console without a code it knows.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Readonly<Record<string, ErrorParamValue>>;

  constructor(
    readonly status: number,
    ...[code, params]: ErrorArguments
  ) {
    const detail: ErrorDetail = { ...params, code };
    super(englishMessage(detail));
    this.code = code;
    this.params = params ?? {};
  }

  /**
   * Keeps what caused the error for the server log, which the error handler writes for every 5xx; the
   * answer never shows it.
   */
  causedBy(cause: unknown): this {
    this.cause = cause;
    return this;
  }

  /** The error as its code and parameters, to nest in another one. */
  get detail(): ErrorDetail {
    return { ...this.params, code: this.code };
  }

  /**
   * One error for several refusals of the same kind (every unknown name of a request at once): the
   * only one itself, or `several_errors` listing them, with the first one's status.
   */
  static several(errors: readonly [AppError, ...AppError[]]): AppError {
    const [first] = errors;
    if (errors.length === 1) return first;
    return new AppError(first.status, 'several_errors', { errors: errors.map((error) => error.detail) });
  }
}

export class BadRequest extends AppError {
  constructor(...args: ErrorArguments) {
    super(400, ...args);
  }
}

export class Unauthorized extends AppError {
  constructor(...args: ErrorArguments | []) {
    super(401, ...(args.length === 0 ? (['invalid_credentials'] as const) : args));
  }
}

export class Forbidden extends AppError {
  constructor(...args: ErrorArguments | []) {
    super(403, ...(args.length === 0 ? (['permission_denied'] as const) : args));
  }
}

export class NotFound extends AppError {
  constructor(...args: ErrorArguments) {
    super(404, ...args);
  }
}

export class Conflict extends AppError {
  constructor(...args: ErrorArguments) {
    super(409, ...args);
  }
}

/** A link that worked once and no longer does (used or expired). */
export class Gone extends AppError {
  constructor(...args: ErrorArguments) {
    super(410, ...args);
  }
}

export class TooManyRequests extends AppError {
  constructor(
    code: PlainErrorCode,
    readonly retryAfterSeconds: number,
  ) {
    super(429, code);
  }
}

/** Throws the refusals of one request at once (AppError.several), when there are any. */
export function throwAll(errors: readonly AppError[]): void {
  const [first, ...rest] = errors;
  if (first) throw AppError.several([first, ...rest]);
}

/** The body of an error answer: the message, the code and the code's parameters. */
export function errorBody(error: AppError): Record<string, unknown> {
  return bodyOf(error.detail);
}

/** Nested errors are written as the outer one is: each with its own English message. */
function bodyOf({ code, ...params }: ErrorDetail): Record<string, unknown> {
  const body: Record<string, unknown> = { error: englishMessage({ ...params, code }), code };
  for (const [name, value] of Object.entries(params)) {
    body[name] = Array.isArray(value) && value.some(isDetail) ? value.filter(isDetail).map(bodyOf) : value;
  }
  return body;
}

function isDetail(value: unknown): value is ErrorDetail {
  return typeof value === 'object' && value !== null && 'code' in value;
}
