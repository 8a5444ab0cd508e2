import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { OPTION_CATALOGUE } from '../../domain/strategies/catalogue.js';
import { MAX_NAME_LENGTH, MAX_NOTE_LENGTH } from '../../domain/strategies/service.js';
import { actorOf, manage } from '../../http/access.js';
import { Guid } from '../schemas.js';

const Options = Type.Record(Type.String(), Type.String(), {
  description: 'Client option key → string value (see GET /api/strategies/catalogue); "" reverts the key',
});

const StrategyFields = {
  guid: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean(),
  note: Type.String(),
  options: Options,
  created_at: Type.Integer({ description: 'epoch seconds' }),
  updated_at: Type.Integer({ description: 'epoch seconds: when its options or status last changed' }),
  device_count: Type.Integer({
    description:
      "devices it governs in effect (the device's own strategy, else its user's, else its group's)",
  }),
};
const Strategy = Type.Object(StrategyFields);

const Named = Type.Object({ guid: Type.String(), name: Type.String() });
const StrategyDetail = Type.Object({
  ...StrategyFields,
  devices: Type.Array(Type.Object({ guid: Type.String(), id: Type.String() }), {
    description: 'devices given this strategy directly',
  }),
  users: Type.Array(Named, { description: 'users given this strategy directly' }),
  device_groups: Type.Array(Named, { description: 'device groups given this strategy directly' }),
});

const CatalogueEntry = Type.Object({
  key: Type.String(),
  section: Type.String({ description: 'security, permissions, network, display or other' }),
  store: Type.String({
    description: 'where the client keeps it; only "settings" keys are sure to take effect from a push',
  }),
  kind: Type.String({ description: 'bool, enum, text or number' }),
  description: Type.String(),
  default: Type.String({ description: 'what the client does without the key' }),
  on: Type.Optional(Type.String({ description: 'bool: "unless-N" or "only-Y"' })),
  values: Type.Optional(Type.Array(Type.String(), { description: 'enum: the allowed values' })),
  labels: Type.Optional(
    Type.Record(Type.String(), Type.String(), { description: 'enum: a name in English for each value' }),
  ),
  min: Type.Optional(Type.Integer()),
  max: Type.Optional(Type.Integer()),
  maxLength: Type.Optional(Type.Integer()),
});

const Name = Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH });
const Note = Type.String({ maxLength: MAX_NOTE_LENGTH });
const GuidParams = Type.Object({ guid: Guid });
/** Enough for a console page of any size; larger sets are assigned in several calls. */
const MAX_TARGETS = 10_000;
const Done = Type.Object({}, { description: 'success' });

