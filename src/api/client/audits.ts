import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { MAX_CLIENT_ALARM_TYPE } from '../../domain/audits/codes.js';
import {
  parseSessionId,
  readAlarmReport,
  readConnReport,
  readFileReport,
  storedText,
} from '../../domain/audits/reports.js';
import type { ConnCaller } from '../../domain/audits/service.js';
import { PUBLIC, SESSION, sessionOf } from '../../http/access.js';
import { Guid } from '../schemas.js';

const PeerId = Type.String({ minLength: 1, maxLength: 64, description: 'RustDesk ID' });
const ConnId = Type.Integer({
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'the device process’s connection number (restarts with the device)',
});
const SessionId = Type.Unknown({
  description: 'unsigned 64-bit LoginRequest session id: a JSON number (read exactly) or a decimal string',
});
const Nonce = Type.String({ minLength: 1, maxLength: 128, description: 'UUID v4; a retry repeats it' });
const ConnType = Type.Integer({
  minimum: 0,
  maximum: 4,
  description: '0 remote desktop, 1 file transfer, 2 port forward, 3 view camera, 4 terminal',
});
const Note = Type.String({ maxLength: 1024 });
// What clients send is far smaller (client-api.md §4.5, §4.6): an alarm's info is an address and a
// name or two; a file transfer's lists its 10 largest files. Anything longer is refused, never cut,
// since a cut JSON text would not parse; the client drops a record answered with a 400.
const Info = (maxLength: number) =>
  Type.String({ maxLength, description: 'a JSON object, encoded as a string' });
const DeviceUuid = Type.Unknown({ description: 'base64 machine uid of the device (not checked)' });

const ConnBody = Type.Object(
  {
    id: PeerId,
    uuid: Type.Optional(DeviceUuid),
    conn_id: Type.Optional(ConnId),
    session_id: Type.Optional(SessionId),
    nonce: Type.Optional(Nonce),
    action: Type.Optional(
      Type.Enum(['new', 'close'], { description: 'absent on "authorised" and on notes' }),
    ),
    ip: Type.Optional(Type.String({ maxLength: 256 })),
    conn_audit_ref: Type.Optional(Type.String({ maxLength: 256 })),
    peer: Type.Optional(
      Type.Array(Type.String({ maxLength: 256 }), {
        minItems: 1,
        maxItems: 8,
        description: '[controller id, controller name]',
      }),
    ),
    type: Type.Optional(ConnType),
    primary_auth: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 4,
        description: '1 click, 2 temporary password, 3 permanent, 4 switch sides',
      }),
    ),
    two_factor: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 2, description: '1 TOTP, 2 trusted device' }),
    ),
    note: Type.Optional(Note),
  },
  {
    description:
      'One of: "new" {action:"new", ip}, "authorised" {peer, type} (no action), "close" {action:"close"}, ' +
      'all with conn_id, session_id and nonce; or the controller’s session note {session_id, note}',
  },
);

const FileBody = Type.Object({
  id: PeerId,
  uuid: Type.Optional(DeviceUuid),
  peer_id: Type.Optional(Type.String({ maxLength: 64, description: 'the controller’s RustDesk ID' })),
  conn_id: Type.Optional(ConnId),
  type: Type.Integer({ minimum: 0, maximum: 1, description: '0 the device sent files, 1 it received files' }),
  path: Type.Optional(Type.String({ maxLength: 4096 })),
  is_file: Type.Optional(Type.Boolean()),
  info: Info(16_384),
  nonce: Type.Optional(Nonce),
});

const AlarmBody = Type.Object({
  id: PeerId,
  uuid: Type.Optional(DeviceUuid),
  // Newer clients add alarm kinds; any of them is worth keeping, but not rdconsole's own (100 and up).
  typ: Type.Integer({
    minimum: 0,
    maximum: MAX_CLIENT_ALARM_TYPE,
    description: 'alarm kind (client-api.md §4.6)',
  }),
  info: Info(4096),
  conn_id: Type.Optional(ConnId),
  conn_audit_ref: Type.Optional(Type.String({ maxLength: 256 })),
  nonce: Type.Optional(Nonce),
});

/**
 * Audit records (client-api.md §4.4–4.7, §10). Devices post without credentials and treat only a 2xx
 * with an EMPTY body as stored; anything else in the body makes them post again.
 */
const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Counted before the body is read, so a flood costs no parsing.
  const admitPost = async (request: FastifyRequest) => app.services.audits.admitPost(request.ip);

  app.post(
    '/api/audit/conn',
    {
      config: { access: PUBLIC },
      onRequest: admitPost,
      schema: { summary: 'A connection event from a device, or a controller’s session note', body: ConnBody },
    },
    async (request, reply) => {
      await app.services.audits.recordConn(readConnReport(request.body));
      return reply.send();
    },
  );

  app.post(
    '/api/audit/file',
    {
      config: { access: PUBLIC },
      onRequest: admitPost,
      schema: { summary: 'A file transfer reported by a device', body: FileBody },
    },
    async (request, reply) => {
      await app.services.audits.recordFile(readFileReport(request.body));
      return reply.send();
    },
  );

  app.post(
    '/api/audit/alarm',
    {
      config: { access: PUBLIC },
      onRequest: admitPost,
      schema: { summary: 'A security alarm reported by a device', body: AlarmBody },
    },
    async (request, reply) => {
      await app.services.audits.recordAlarm(readAlarmReport(request.body));
      return reply.send();
    },
  );

  app.get(
    '/api/audit/conn/active',
    {
      config: { access: SESSION },
      schema: {
        summary: 'The guid of the open connection record of a session ("" while there is none yet)',
        querystring: Type.Object({
          id: PeerId,
          // Digits only: a u64 must not pass through a JavaScript number.
          session_id: Type.String({ pattern: '^[0-9]{1,20}$' }),
          conn_type: ConnType,
        }),
        response: { 200: Type.String({ description: 'a JSON string' }) },
      },
    },
    async (request, reply) => {
      const { id, session_id, conn_type } = request.query;
      const guid = await app.services.audits.findActiveConnGuid(connCallerOf(request), {
        deviceId: storedText(id),
        sessionId: parseSessionId(session_id),
        connType: conn_type,
      });
      // The client reads a JSON string; Fastify would send a bare string as plain text.
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(guid));
    },
  );

  app.put(
    '/api/audit',
    {
      config: { access: SESSION },
      schema: {
        summary: 'Set the note of a connection record (the end-of-session note)',
        body: Type.Object({ guid: Guid, note: Note }),
      },
    },
    async (request, reply) => {
      await app.services.audits.setConnNote(
        connCallerOf(request),
        request.body.guid,
        storedText(request.body.note),
      );
      return reply.send();
    },
  );
};

function connCallerOf(request: FastifyRequest): ConnCaller {
  const { sessionId, user } = sessionOf(request);
  return { sessionId, isAdmin: user.is_admin === 1 };
}

export default auditRoutes;
