import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerOf } from '../../domain/address-books/rules.js';
import { SESSION } from '../../http/access.js';

const LegacyData = Type.String({
  description:
    'JSON text of {"tags": [name], "peers": [{id, username, hostname, platform, alias, tags, hash}], ' +
    '"tag_colors": "<JSON text of {name: colour}>"}',
});

/**
 * The legacy address book (client-api.md §7.2): the caller's personal book as one blob, for clients
 * that predate the new API (and Sciter). It is the same book the new API calls "My address book".
 */
const legacyAddressBookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const books = app.services.addressBooks;

  app.get(
    '/api/ab',
    {
      config: { access: SESSION },
      schema: {
        summary: 'The personal address book as a legacy blob (Flutter)',
        response: { 200: Type.Object({ data: LegacyData }) },
      },
    },
    async (request) => ({ data: (await books.legacyPull(callerOf(request.principal))).data }),
  );

  app.post(
    '/api/ab/get',
    {
      config: { access: SESSION },
      schema: {
        summary: 'The personal address book as a legacy blob, with its last change (Sciter)',
        body: Type.Object({}, { description: 'Sciter sends {}' }),
        response: {
          200: Type.Object({ data: LegacyData, updated_at: Type.Integer({ description: 'epoch seconds' }) }),
        },
      },
    },
    async (request) => books.legacyPull(callerOf(request.principal)),
  );

  app.post(
    '/api/ab',
    {
      config: { access: SESSION },
      schema: {
        summary: 'Replace the personal address book with a legacy blob; 200 with an empty body',
        body: Type.Object({ data: LegacyData }),
      },
    },
    async (request, reply) => {
      await books.legacyPush(callerOf(request.principal), request.body.data);
      return reply.send();
    },
  );
};

export default legacyAddressBookRoutes;
