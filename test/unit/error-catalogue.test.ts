import fs from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { catalogueRows, documentedCodes, ERROR_CODES_DOCUMENT } from '../../scripts/error-codes.js';
import { ERROR_MESSAGES, englishMessage, placeholdersOf } from '../../src/http/error-catalogue.js';
import { validationError } from '../../src/http/error-handler.js';
import { AppError, BadRequest, Conflict, errorBody, NotFound, throwAll } from '../../src/http/errors.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

describe('the error catalogue', () => {
  it('has snake_case codes and {word} parameters that never shadow "error" or "code"', () => {
    for (const [code, message] of Object.entries(ERROR_MESSAGES)) {
      expect(code).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      // Every brace belongs to a placeholder: a template is never half-written.
      expect(message.replace(/\{\w+\}/g, ''), code).not.toMatch(/[{}]/);
      for (const name of placeholdersOf(message)) expect(['error', 'code'], code).not.toContain(name);
    }
  });

  it('writes the English message from the template: values, lists past 20, nested errors', () => {
    expect(englishMessage({ code: 'user_exists', name: 'alice' })).toBe("User 'alice' already exists");
    expect(englishMessage({ code: 'password_too_short', min: 8 })).toBe(
      'password must be at least 8 characters',
    );
    const ids = Array.from({ length: 23 }, (_, i) => String(i + 1));
    expect(englishMessage({ code: 'devices_not_found', ids: ids.slice(0, 2) })).toBe(
      'Devices not found: 1, 2',
    );
    expect(englishMessage({ code: 'devices_not_found', ids })).toBe(
      `Devices not found: ${ids.slice(0, 20).join(', ')} and 3 more`,
    );
    expect(
      englishMessage({
        code: 'strategy_targets_missing',
        missing: [
          { code: 'missing_devices', ids: ['7'] },
          { code: 'missing_device_groups', ids: ['8', '9'] },
        ],
      }),
    ).toBe('No such devices: 7; device groups: 8, 9');
  });

  it('answers the message, the code and the parameters; nested errors carry their own message', () => {
    expect(errorBody(new Conflict('user_exists', { name: 'alice' }))).toEqual({
      error: "User 'alice' already exists",
      code: 'user_exists',
      name: 'alice',
    });
    const several = () =>
      throwAll([
        new NotFound('user_not_found', { name: 'ghost' }),
        new NotFound('strategy_not_found', { name: 'Nope' }),
      ]);
    expect(several).toThrow(AppError);
    try {
      several();
    } catch (error) {
      expect((error as AppError).status).toBe(404);
      expect(errorBody(error as AppError)).toEqual({
        error: "User 'ghost' not found; Strategy 'Nope' not found",
        code: 'several_errors',
        errors: [
          { error: "User 'ghost' not found", code: 'user_not_found', name: 'ghost' },
          { error: "Strategy 'Nope' not found", code: 'strategy_not_found', name: 'Nope' },
        ],
      });
    }
    // One refusal alone is itself, not a list of one.
    expect(() => throwAll([new NotFound('user_not_found', { name: 'ghost' })])).toThrow(
      expect.objectContaining({ code: 'user_not_found' }),
    );
    expect(() => throwAll([])).not.toThrow();
  });

  it('docs/error-codes.md lists every code (run `npm run docs:errors` after changing the catalogue)', () => {
    expect(documentedCodes(fs.readFileSync(ERROR_CODES_DOCUMENT, 'utf8'))).toEqual(catalogueRows());
  });
});

describe('schema violations', () => {
  const ajv = addFormats(new Ajv({ allErrors: false, strict: false, coerceTypes: false }));
  const validate = ajv.compile({
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 2, maxLength: 4, pattern: '^[a-z]+$' },
      email: { type: 'string', format: 'email' },
      count: { type: 'integer', minimum: 1, maximum: 9 },
      level: { type: 'integer', exclusiveMinimum: 0 },
      kind: { enum: ['a', 'b'] },
      tags: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string' } },
      step: { type: 'integer', multipleOf: 5 },
    },
  });
  const refusal = (body: unknown) => {
    expect(validate(body)).toBe(false);
    const [issue] = validate.errors ?? [];
    if (!issue) throw new Error('no validation error');
    return errorBody(validationError('body', issue));
  };

  it.each([
    [{}, { code: 'field_required', error: 'name is required', field: 'name' }],
    [
      { name: 'ab', extra: 1 },
      { code: 'field_not_allowed', error: 'extra is not allowed', field: 'extra' },
    ],
    [[], { code: 'field_type', error: 'request body must be object', field: 'request body', type: 'object' }],
    [{ name: 5 }, { code: 'field_type', error: 'name must be string', field: 'name', type: 'string' }],
    [
      { name: 'a' },
      {
        code: 'field_min_length',
        error: 'name must NOT have fewer than 2 characters',
        field: 'name',
        limit: 2,
      },
    ],
    [
      { name: 'abcde' },
      {
        code: 'field_max_length',
        error: 'name must NOT have more than 4 characters',
        field: 'name',
        limit: 4,
      },
    ],
    [
      { name: 'AB' },
      {
        code: 'field_pattern',
        error: 'name must match pattern "^[a-z]+$"',
        field: 'name',
        pattern: '^[a-z]+$',
      },
    ],
    [
      { name: 'ab', email: 'x' },
      { code: 'field_format', error: 'email must match format "email"', field: 'email', format: 'email' },
    ],
    [
      { name: 'ab', count: 10 },
      { code: 'field_limit', error: 'count must be <= 9', field: 'count', comparison: '<=', limit: 9 },
    ],
    [
      { name: 'ab', level: 0 },
      { code: 'field_limit', error: 'level must be > 0', field: 'level', comparison: '>', limit: 0 },
    ],
    [
      { name: 'ab', kind: 'c' },
      { code: 'field_enum', error: 'kind must be equal to one of the allowed values', field: 'kind' },
    ],
    [
      { name: 'ab', tags: [] },
      { code: 'field_min_items', error: 'tags must NOT have fewer than 1 items', field: 'tags', limit: 1 },
    ],
    [
      { name: 'ab', tags: ['a', 'b', 'c'] },
      { code: 'field_max_items', error: 'tags must NOT have more than 2 items', field: 'tags', limit: 2 },
    ],
    [
      { name: 'ab', tags: [1] },
      { code: 'field_type', error: 'tags[0] must be string', field: 'tags[0]', type: 'string' },
    ],
  ])('%o: %o', (body, expected) => {
    expect(refusal(body)).toEqual(expected);
  });

  it('keeps Ajv’s words under field_invalid for a keyword without a code of its own', () => {
    expect(refusal({ name: 'ab', step: 7 })).toEqual({
      code: 'field_invalid',
      error: 'step must be multiple of 5',
      field: 'step',
      detail: 'must be multiple of 5',
    });
  });

  it('a hand-made check and a schema check of the same thing answer the same code', () => {
    expect(errorBody(new BadRequest('field_required', { field: 'uuid' }))).toEqual({
      error: 'uuid is required',
      code: 'field_required',
      field: 'uuid',
    });
  });
});
