import { Type } from 'typebox';

/** Shapes shared by several route files. */
export const ErrorBody = Type.Object(
  { error: Type.String() },
  { description: 'Every error: a message a person can act on' },
);

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
    info: Type.Object({}, { additionalProperties: true }),
  },
  { description: 'The user as the RustDesk client reads it (client-api.md §5.5)' },
);

/** A guid in a path or body: the 36-character hyphenated UUID the official scripts recognise. */
export const Guid = Type.String({ format: 'uuid', description: '36-character hyphenated UUID' });

/** Reads a string a client may or may not send, ignoring any other type rather than failing on it. */
export function optionalString(value: unknown, maxLength = 256): string {
  return typeof value === 'string' ? value.slice(0, maxLength) : '';
}
