import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ASSIGN_TYPES } from '../../domain/devices/assign-types.js';
import type { DeviceChanges } from '../../domain/devices/device-changes.js';
import { DEVICE_SORT_KEYS } from '../../domain/devices/listing.js';
import type { DeviceQuery, DeviceViewer } from '../../domain/devices/management.js';
import { DEVICE_CSV_COLUMNS } from '../../domain/devices/presenter.js';
import { actorOf, manage } from '../../http/access.js';
import { allPages, sendCsv } from '../../http/csv.js';
import { Guid, PageQuery, pageFrom, pageOf } from '../schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const Device = Type.Object({
  guid: Type.String(),
  id: Type.String({ description: 'RustDesk ID' }),
  status: Type.Integer({ description: '1 enabled, 0 disabled' }),
  online: Type.Boolean(),
  last_online: Nullable(
    Type.String({ description: 'naive UTC YYYY-MM-DDTHH:MM:SS (no zone suffix); null = never seen' }),
  ),
  device_name: Type.String({ description: 'the name set in the console, else the reported hostname' }),
  device_username: Type.String({ description: 'the name set in the console, else the reported username' }),
  hostname: Type.String(),
  username: Type.String(),
  os: Type.String(),
  cpu: Type.String(),
  memory: Type.String(),
  version: Type.String(),
  ip: Type.String(),
  note: Type.String(),
  user_name: Nullable(Type.String()),
  user_guid: Nullable(Type.String()),
  group_name: Nullable(Type.String({ description: 'user group of the assigned user' })),
  device_group_name: Nullable(Type.String()),
  device_group_guid: Nullable(Type.String()),
  strategy_name: Nullable(Type.String({ description: 'the strategy in effect' })),
  strategy_source: Nullable(Type.Enum(['device', 'user', 'device_group'])),
  info: Type.Object({
    os: Type.String(),
    cpu: Type.String(),
    memory: Type.String(),
    hostname: Type.String(),
    username: Type.String(),
    version: Type.String(),
  }),
  created_at: Type.Integer({ description: 'epoch seconds' }),
});

const Pattern = (description: string) =>
  Type.Optional(
    Type.String({ maxLength: 256, description: `${description}; % is a wildcard, "-" means empty` }),
  );

const ListQuery = Type.Object({
  ...PageQuery,
  id: Pattern('RustDesk ID'),
  device_name: Pattern('device name as shown'),
  device_username: Pattern('device username as shown'),
  user_name: Pattern('assigned user'),
  group_name: Pattern("assigned user's user group"),
  device_group_name: Pattern('device group'),
  device_group_guid: Type.Optional(
    Type.String({
      format: 'uuid',
      description: 'exactly the devices of this device group (an unknown guid lists none)',
    }),
  ),
  strategy_name: Pattern('strategy in effect'),
  ip: Pattern('last address'),
  version: Pattern('client version'),
  os: Pattern('operating system'),
  note: Pattern('note'),
  status: Type.Optional(Type.Integer({ minimum: 0, maximum: 1, description: '1 enabled, 0 disabled' })),
  online: Type.Optional(Type.Boolean()),
  offline_days: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 36_500, description: 'not seen for this many days, or never' }),
  ),
  sort: Type.Optional(Type.Enum([...DEVICE_SORT_KEYS])),
  order: Type.Optional(Type.Enum(['asc', 'desc'])),
  format: Type.Optional(Type.Enum(['json', 'csv'], { description: 'csv: every matching device, as CSV' })),
});

const GuidParams = Type.Object({ guid: Guid });
/** Success with an empty body: devices.py prints "Success" for it. */
const Empty = Type.Unsafe<void>({ description: 'empty body' });
const Count = Type.Object({ count: Type.Integer() });

const AssignedName = (what: string) =>
  Type.Optional(
    Nullable(Type.String({ maxLength: 256, description: `${what} name; null or "" removes it` })),
  );

const DeviceEdit = Type.Object({
  user_name: AssignedName('user'),
  device_group_name: AssignedName('device group'),
  strategy_name: AssignedName('strategy'),
  note: Type.Optional(Type.String({ maxLength: 1024 })),
  device_name: Type.Optional(Type.String({ maxLength: 256 })),
  device_username: Type.Optional(Type.String({ maxLength: 256 })),
});

const Bulk = Type.Object({
  action: Type.Enum(['enable', 'disable', 'delete', 'assign']),
  guids: Type.Array(Guid, { minItems: 1, maxItems: 10_000 }),
  force: Type.Optional(Type.Boolean({ description: 'delete: disable enabled devices first' })),
  assign: Type.Optional(
    Type.Object({
      user_name: AssignedName('user'),
      device_group_name: AssignedName('device group'),
      strategy_name: AssignedName('strategy'),
    }),
  ),
});

function viewerOf(request: FastifyRequest): DeviceViewer {
  const principal = request.principal;
  return principal?.kind === 'user' && principal.user.is_admin !== 1
    ? { kind: 'owner', userId: principal.user.id }
    : { kind: 'administrator' };
}

type ListQueryValue = Type.Static<typeof ListQuery>;

