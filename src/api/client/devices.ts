import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PUBLIC } from '../../http/access.js';
import { BadRequest } from '../../http/errors.js';
import { optionalString } from '../schemas.js';

const PeerId = Type.String({ minLength: 1, maxLength: 64, description: 'RustDesk ID of the device' });

const HeartbeatBody = Type.Object({
  id: PeerId,
  uuid: Type.Optional(Type.String({ maxLength: 256, description: 'base64 machine uid' })),
  ver: Type.Optional(Type.Integer({ description: 'numeric client version, e.g. 1004090 for 1.4.9' })),
  conns: Type.Optional(
    Type.Array(Type.Integer(), { maxItems: 1000, description: 'ids of live connections' }),
  ),
  modified_at: Type.Optional(Type.Integer({ description: 'stamp of the strategy the client holds' })),
});

const HeartbeatResponse = Type.Object({
  sysinfo: Type.Optional(Type.Boolean({ description: 'present: upload sysinfo again' })),
  disconnect: Type.Optional(Type.Array(Type.Integer(), { description: 'connection ids to close' })),
  modified_at: Type.Optional(Type.Integer()),
  strategy: Type.Optional(
    Type.Object({
      config_options: Type.Record(Type.String(), Type.String(), { description: '"" reverts a key' }),
    }),
  ),
});

/** The sysinfo fields the client reports; everything arrives as strings (client-api.md §4.2). */
const SysinfoBody = Type.Object({
  id: PeerId,
  uuid: Type.Optional(Type.Unknown()),
  hostname: Type.Optional(Type.Unknown()),
  username: Type.Optional(Type.Unknown()),
  os: Type.Optional(Type.Unknown()),
  cpu: Type.Optional(Type.Unknown()),
  memory: Type.Optional(Type.Unknown()),
  version: Type.Optional(Type.Unknown()),
  'preset-user-name': Type.Optional(Type.Unknown()),
  'preset-strategy-name': Type.Optional(Type.Unknown()),
  'preset-device-group-name': Type.Optional(Type.Unknown()),
  'preset-note': Type.Optional(Type.Unknown()),
  'preset-device-name': Type.Optional(Type.Unknown()),
  'preset-device-username': Type.Optional(Type.Unknown()),
  'preset-address-book-name': Type.Optional(Type.Unknown()),
  'preset-address-book-tag': Type.Optional(Type.Unknown()),
  'preset-address-book-alias': Type.Optional(Type.Unknown()),
  'preset-address-book-password': Type.Optional(Type.Unknown()),
  'preset-address-book-note': Type.Optional(Type.Unknown()),
});

/** A string option the client sends only when non-empty; anything else means "not given". */
function preset(value: unknown): string | undefined {
  const text = optionalString(value, 1024);
  return text === '' ? undefined : text;
}

/** The device ("service") endpoints: no credentials, identified by id and uuid (client-api.md §4). */
const deviceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/heartbeat',
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'Device heartbeat: presence, strategy push, disconnect requests',
        body: HeartbeatBody,
        response: { 200: HeartbeatResponse },
      },
    },
    // Not async: the service answers most heartbeats without a promise, and Fastify sends a plain value.
    (request) =>
      app.services.devices.heartbeat({
        id: request.body.id,
        uuid: request.body.uuid ?? '',
        ver: request.body.ver ?? 0,
        conns: request.body.conns ?? [],
        modifiedAt: request.body.modified_at ?? 0,
        ip: request.ip,
      }),
  );

  app.post(
    '/api/sysinfo',
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'Device registration and system information; answers the text SYSINFO_UPDATED',
        body: SysinfoBody,
        response: { 200: Type.String({ description: 'SYSINFO_UPDATED (text/plain)' }) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const bookName = preset(body['preset-address-book-name']);
      const uuid = optionalString(body.uuid);
      // The uuid is what tells the registered machine from another one giving the same ID.
      if (uuid === '') throw new BadRequest('field_required', { field: 'uuid' });
      const warnings = await app.services.devices.sysinfo({
        id: body.id,
        uuid,
        ip: request.ip,
        info: {
          hostname: optionalString(body.hostname),
          username: optionalString(body.username),
          os: optionalString(body.os),
          cpu: optionalString(body.cpu),
          memory: optionalString(body.memory),
          version: optionalString(body.version, 64),
        },
        presets: {
          userName: preset(body['preset-user-name']),
          strategyName: preset(body['preset-strategy-name']),
          deviceGroupName: preset(body['preset-device-group-name']),
          note: preset(body['preset-note']),
          deviceName: preset(body['preset-device-name']),
          deviceUsername: preset(body['preset-device-username']),
        },
        ...(bookName
          ? {
              addressBook: {
                name: bookName,
                tag: preset(body['preset-address-book-tag']),
                alias: preset(body['preset-address-book-alias']),
                password: preset(body['preset-address-book-password']),
                note: preset(body['preset-address-book-note']),
              },
            }
          : {}),
      });
      for (const warning of warnings)
        request.log.warn({ req: request, device: body.id }, `sysinfo preset ignored: ${warning}`);
      return reply.type('text/plain; charset=utf-8').send('SYSINFO_UPDATED');
    },
  );

  app.post(
    '/api/sysinfo_ver',
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'Sysinfo version for old clients: never matches, so they upload their sysinfo',
        response: { 200: Type.String() },
      },
    },
    async (_request, reply) => reply.type('text/plain; charset=utf-8').send(String(app.services.clock())),
  );

  app.post(
    '/api/switch-grant',
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'Grant a switch-sides connection, signed with the device key',
        body: Type.Object({
          id: PeerId,
          switch_code_verifier: Type.String({ minLength: 1, maxLength: 256 }),
          timestamp: Type.String({ pattern: '^[0-9]{1,12}$', description: 'Unix seconds' }),
          signature: Type.String({ minLength: 1, maxLength: 256, description: 'base64 ed25519 signature' }),
        }),
        response: {
          200: Type.Object({ accepted: Type.Boolean(), server_time: Type.Optional(Type.Integer()) }),
        },
      },
    },
    async (request) =>
      app.services.provisioning.switchGrant({
        id: request.body.id,
        verifier: request.body.switch_code_verifier,
        timestamp: request.body.timestamp,
        signature: request.body.signature,
      }),
  );
};

export default deviceRoutes;
