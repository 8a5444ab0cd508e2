import { Type } from 'typebox';
import type { LoginResult } from '../domain/sessions/service.js';
import { presentUserPayload } from '../domain/users/presenter.js';
import { optionalString, UserPayload } from './schemas.js';

/**
 * What a login answers (client-api.md §5.3, and §5.7 for OIDC): the session, or the second step of a
 * login with 2FA. `access_token` is always a string: the Rust side of the client's OIDC polling cannot
 * read an answer without it, and an empty one means "not yet".
 */
export const LoginAnswer = Type.Union([
  Type.Object({
    type: Type.Literal('access_token'),
    access_token: Type.String(),
    user: UserPayload,
    trusted_device: Type.Optional(
      Type.String({ description: 'console: the token of this browser, now trusted for 30 days' }),
    ),
  }),
  Type.Object({
    type: Type.Literal('email_check'),
    tfa_type: Type.Enum(['tfa_check', 'email_check'], {
      description: 'tfa_check: a TOTP or backup code; email_check: the code just mailed to the user',
    }),
    secret: Type.String({ description: 'opaque; send it back in the second request' }),
    access_token: Type.Optional(Type.Literal('', { description: 'OIDC: empty, the second step gives it' })),
    user: UserPayload,
  }),
]);

export function presentLoginResult(result: LoginResult, options: { withEmptyToken?: boolean } = {}) {
  if (result.kind === 'session') {
    return {
      type: 'access_token' as const,
      access_token: result.accessToken,
      user: presentUserPayload(result.user),
      ...(result.trustedDeviceToken === undefined ? {} : { trusted_device: result.trustedDeviceToken }),
    };
  }
  return {
    type: 'email_check' as const,
    tfa_type: result.factor,
    secret: result.secret,
    ...(options.withEmptyToken ? { access_token: '' as const } : {}),
    user: presentUserPayload(result.user),
  };
}

/** What a RustDesk client says of itself at login (`id`, `uuid`, `deviceInfo`); empty strings for the console. */
export function loginClient(body: { id?: unknown; uuid?: unknown; deviceInfo?: unknown }) {
  const info = (typeof body.deviceInfo === 'object' && body.deviceInfo) || {};
  const { os, type, name } = info as Record<string, unknown>;
  return {
    id: optionalString(body.id),
    uuid: optionalString(body.uuid),
    os: optionalString(os),
    type: optionalString(type),
    name: optionalString(name),
  };
}
