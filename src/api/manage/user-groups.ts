import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, manage } from '../../http/access.js';
import { Guid, PageQuery, pageFrom, pageOf } from '../schemas.js';

const READ = manage('user_group:r');
const WRITE = manage('user_group:rw');

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Note = Type.String({ maxLength: 1000 });
const GroupParams = Type.Object({ guid: Guid });
/** The scripts read an empty 200 as success (admin-api.md §0.2). */
const Empty = { 200: Type.Unsafe<void>({ description: 'success: an empty body' }) };

const Rule = Type.Object({
  type: Type.Integer({ description: '0 user group, 1 device group, 2 user' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
});
const Rules = (description: string) => Type.Array(Rule, { maxItems: 1000, description });
const Incomings = Rules('who may reach this group’s users: user groups (0) and users (2), by name');
const Outgoings = Rules('what this group’s users may reach: user groups (0) and device groups (1), by name');

const UserGroup = Type.Object({
  guid: Type.String(),
  name: Type.String(),
  note: Type.String(),
  created_at: Type.Integer({ description: 'epoch seconds' }),
  allowed_incomings: Type.Array(Type.Object({ type: Type.Integer(), name: Type.String() })),
  allowed_outgoings: Type.Array(Type.Object({ type: Type.Integer(), name: Type.String() })),
  user_count: Type.Integer(),
});

/** User groups and their cross-group access rules (admin-api.md §4, user_group.py; features.md §6). */
const userGroupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const groups = app.services.userGroups;

  app.get(
    '/api/user-groups',
    {
      config: { access: READ },
      schema: {
        summary: 'List user groups with their access rules and number of users',
        querystring: Type.Object({
          ...PageQuery,
          name: Type.Optional(
            Type.String({
              maxLength: 256,
              description: 'SQL LIKE pattern (% is the wildcard); without % an exact match',
            }),
          ),
        }),
        response: { 200: pageOf(UserGroup) },
      },
    },
    async (request) => groups.list({ name: request.query.name }, pageFrom(request.query)),
  );

  app.post(
    '/api/user-groups',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Create a user group, with access rules given by name',
        body: Type.Object({
          name: Name,
          note: Type.Optional(Note),
          allowed_incomings: Type.Optional(Incomings),
          allowed_outgoings: Type.Optional(Outgoings),
        }),
        response: { 200: UserGroup },
      },
    },
    async (request) => groups.create(request.body, actorOf(request)),
  );

  app.patch(
    '/api/user-groups/:guid',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Change a user group; a given rule list replaces the rules in that direction',
        params: GroupParams,
        body: Type.Object({
          name: Type.Optional(Name),
          note: Type.Optional(Note),
          allowed_incomings: Type.Optional(Incomings),
          allowed_outgoings: Type.Optional(Outgoings),
        }),
        response: { 200: UserGroup },
      },
    },
    async (request) => groups.update(request.params.guid, request.body, actorOf(request)),
  );

  app.delete(
    '/api/user-groups/:guid',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Delete a user group without users (not the built-in Default group)',
        params: GroupParams,
        response: Empty,
      },
    },
    async (request, reply) => {
      await groups.delete(request.params.guid, actorOf(request));
      return reply.send();
    },
  );

  app.post(
    '/api/user-groups/:guid',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Move users into the group (user_group.py add-users): the body is an array of user guids',
        params: GroupParams,
        body: Type.Array(Guid, { minItems: 1, maxItems: 10_000, description: 'guids of users' }),
        response: Empty,
      },
    },
    async (request, reply) => {
      await groups.addUsers(request.params.guid, request.body, actorOf(request));
      return reply.send();
    },
  );
};

export default userGroupRoutes;
