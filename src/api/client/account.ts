import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { OpenedSession } from '../../domain/sessions/service.js';
import { presentUserPayload } from '../../domain/users/presenter.js';
import { PUBLIC, SESSION, sessionOf } from '../../http/access.js';
import { BadRequest } from '../../http/errors.js';
import { optionalString, UserPayload } from '../schemas.js';

const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 128 }),
  password: Type.Optional(Type.String({ maxLength: 1024, description: 'required of the first step' })),
  type: Type.Optional(
    Type.String({
      maxLength: 32,
      description: '"account" (the default): the password; "email_code" (or "tfa_code"): the second step',
    }),
  ),
  secret: Type.Optional(
    Type.String({ maxLength: 256, description: 'second step: the `secret` of the first answer' }),
  ),
  tfaCode: Type.Optional(
    Type.String({ maxLength: 64, description: 'second step: a TOTP code, or a backup code' }),
  ),
  verificationCode: Type.Optional(
    Type.String({
      maxLength: 64,
      description: 'second step: the code (the client sends the TOTP code here too)',
    }),
  ),
  trusted_device: Type.Optional(
    Type.String({
      maxLength: 256,
      description: 'console, first step: the token this browser got when it was trusted',
    }),
  ),
  remember_device: Type.Optional(
    Type.Boolean({ description: 'console, second step: trust this browser for 30 days' }),
  ),
  id: Type.Optional(Type.Unknown({ description: 'RustDesk ID of the client device' })),
  uuid: Type.Optional(Type.Unknown({ description: 'base64 machine uid of the client device' })),
  deviceInfo: Type.Optional(Type.Unknown({ description: '{"os", "type", "name"} of the client device' })),
});

const ClientIdentity = Type.Object({
  id: Type.Optional(Type.Unknown()),
  uuid: Type.Optional(Type.Unknown()),
});

/** The RustDesk client's account calls (client-api.md §5): login, current user, logout, login options. */
const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/login-options',
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'Login methods besides the password (OIDC providers)',
        response: { 200: Type.Array(Type.String()) },
      },
    },
    async () => [],
  );

  app.post(
    '/api/login',
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'Log in with a user name and password, then, with 2FA on, a code',
        description:
          'Two steps for a user with 2FA or e-mail login verification (client-api.md §5.3): the password ' +
          'answers `type: "email_check"`, `tfa_type` ("tfa_check", or "email_check" when a six-digit code was ' +
          'just mailed) and a `secret`, without an access token; the second request sends `type: "email_code"`, ' +
          'the same `username`, that `secret` and the code as `tfaCode` or `verificationCode` (a TOTP code, a ' +
          'backup code, or the mailed code) and gets the access token. TOTP supersedes e-mail. The pending ' +
          'login lasts 5 minutes (a mailed code 10) and 5 wrong codes; ' +
          'wrong codes count in the login throttle like wrong passwords. A user who must set 2FA up and ' +
          'has not is refused from RustDesk clients (403) and let into the console only to set it up. ' +
          'A right second step trusts the device for 30 days, which then skips it: a RustDesk client (known ' +
          'by its registered ID and uuid) unless its strategy sets enable-trusted-devices to N, a browser ' +
          'when the console sends `remember_device` (it gets a `trusted_device` token to send at later logins).',
        body: LoginBody,
        response: {
          200: Type.Union([
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
                description:
                  'tfa_check: a TOTP or backup code; email_check: the code just mailed to the user',
              }),
              secret: Type.String({ description: 'opaque; send it back in the second request' }),
              user: UserPayload,
            }),
          ]),
        },
      },
    },
    async (request) => {
      const body = request.body;
      const userAgent = request.headers['user-agent'];
      const session = ({ accessToken, user, trustedDeviceToken }: OpenedSession) => ({
        type: 'access_token' as const,
        access_token: accessToken,
        user: presentUserPayload(user),
        ...(trustedDeviceToken === undefined ? {} : { trusted_device: trustedDeviceToken }),
      });
      if (body.type === 'email_code' || body.type === 'tfa_code') {
        // Flutter sends the TOTP code in both fields, Sciter an empty tfaCode for e-mail codes.
        const code = body.tfaCode || body.verificationCode;
        if (!body.secret || !code) throw new BadRequest('login_code_required');
        return session(
          await app.services.sessions.completeLogin({
            username: body.username,
            secret: body.secret,
            code,
            address: request.ip,
            rememberBrowser: body.remember_device === true,
            userAgent,
          }),
        );
      }
      if (body.type !== undefined && body.type !== 'account') {
        throw new BadRequest('login_type_unsupported', { type: body.type });
      }
      if (body.password === undefined) throw new BadRequest('field_required', { field: 'password' });
      const deviceInfo = (typeof body.deviceInfo === 'object' && body.deviceInfo) || {};
      const info = deviceInfo as Record<string, unknown>;
      const result = await app.services.sessions.login({
        username: body.username,
        password: body.password,
        address: request.ip,
        client: {
          id: optionalString(body.id),
          uuid: optionalString(body.uuid),
          os: optionalString(info.os),
          type: optionalString(info.type),
          name: optionalString(info.name),
        },
        consoleToken: body.trusted_device,
        userAgent,
      });
      if (result.kind === 'session') return session(result);
      return {
        type: 'email_check' as const,
        tfa_type: result.factor,
        secret: result.secret,
        user: presentUserPayload(result.user),
      };
    },
  );

  app.post(
    '/api/currentUser',
    {
      config: { access: SESSION, beforeTfaSetup: true },
      schema: {
        summary: 'The logged-in user',
        body: ClientIdentity,
        response: { 200: UserPayload },
      },
    },
    async (request) => presentUserPayload(sessionOf(request).user),
  );

  app.post(
    '/api/logout',
    {
      config: { access: SESSION, beforeTfaSetup: true },
      schema: { summary: 'End this login session', body: ClientIdentity },
    },
    async (request, reply) => {
      await app.services.sessions.logout(sessionOf(request).sessionId);
      return reply.send();
    },
  );
};

export default accountRoutes;
