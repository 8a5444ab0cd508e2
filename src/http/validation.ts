import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

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
 * A request without a body is read as `{}`, so that a route whose body fields are all optional
 * accepts it, and one with required fields names the first missing one.
 *
 * The JSON parser accepts an empty body (the RustDesk client posts `Content-Type: application/json`
 * with `Content-Length: 0`) and any JSON value, including the bare `true`/`false` the scripts send.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      const error = Object.assign(new Error('request body is not valid JSON'), {
        statusCode: 400,
        code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      });
      done(error, undefined);
    }
  });
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.routeOptions.schema?.body) request.body = {};
  });
}
