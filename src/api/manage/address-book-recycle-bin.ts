import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerOf } from '../../domain/address-books/rules.js';
import { actorOf, manage } from '../../http/access.js';
import { Pattern, Peer } from '../client/address-books.js';
import { Guid, PageQuery, pageFrom, pageOf } from '../schemas.js';

// Whoever may write a book (read/write and up) manages its bin; the service checks each book.
const READ = manage('address_book:r', { own: true });
const WRITE = manage('address_book:rw', { own: true });

const BookParams = Type.Object({ guid: Guid });
const PeerIds = Type.Array(Type.String({ maxLength: 1024 }), {
  minItems: 1,
  maxItems: 10_000,
  description: 'RustDesk IDs of peers in the bin',
});
const BinnedPeer = Type.Intersect([
  Peer,
  Type.Object({ deleted_at: Type.Integer({ description: 'when it was deleted, epoch seconds' }) }),
]);

/**
 * The recycle bin of an address book (features.md §14; rdconsole's own paths, for the console).
 * `DELETE /api/ab/peer/{guid}` puts peers there; from here they are restored or deleted for good.
 */
const recycleBinRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const bin = app.services.addressBooks.recycleBin;

  app.get(
    '/api/ab/recycle-bin/:guid',
    {
      config: { access: READ },
      schema: {
        summary: "A page of the peers in a book's recycle bin, most recently deleted first",
        params: BookParams,
        querystring: Type.Object({ ...PageQuery, id: Pattern, alias: Pattern }),
        response: { 200: pageOf(BinnedPeer) },
      },
    },
    async (request) => {
      const { id, alias } = request.query;
      return bin.list(
        callerOf(request.principal),
        request.params.guid,
        { id, alias },
        pageFrom(request.query),
      );
    },
  );

  app.post(
    '/api/ab/recycle-bin/:guid/restore',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Put peers back into the book (IDs not in the bin are skipped)',
        params: BookParams,
        body: PeerIds,
      },
    },
    async (request, reply) => {
      await bin.restore(callerOf(request.principal), request.params.guid, request.body);
      return reply.send();
    },
  );

  app.delete(
    '/api/ab/recycle-bin/:guid',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Delete peers in the bin for good (IDs not in the bin are skipped)',
        params: BookParams,
        body: PeerIds,
      },
    },
    async (request, reply) => {
      await bin.deleteForGood(
        callerOf(request.principal),
        request.params.guid,
        request.body,
        actorOf(request),
      );
      return reply.send();
    },
  );

  app.delete(
    '/api/ab/recycle-bin/:guid/all',
    {
      config: { access: WRITE },
      schema: { summary: 'Empty the recycle bin of a book', params: BookParams },
    },
    async (request, reply) => {
      await bin.empty(callerOf(request.principal), request.params.guid, actorOf(request));
      return reply.send();
    },
  );
};

export default recycleBinRoutes;
