import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, manage } from '../../http/access.js';
import { Guid, PageQuery, pageFrom, pageOf } from '../schemas.js';

const AccessRule = Type.Object({
  type: Type.Integer({ description: '0 a user group, 2 a user' }),
  name: Type.String({ minLength: 1, maxLength: 256 }),
});

const AllowedIncomings = Type.Array(AccessRule, {
  maxItems: 1000,
  description: 'who may reach the devices of the group; a given list replaces the old one',
});

const DeviceGroup = Type.Object({
  guid: Type.String(),
  name: Type.String(),
  note: Type.String(),
  created_at: Type.Integer({ description: 'epoch seconds' }),
  allowed_incomings: Type.Array(Type.Object({ type: Type.Integer(), name: Type.String() })),
  device_count: Type.Integer(),
  strategy_name: Type.Union([Type.String(), Type.Null()]),
});

const GroupName = Type.String({ minLength: 1, maxLength: 100 });
const Note = Type.String({ maxLength: 1024 });
const GuidParams = Type.Object({ guid: Guid });
const PeerIds = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
  minItems: 1,
  maxItems: 10_000,
  description: 'RustDesk IDs of devices (not guids)',
});
const Count = Type.Object({ count: Type.Integer() });
/** Success with an empty body: device_group.py prints "Success" after it. */
const Empty = Type.Unsafe<void>({ description: 'empty body' });

/** Device groups: device_group.py (view, add, update, delete, add-devices, remove-devices) and the console. */
const deviceGroupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const groups = app.services.deviceGroups;

  app.get(
    '/api/device-groups',
    {
      config: { access: manage('device_group:r') },
      schema: {
        summary: 'List device groups (paged)',
        querystring: Type.Object({
          ...PageQuery,
          name: Type.Optional(
            Type.String({ maxLength: 256, description: 'exact name, or a pattern with % wildcards' }),
          ),
        }),
        response: { 200: pageOf(DeviceGroup) },
      },
    },
    async (request) => groups.list({ name: request.query.name }, pageFrom(request.query)),
  );

  app.post(
    '/api/device-groups',
    {
      config: { access: manage('device_group:rw') },
      schema: {
        summary: 'Create a device group',
        body: Type.Object({
          name: GroupName,
          note: Type.Optional(Note),
          allowed_incomings: Type.Optional(AllowedIncomings),
        }),
        response: { 200: DeviceGroup },
      },
    },
    async (request) =>
      groups.create(
        {
          name: request.body.name,
          note: request.body.note,
          allowedIncomings: request.body.allowed_incomings,
        },
        actorOf(request),
      ),
  );

  app.patch(
    '/api/device-groups/:guid',
    {
      config: { access: manage('device_group:rw') },
      schema: {
        summary: 'Change a device group: the fields given',
        params: GuidParams,
        body: Type.Object({
          name: Type.Optional(GroupName),
          note: Type.Optional(Note),
          allowed_incomings: Type.Optional(AllowedIncomings),
        }),
        response: { 200: DeviceGroup },
      },
    },
    async (request) =>
      groups.update(
        request.params.guid,
        {
          name: request.body.name,
          note: request.body.note,
          allowedIncomings: request.body.allowed_incomings,
        },
        actorOf(request),
      ),
  );

  app.delete(
    '/api/device-groups/:guid',
    {
      config: { access: manage('device_group:rw') },
      schema: {
        summary: 'Delete a device group; its devices become ungrouped',
        params: GuidParams,
        response: { 200: Empty },
      },
    },
    async (request, reply) => {
      await groups.remove(request.params.guid, actorOf(request));
      return reply.send();
    },
  );

  app.post(
    '/api/device-groups/:guid',
    {
      config: { access: manage('device_group:rw') },
      schema: {
        summary: 'Add devices to a device group (body: their RustDesk IDs)',
        description: 'Unknown IDs: 404 naming them, nothing changes. Devices leave any other group.',
        params: GuidParams,
        body: PeerIds,
        response: { 200: Count },
      },
    },
    async (request) => ({
      count: await groups.addDevices(request.params.guid, request.body, actorOf(request)),
    }),
  );

  app.delete(
    '/api/device-groups/:guid/devices',
    {
      config: { access: manage('device_group:rw') },
      schema: {
        summary: 'Remove devices from a device group (body: their RustDesk IDs)',
        params: GuidParams,
        body: PeerIds,
        response: { 200: Count },
      },
    },
    async (request) => ({
      count: await groups.removeDevices(request.params.guid, request.body, actorOf(request)),
    }),
  );
};

export default deviceGroupRoutes;
