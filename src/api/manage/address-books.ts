import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LIMITS } from '../../domain/address-books/peer-fields.js';
import { callerOf } from '../../domain/address-books/rules.js';
import { actorOf, manage } from '../../http/access.js';
import { Guid, PageQuery, pageFrom, pageOf } from '../schemas.js';

// Non-administrators reach these routes; the services allow them what their rules on each book allow.
const READ = manage('address_book:r', { own: true });
const WRITE = manage('address_book:rw', { own: true });

/** A value ab.py may send as null when its option was not given, which reads as "not given". */
const nullable = <T extends Type.TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));
const Name = Type.String({ minLength: 1, maxLength: LIMITS.text });
const Note = Type.String({ maxLength: LIMITS.note });
const Info = nullable(
  Type.Object({
    password: nullable(Type.String({ maxLength: LIMITS.text, description: 'default password of its peers' })),
  }),
);
const GuidList = (description: string) => Type.Array(Guid, { minItems: 1, maxItems: 1000, description });
const Level = Type.Integer({
  minimum: 1,
  maximum: 3,
  description: '1 read-only, 2 read/write, 3 full control',
});
const Created = Type.Object({ guid: Type.String() });

const Rule = Type.Object({
  guid: Type.String({ description: 'the rule guid, for PATCH /api/ab/rule and DELETE /api/ab/rules' }),
  user: Type.Union([Type.String(), Type.Null()], { description: 'user name, or null' }),
  group: Type.Union([Type.String(), Type.Null()], { description: 'user-group name, or null' }),
  rule: Level,
  created_at: Type.Integer({ description: 'epoch seconds' }),
});

const given = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

/**
 * Shared address books and their sharing rules (admin-api.md §3.2, §3.5: ab.py add-ab, update-ab,
 * delete-ab, view-rule, add-rule, update-rule, delete-rule; the console's Shared tab and Share dialog).
 * Listing books, peers and tags is in api/client/address-books.ts, which ab.py and the client share.
 */
const sharedAddressBookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const books = app.services.addressBooks;

  app.post(
    '/api/ab/shared/add',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Create a shared address book owned by the caller (409 if the name is taken)',
        description:
          'Non-administrators may create one only while the setting allow_non_admin_share_address_books is on.',
        body: Type.Object({ name: Name, note: nullable(Note), info: Info }),
        response: { 200: Created },
      },
    },
    async (request) => {
      const { name, note, info } = request.body;
      return books.shared.create(
        callerOf(request.principal),
        { name, note: note ?? '', password: info?.password ?? '' },
        actorOf(request),
      );
    },
  );

  app.put(
    '/api/ab/shared/update/profile',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Change the name, note, owner (a user name) or default password of a shared book',
        description:
          'Only the keys given change; "" clears the note or the password. Needs full control; a new ' +
          'owner only an administrator, or the owner while allow_non_admin_share_address_books is on, gives.',
        body: Type.Object({
          guid: Guid,
          name: Type.Optional(Name),
          note: nullable(Note),
          owner: Type.Optional(Type.String({ maxLength: LIMITS.text, description: 'user name' })),
          info: Info,
        }),
      },
    },
    async (request, reply) => {
      const { guid, name, note, owner, info } = request.body;
      await books.shared.update(
        callerOf(request.principal),
        guid,
        { name, note: given(note), owner, password: given(info?.password) },
        actorOf(request),
      );
      return reply.send();
    },
  );

  app.delete(
    '/api/ab/shared',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Delete shared books with their peers, tags and rules (all or none; needs full control)',
        body: GuidList('address book guids'),
      },
    },
    async (request, reply) => {
      await books.shared.remove(callerOf(request.principal), request.body, actorOf(request));
      return reply.send();
    },
  );

  app.get(
    '/api/ab/rules',
    {
      config: { access: READ },
      schema: {
        summary: 'A page of the sharing rules of a shared book (needs full control)',
        querystring: Type.Object({ ...PageQuery, ab: Guid }),
        response: { 200: pageOf(Rule) },
      },
    },
    async (request) =>
      books.rules.list(callerOf(request.principal), request.query.ab, pageFrom(request.query)),
  );

  app.post(
    '/api/ab/rule',
    {
      config: { access: WRITE },
      schema: {
        summary:
          'Share a book with a user, a user group, or (neither) everyone; 409 if that target has a rule',
        description:
          '`guid` is the address book. Non-administrators need full control and the setting ' +
          'allow_non_admin_share_address_books.',
        body: Type.Object({
          guid: Guid,
          rule: Level,
          user: nullable(Type.String({ minLength: 1, maxLength: LIMITS.text, description: 'user name' })),
          group: nullable(
            Type.String({ minLength: 1, maxLength: LIMITS.text, description: 'user-group name' }),
          ),
        }),
        response: { 200: Created },
      },
    },
    async (request) => {
      const { guid, rule, user, group } = request.body;
      return books.rules.add(
        callerOf(request.principal),
        { book: guid, rule: rule as 1 | 2 | 3, user: given(user), group: given(group) },
        actorOf(request),
      );
    },
  );

  app.patch(
    '/api/ab/rule',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Change the permission of a sharing rule (`guid` is the rule)',
        description:
          'Non-administrators need full control and the setting allow_non_admin_share_address_books.',
        body: Type.Object({ guid: Guid, rule: Level }),
      },
    },
    async (request, reply) => {
      const { guid, rule } = request.body;
      await books.rules.update(callerOf(request.principal), guid, rule as 1 | 2 | 3, actorOf(request));
      return reply.send();
    },
  );

  app.delete(
    '/api/ab/rules',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Delete sharing rules (all or none)',
        description:
          'Non-administrators need full control and the setting allow_non_admin_share_address_books.',
        body: GuidList('rule guids'),
      },
    },
    async (request, reply) => {
      await books.rules.remove(callerOf(request.principal), request.body, actorOf(request));
      return reply.send();
    },
  );
};

export default sharedAddressBookRoutes;