/** Strategies (strategies.py, admin-api.md §6) and what the console needs to edit them. */
const strategyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/strategies',
    {
      config: { access: manage('strategy:r') },
      schema: {
        summary: 'List every strategy (a bare array, not paged: strategies.py looks names up in it)',
        response: { 200: Type.Array(Strategy) },
      },
    },
    async () => app.services.strategies.list(),
  );

  app.get(
    '/api/strategies/catalogue',
    {
      config: { access: manage('strategy:r') },
      schema: {
        summary: 'The client options a strategy may set, with their kinds, values and defaults',
        response: { 200: Type.Array(CatalogueEntry) },
      },
    },
    async () => [...OPTION_CATALOGUE],
  );

  app.get(
    '/api/strategies/:guid',
    {
      config: { access: manage('strategy:r') },
      schema: {
        summary: 'One strategy with its options and the devices, users and device groups given it directly',
        params: GuidParams,
        response: { 200: StrategyDetail },
      },
    },
    async (request) => app.services.strategies.view(request.params.guid),
  );

  app.post(
    '/api/strategies',
    {
      config: { access: manage('strategy:rw') },
      schema: {
        summary: 'Create a strategy (enabled)',
        body: Type.Object({ name: Name, options: Options, note: Type.Optional(Note) }),
        response: { 200: Strategy },
      },
    },
    async (request) => {
      const { strategies } = app.services;
      const created = await strategies.create(
        {
          name: request.body.name,
          options: request.body.options,
          ...(request.body.note !== undefined ? { note: request.body.note } : {}),
        },
        actorOf(request),
      );
      return strategies.get(created.guid);
    },
  );

  app.patch(
    '/api/strategies/:guid',
    {
      config: { access: manage('strategy:rw') },
      schema: {
        summary: 'Rename, annotate, enable/disable a strategy, or replace its whole option map',
        params: GuidParams,
        body: Type.Object({
          name: Type.Optional(Name),
          note: Type.Optional(Note),
          enabled: Type.Optional(Type.Boolean()),
          options: Type.Optional(Options),
        }),
        response: { 200: Strategy },
      },
    },
    async (request) => {
      const { strategies } = app.services;
      const { name, note, enabled, options } = request.body;
      await strategies.update(
        await strategies.idOf(request.params.guid),
        {
          ...(name !== undefined ? { name } : {}),
          ...(note !== undefined ? { note } : {}),
          ...(enabled !== undefined ? { enabled } : {}),
          ...(options !== undefined ? { options } : {}),
        },
        actorOf(request),
      );
      return strategies.get(request.params.guid);
    },
  );

  app.put(
    '/api/strategies/:guid/status',
    {
      config: { access: manage('strategy:rw') },
      schema: {
        summary: 'Enable (body true) or disable (body false) a strategy',
        params: GuidParams,
        body: Type.Boolean({ description: 'the bare JSON true or false' }),
        response: { 200: Strategy },
      },
    },
    async (request) => {
      const { strategies } = app.services;
      await strategies.update(
        await strategies.idOf(request.params.guid),
        { enabled: request.body },
        actorOf(request),
      );
      return strategies.get(request.params.guid);
    },
  );

  app.post(
    '/api/strategies/:guid/duplicate',
    {
      config: { access: manage('strategy:rw') },
      schema: {
        summary: 'Copy a strategy with its options and note, named "<name> (copy)" unless a name is given',
        params: GuidParams,
        body: Type.Object({ name: Type.Optional(Name) }),
        response: { 200: Strategy },
      },
    },
    async (request) => {
      const { strategies } = app.services;
      const copy = await strategies.duplicate(
        await strategies.idOf(request.params.guid),
        request.body.name,
        actorOf(request),
      );
      return strategies.get(copy.guid);
    },
  );

  app.delete(
    '/api/strategies/:guid',
    {
      config: { access: manage('strategy:rw') },
      schema: {
        summary: 'Delete a strategy; the devices it governed fall back to the next strategy in effect',
        params: GuidParams,
        response: { 200: Done },
      },
    },
    async (request) => {
      const { strategies } = app.services;
      await strategies.remove(await strategies.idOf(request.params.guid), actorOf(request));
      return {};
    },
  );

  app.post(
    '/api/strategies/assign',
    {
      config: { access: manage('strategy:rw') },
      schema: {
        summary: 'Give a strategy to devices, users and device groups; without "strategy", take theirs away',
        body: Type.Object({
          strategy: Type.Optional(
            Type.Union([Guid, Type.Null()], { description: 'absent or null: unassign the targets' }),
          ),
          peers: Type.Array(Guid, { maxItems: MAX_TARGETS, description: 'device guids' }),
          users: Type.Array(Guid, { maxItems: MAX_TARGETS, description: 'user guids' }),
          groups: Type.Array(Guid, { maxItems: MAX_TARGETS, description: 'device group guids' }),
        }),
        response: { 200: Done },
      },
    },
    async (request) => {
      const { strategy, peers, users, groups } = request.body;
      await app.services.strategies.assignByGuid(
        strategy ?? null,
        { devices: peers, users, deviceGroups: groups },
        actorOf(request),
      );
      return {};
    },
  );
};

export default strategyRoutes;
