import { type TSchema, Type } from 'typebox';
import type { Page } from '../domain/paging.js';
import { ERROR_MESSAGES } from '../http/error-catalogue.js';

/** Shapes shared by several route files. */
export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'a message in English a person can act on' }),
    code: Type.String({
      enum: Object.keys(ERROR_MESSAGES),
      description: 'what went wrong, stable for scripts (x-error-codes and docs/error-codes.md list them)',
    }),
  },
  {
    additionalProperties: true,
    description:
      "Every error. Beside `error` and `code`, the parameters of the code's message, e.g. " +
      `{"error": "User 'alice' already exists", "code": "user_exists", "name": "alice"}`,
  },
);

/** users.auth_source as the API shows it. */
export const AuthSource = Type.String({
  description: "where the account signs in: '' a local account, 'ldap', or 'oidc/<provider name>'",
});

export const LocalPassword = Type.Boolean({
  description:
    'the account has a password of its own: false for a single sign-on user until they set one (allow_sso_local_password), and for an invited user until they accept',
});

export const UserPayload = Type.Object(
  {
    guid: Type.String(),
    name: Type.String(),
    display_name: Type.String(),
    email: Type.String(),
    note: Type.String(),
    avatar: Type.String(),
    status: Type.Integer({ description: '1 normal, 0 disabled, -1 unverified' }),
    is_admin: Type.Boolean(),
    group_name: Type.String(),
    default_password: Type.Boolean({ description: 'true while the account still has its initial password' }),
    local_password: LocalPassword,
    tfa_setup_required: Type.Boolean({
      description:
        'an administrator requires 2FA and it is not set up: every other call answers 403 until it is',
    }),
    third_auth_type: Type.Union([Type.String(), Type.Null()], {
      description: "single sign-on users: 'ldap' or the OIDC provider's name; null for a local account",
    }),
    auth_source: AuthSource,
    info: Type.Object({}, { additionalProperties: true }),
  },
  { description: 'The user as the RustDesk client reads it (client-api.md §5.5)' },
);

export const AccessibleUser = Type.Object(
  {
    name: Type.String(),
    display_name: Type.String(),
    avatar: Type.String(),
    status: Type.Integer({ description: '1 normal, -1 unverified' }),
    group_name: Type.String(),
  },
  { description: 'Another user as a non-administrator’s RustDesk client lists them (client-api.md §9)' },
);

/** A guid in a path or body: the 36-character hyphenated UUID the official scripts recognise. */
export const Guid = Type.String({ format: 'uuid', description: '36-character hyphenated UUID' });

/** Reads a string a client may or may not send, ignoring any other type rather than failing on it. */
export function optionalString(value: unknown, maxLength = 256): string {
  return typeof value === 'string' ? value.slice(0, maxLength) : '';
}

/** RustDesk clients page with 100 rows; a larger page than MAX_PAGE_SIZE is cut (callers loop on total). */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
/** Keeps (current - 1) × pageSize a safe integer OFFSET on both databases. */
const MAX_PAGE = 10_000_000;

/** The paging query parameters of every list. */
export const PageQuery = {
  current: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PAGE, description: '1-based page number, default 1' }),
  ),
  pageSize: Type.Optional(
    Type.Integer({
      minimum: 1,
      description: `rows per page, default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}`,
    }),
  ),
};

export function pageFrom(query: { current?: number | undefined; pageSize?: number | undefined }): Page {
  return {
    current: query.current ?? 1,
    pageSize: Math.min(query.pageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
  };
}

/** `{"total": N, "data": [...]}`, the shape of every paged list. */
export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({ total: Type.Integer(), data: Type.Array(item) });
