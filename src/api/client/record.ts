import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PUBLIC } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { ErrorBody } from '../schemas.js';

/**
 * Session-recording upload (client-api.md §4.9). The client never enables it; it is answered so that an
 * uploader stops at once. Its own file so that its any-content-type parser applies to it alone.
 */
const recordRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  app.post(
    '/api/record',
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'Session recording upload: not supported',
        querystring: Type.Object({
          type: Type.Optional(Type.String()),
          file: Type.Optional(Type.String()),
          offset: Type.Optional(Type.String()),
          length: Type.Optional(Type.String()),
        }),
        response: { 501: ErrorBody },
      },
    },
    async () => {
      throw new AppError(501, 'not_supported');
    },
  );
};

export default recordRoutes;
