import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { presentUserPayload } from '../../domain/users/presenter.js';
import { PUBLIC, SESSION, sessionOf } from '../../http/access.js';
import { BadRequest } from '../../http/errors.js';
import { optionalString, UserPayload } from '../schemas.js';

const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 128 }),
  password: Type.String({ maxLength: 1024 }),
  type: Type.Optional(Type.String({ maxLength: 32, description: '"account" (the default)' })),
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
        summary: 'Log in with a user name and password',
        body: LoginBody,
        response: {
          200: Type.Object({
            type: Type.Literal('access_token'),
            access_token: Type.String(),
            user: UserPayload,
          }),
        },
      },
    },
    async (request) => {
      const body = request.body;
      if (body.type !== undefined && body.type !== 'account') {
        throw new BadRequest(`login type "${body.type}" is not supported`);
      }
      const deviceInfo = (typeof body.deviceInfo === 'object' && body.deviceInfo) || {};
      const info = deviceInfo as Record<string, unknown>;
      const { accessToken, user } = await app.services.sessions.login({
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
      });
      return { type: 'access_token' as const, access_token: accessToken, user: presentUserPayload(user) };
    },
  );

  app.post(
    '/api/currentUser',
    {
      config: { access: SESSION },
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
      config: { access: SESSION },
      schema: { summary: 'End this login session', body: ClientIdentity },
    },
    async (request, reply) => {
      await app.services.sessions.logout(sessionOf(request).sessionId);
      return reply.send();
    },
  );
};

export default accountRoutes;
