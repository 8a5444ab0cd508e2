import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { OIDC_SOURCE_PREFIX } from '../../domain/sso/policy.js';
import { presentUserPayload } from '../../domain/users/presenter.js';
import { PUBLIC, SESSION, sessionOf } from '../../http/access.js';
import { BadRequest } from '../../http/errors.js';
import { LoginAnswer, loginClient, presentLoginResult } from '../login-answer.js';
import { UserPayload } from '../schemas.js';

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
        summary: 'Login methods besides the password: `oidc/<name>` for each enabled OIDC provider',
        response: { 200: Type.Array(Type.String()) },
      },
    },
    async () =>
      (await app.services.oidcProviders.list())
        .filter((provider) => provider.enabled === 1)
        .map((provider) => `${OIDC_SOURCE_PREFIX}${provider.name}`),
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
        response: { 200: LoginAnswer },
      },
    },
    async (request) => {
      const body = request.body;
      const userAgent = request.headers['user-agent'];
      if (body.type === 'email_code' || body.type === 'tfa_code') {
        // Flutter sends the TOTP code in both fields, Sciter an empty tfaCode for e-mail codes.
        const code = body.tfaCode || body.verificationCode;
        if (!body.secret || !code) throw new BadRequest('login_code_required');
        const opened = await app.services.sessions.completeLogin({
          username: body.username,
          secret: body.secret,
          code,
          address: request.ip,
          rememberBrowser: body.remember_device === true,
          userAgent,
        });
        return presentLoginResult({ kind: 'session', ...opened });
      }
      if (body.type !== undefined && body.type !== 'account') {
        throw new BadRequest('login_type_unsupported', { type: body.type });
      }
      if (body.password === undefined) throw new BadRequest('field_required', { field: 'password' });
      const result = await app.services.sessions.login({
        username: body.username,
        password: body.password,
        address: request.ip,
        client: loginClient(body),
        consoleToken: body.trusted_device,
        userAgent,
      });
      return presentLoginResult(result);
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
