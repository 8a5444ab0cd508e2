import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { UserWithGroup } from '../../domain/users/repository.js';
import { SESSION, sessionOf } from '../../http/access.js';
import { Forbidden } from '../../http/errors.js';
import { PageQuery, pageFrom, pageOf } from '../schemas.js';

const AccessibleQuery = Type.Object({
  ...PageQuery,
  accessible: Type.Optional(
    Type.String({ description: 'present (the client sends it empty): only what the caller may reach' }),
  ),
  status: Type.Optional(Type.Integer({ description: '1: enabled only (what the client sends)' })),
});

const PeerPayload = Type.Object(
  {
    id: Type.String({ description: 'RustDesk ID' }),
    info: Type.Object({ username: Type.String(), os: Type.String(), device_name: Type.String() }),
    status: Type.Integer(),
    user: Type.String({ description: "assigned user's guid, or empty" }),
    user_name: Type.String({ description: "assigned user's name, or empty" }),
    device_group_name: Type.String(),
    note: Type.String(),
  },
  { description: 'A device as the Accessible devices tab reads it (client-api.md §9)' },
);

/**
 * The access hook already refuses API tokens on session routes. This states it where it matters:
 * the management listing will share these paths (`GET /api/peers`) and may admit tokens there.
 */
function loggedInUser(request: FastifyRequest): UserWithGroup {
  if (request.principal?.kind === 'token') throw new Forbidden('token_not_allowed');
  return sessionOf(request).user;
}

/**
 * The RustDesk client's Accessible devices tab (client-api.md §9): the device groups, users and devices
 * the logged-in user may reach (features.md §9). `GET /api/users?accessible=` shares its path with the
 * management user list, so it lives in api/manage/users.ts.
 */
const accessibleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/device-group/accessible',
    {
      config: { access: SESSION },
      schema: {
        summary: 'Device groups the logged-in user may reach',
        querystring: Type.Object(PageQuery),
        response: { 200: pageOf(Type.Object({ name: Type.String() })) },
      },
    },
    async (request) =>
      app.services.access.accessibleDeviceGroups(loggedInUser(request), pageFrom(request.query)),
  );

  app.get(
    '/api/peers',
    {
      config: { access: SESSION },
      schema: {
        summary:
          'The devices the logged-in user may reach, by RustDesk ID (the client sends `accessible=`; ' +
          'the management list of devices is GET /api/devices)',
        querystring: AccessibleQuery,
        response: { 200: pageOf(PeerPayload) },
      },
    },
    async (request) => {
      const { status } = request.query;
      return app.services.access.accessiblePeers(loggedInUser(request), { status }, pageFrom(request.query));
    },
  );
};

export default accessibleRoutes;
