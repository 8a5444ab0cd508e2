import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PERMISSION_LEVELS, SCOPE_AREAS } from '../../domain/tokens/scopes.js';
import { ADMIN_SESSION, actorOf, sessionOf } from '../../http/access.js';
import { Guid } from '../schemas.js';

const Level = Type.Enum([...PERMISSION_LEVELS], {
  description: '"none", "r" (read) or "rw" (read and write)',
});

const Permissions = Type.Object(
  Object.fromEntries(SCOPE_AREAS.map((area) => [area, Type.Optional(Level)])) as Record<
    (typeof SCOPE_AREAS)[number],
    Type.TOptional<typeof Level>
  >,
  { additionalProperties: false, description: 'One level per area; a missing area is "none"' },
);

const FullPermissions = Type.Object(Object.fromEntries(SCOPE_AREAS.map((area) => [area, Level])));

const ApiToken = Type.Object({
  guid: Type.String(),
  name: Type.String(),
  permissions: FullPermissions,
  created_at: Type.Integer({ description: 'epoch seconds' }),
  expires_at: Type.Union([Type.Integer(), Type.Null()], { description: 'epoch seconds, null = never' }),
  last_used_at: Type.Union([Type.Integer(), Type.Null()]),
});

/** Settings → Tokens: API tokens for scripts and `rustdesk --assign/--deploy`. Administrators, console only. */
const tokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/tokens',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'Create an API token; the secret is returned this once only',
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 100 }),
          expires_at: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
          permissions: Type.Optional(Permissions),
        }),
        response: { 200: Type.Intersect([ApiToken, Type.Object({ token: Type.String() })]) },
      },
    },
    async (request) =>
      app.services.tokens.create(
        {
          name: request.body.name,
          expiresAt: request.body.expires_at ?? null,
          permissions: request.body.permissions ?? {},
          createdBy: sessionOf(request).user.id,
        },
        actorOf(request),
      ),
  );

  app.get(
    '/api/tokens',
    {
      config: { access: ADMIN_SESSION },
      schema: { summary: 'List API tokens (without secrets)', response: { 200: Type.Array(ApiToken) } },
    },
    async () => app.services.tokens.list(),
  );

  app.delete(
    '/api/tokens/:guid',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'Revoke an API token',
        params: Type.Object({ guid: Guid }),
      },
    },
    async (request, reply) => {
      await app.services.tokens.revoke(request.params.guid, actorOf(request));
      return reply.send();
    },
  );
};

export default tokenRoutes;