function deviceQuery(query: ListQueryValue): DeviceQuery {
  return {
    id: query.id,
    deviceName: query.device_name,
    deviceUsername: query.device_username,
    userName: query.user_name,
    groupName: query.group_name,
    deviceGroupName: query.device_group_name,
    deviceGroupGuid: query.device_group_guid,
    strategyName: query.strategy_name,
    ip: query.ip,
    version: query.version,
    os: query.os,
    note: query.note,
    status: query.status,
    online: query.online,
    offlineDays: query.offline_days,
    sort: query.sort ? { key: query.sort, direction: query.order ?? 'asc' } : undefined,
  };
}

function assignedNames(body: {
  user_name?: string | null | undefined;
  device_group_name?: string | null | undefined;
  strategy_name?: string | null | undefined;
}): Pick<DeviceChanges, 'userName' | 'deviceGroupName' | 'strategyName'> {
  return {
    ...(body.user_name !== undefined ? { userName: body.user_name } : {}),
    ...(body.device_group_name !== undefined ? { deviceGroupName: body.device_group_name } : {}),
    ...(body.strategy_name !== undefined ? { strategyName: body.strategy_name } : {}),
  };
}

/** Devices: devices.py (list, enable, disable, delete, assign) and the console's device list. */
const deviceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const devices = app.services.deviceManagement;

  app.get(
    '/api/devices',
    {
      config: { access: manage('device:r', { own: true }) },
      schema: {
        summary: 'List devices (paged; ?format=csv exports every match); users see their own',
        querystring: ListQuery,
        response: { 200: pageOf(Device) },
      },
    },
    async (request, reply) => {
      const query = deviceQuery(request.query);
      const viewer = viewerOf(request);
      if (request.query.format === 'csv') {
        const fetchPage = await devices.exporter(query, viewer);
        return sendCsv(reply, 'devices.csv', DEVICE_CSV_COLUMNS, allPages(fetchPage));
      }
      return devices.list(query, pageFrom(request.query), viewer);
    },
  );

  app.get(
    '/api/devices/:guid',
    {
      config: { access: manage('device:r', { own: true }) },
      schema: { summary: 'One device', params: GuidParams, response: { 200: Device } },
    },
    async (request) => devices.get(request.params.guid, viewerOf(request)),
  );

  app.patch(
    '/api/devices/:guid',
    {
      config: { access: manage('device:rw', { own: true }) },
      schema: {
        summary: 'Edit a device: user, device group, strategy (by name), note and names',
        description: 'Users may change only note, device_name and device_username of their own devices.',
        params: GuidParams,
        body: DeviceEdit,
        response: { 200: Device },
      },
    },
    async (request) => {
      const body = request.body;
      const changes: DeviceChanges = {
        ...assignedNames(body),
        ...(body.note !== undefined ? { note: body.note } : {}),
        ...(body.device_name !== undefined ? { deviceName: body.device_name } : {}),
        ...(body.device_username !== undefined ? { deviceUsername: body.device_username } : {}),
      };
      return devices.update(request.params.guid, changes, viewerOf(request), actorOf(request));
    },
  );

  for (const action of ['enable', 'disable'] as const) {
    app.post(
      `/api/devices/:guid/${action}`,
      {
        config: { access: manage('device:rw') },
        schema: {
          summary: `${action === 'enable' ? 'Enable' : 'Disable'} a device`,
          params: GuidParams,
          response: { 200: Empty },
        },
      },
      async (request, reply) => {
        await devices.setEnabled([request.params.guid], action === 'enable', actorOf(request));
        return reply.send();
      },
    );
  }

  app.delete(
    '/api/devices/:guid',
    {
      config: { access: manage('device:rw') },
      schema: {
        summary: 'Delete a disabled device',
        params: GuidParams,
        response: { 200: Empty },
      },
    },
    async (request, reply) => {
      await devices.remove([request.params.guid], { force: false }, actorOf(request));
      return reply.send();
    },
  );

  app.post(
    '/api/devices/:guid/assign',
    {
      config: { access: manage('device:rw') },
      schema: {
        summary:
          'Assign a device (devices.py assign): user, strategy, device group, address book, note, names',
        description:
          'For ab the value is name[,tag[,alias[,password[,note]]]]. An empty user_name, strategy_name or device_group_name removes that assignment.',
        params: GuidParams,
        body: Type.Object({
          type: Type.String({ maxLength: 64, description: ASSIGN_TYPES.join(' | ') }),
          value: Type.String({ maxLength: 2048 }),
        }),
        response: { 200: Empty },
      },
    },
    async (request, reply) => {
      await devices.assign(request.params.guid, request.body.type, request.body.value, actorOf(request));
      return reply.send();
    },
  );

  app.post(
    '/api/devices/bulk',
    {
      config: { access: manage('device:rw') },
      schema: {
        summary: 'Enable, disable, delete or assign many devices in one transaction',
        description:
          'Unknown guids: 404 and nothing changes. delete needs every device disabled unless force is true.',
        body: Bulk,
        response: { 200: Count },
      },
    },
    async (request) => {
      const { action, guids, force, assign } = request.body;
      const actor = actorOf(request);
      const count = await devices.bulk(
        guids,
        action === 'delete'
          ? { action, force: force ?? false }
          : action === 'assign'
            ? { action, changes: assignedNames(assign ?? {}) }
            : { action },
        actor,
      );
      return { count };
    },
  );
};

export default deviceRoutes;
