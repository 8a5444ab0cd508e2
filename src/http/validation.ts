import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, preValidationHookHandler } from 'fastify';
import { isNestedDeeperThan, MAX_JSON_DEPTH } from '../lib/json.js';
import { BadRequest } from './errors.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(options: Options): Ajv {
  return addFormats(new Ajv({ useDefaults: true, allErrors: false, strict: false, ...options }));
}

/**
 * JSON bodies are validated strictly: a number where a string belongs is an error, not a string.
 * Query strings, path parameters and headers are text by nature and are coerced to the declared types.
 * Unknown body fields are left alone (newer RustDesk clients add fields); handlers read only what they know.
 */
export function registerValidation(app: FastifyInstance): void {
  const strict = makeAjv({ coerceTypes: false });
  const coercing = makeAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema),
  );
}

/**
 * `session_id` is an unsigned 64-bit number in RustDesk's audit calls; JSON.parse would round it to a
 * double. It is turned into a decimal string before parsing, so it arrives exact.
 */
export function exactSessionIds(json: string): string {
  return json.includes('session_id') ? json.replace(/("session_id"\s*:\s*)(\d+)/g, '$1"$2"') : json;
}

/**
 * A request without a body is read as `{}`, so that a route whose body fields are all optional
 * accepts it, and one with required fields names the first missing one.
 *
 * The JSON parser accepts an empty body (the RustDesk client posts `Content-Type: application/json`
 * with `Content-Length: 0`) and any JSON value, including the bare `true`/`false` the scripts send,
 * nested at most MAX_JSON_DEPTH levels: the depth is checked before parsing, so a depth bomb costs one scan.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    if (isNestedDeeperThan(text, MAX_JSON_DEPTH)) {
      return done(new BadRequest('json_too_deep', { field: 'request body', depth: MAX_JSON_DEPTH }));
    }
    try {
      done(null, JSON.parse(exactSessionIds(text)));
    } catch {
      done(new BadRequest('invalid_json'), undefined);
    }
  });
  // A hook of the routes that take a body, not of every request.
  const emptyBody: preValidationHookHandler = (request, _reply, done) => {
    if (request.body === undefined) request.body = {};
    done();
  };
  app.addHook('onRoute', (route) => {
    if (route.schema?.body) route.preValidation = [...[route.preValidation ?? []].flat(), emptyBody];
  });
}
