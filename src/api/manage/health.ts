import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PUBLIC } from '../../http/access.js';
import { AppError, errorBody } from '../../http/errors.js';
import { VERSION } from '../../version.js';

const Health = Type.Object({
  status: Type.Enum(['ok', 'error']),
  database: Type.Enum(['ok', 'unreachable']),
  version: Type.String(),
  error: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
});

/** For container health checks, load balancers and monitoring: no credentials, nothing secret. */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'Whether the server answers and reaches its database',
        description:
          '200 when the database answers a query, 503 when it does not (the cause is in the server log).',
        response: { 200: Health, 503: Health },
      },
    },
    async (request, reply) => {
      try {
        await app.services.pingDatabase();
        return { status: 'ok' as const, database: 'ok' as const, version: VERSION };
      } catch (error) {
        request.log.error({ err: error }, 'health check: the database does not answer');
        const down = errorBody(new AppError(503, 'database_unreachable'));
        return reply
          .status(503)
          .send({ status: 'error', database: 'unreachable', version: VERSION, ...down });
      }
    },
  );
};

export default healthRoutes;
