import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SESSION, sessionOf } from '../../http/access.js';
import { VERSION } from '../../version.js';

const Dashboard = Type.Object({
  version: Type.String({ description: 'rdconsole version' }),
  users: Type.Integer({ description: 'all users for an administrator; 1 (yourself) for anyone else' }),
  devices: Type.Integer({ description: 'all devices for an administrator; your devices for anyone else' }),
  devices_online: Type.Integer({
    description: 'of those devices, how many sent a heartbeat in the last 45 s',
  }),
  devices_seen_7_days: Type.Integer({
    description: 'of those devices, how many were online in the last 7 days',
  }),
  devices_seen_30_days: Type.Integer({
    description: 'of those devices, how many were online in the last 30 days',
  }),
  connections_24_hours: Type.Union([Type.Integer(), Type.Null()], {
    description:
      'connections to those devices in the last 24 hours (connection log records); null when only ' +
      'administrators may read the logs',
  }),
  alarms_24_hours: Type.Union([Type.Integer(), Type.Null()], {
    description: 'alarm log records of those devices in the last 24 hours; null as connections_24_hours',
  }),
  server_public_key: Type.String({ description: 'the key for client configs; empty until one is set' }),
  relay_servers: Type.Array(Type.String(), { description: 'relay servers given to clients, host[:port]' }),
  api_server_hint: Type.String({
    description:
      'this server as the request reached it (scheme://host[:port]), for the API field of client configs',
  }),
});

/** The console's Welcome page: version, counts, and what a client configuration needs. */
const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/dashboard',
    {
      config: { access: SESSION },
      schema: {
        summary:
          'Welcome page figures: version, users, devices (online now, seen in 7 and 30 days), connections ' +
          'and alarms of the last 24 hours, server key and relays',
        response: { 200: Dashboard },
      },
    },
    async (request) => {
      const { user } = sessionOf(request);
      const figures = await app.services.dashboard.figures({ userId: user.id, isAdmin: user.is_admin === 1 });
      return { version: VERSION, ...figures, api_server_hint: `${request.protocol}://${request.host}` };
    },
  );
};

export default dashboardRoutes;
