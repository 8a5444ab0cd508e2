import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { DeviceLogFilter } from '../../domain/audits/log-repository.js';
import { ALARM_LOG_CSV, CONN_LOG_CSV, FILE_LOG_CSV } from '../../domain/audits/presenter.js';
import { storedText } from '../../domain/audits/reports.js';
import { timeWindow } from '../../domain/audits/time-filter.js';
import { type LogScope, logScopeOf } from '../../domain/audits/visibility.js';
import { CONSOLE_LOG_CSV } from '../../domain/console-audit/presenter.js';
import { actorOf, manage } from '../../http/access.js';
import { sendCsv } from '../../http/csv.js';
import { Unauthorized } from '../../http/errors.js';
import { Guid, PageQuery, pageFrom, pageOf } from '../schemas.js';

const Pattern = (description: string) =>
  Type.Optional(
    Type.String({ maxLength: 256, description: `${description}; % is the wildcard, "-" means empty` }),
  );
const Code = (description: string) =>
  Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, description }));
const EpochSeconds = (description: string) =>
  Type.Optional(Type.Integer({ minimum: 0, maximum: 253_402_300_799, description }));

/** The filters every log takes: audits.py's `created_at`, the console's range, and the CSV switch. */
const CommonQuery = {
  ...PageQuery,
  created_at: Type.Optional(
    Type.String({
      maxLength: 64,
      description: 'UTC "YYYY-MM-DD HH:MM:SS[.000]": only records created at or after it',
    }),
  ),
  from: EpochSeconds('only records created at or after this time (epoch seconds)'),
  to: EpochSeconds('only records created at or before this time (epoch seconds)'),
  format: Type.Optional(
    Type.Enum(['json', 'csv'], {
      description: 'csv: download every page of the filtered log as CSV (codes named, times ISO UTC)',
    }),
  ),
};

const DeviceLogQuery = {
  ...CommonQuery,
  device: Pattern('RustDesk ID of the controlled device (the device that reported the record)'),
  device_name: Pattern('name of the controlled device, as registered'),
  user_name: Pattern('name of the user the controlled device is assigned to'),
  ip: Pattern('address of the controlling side'),
};

/*
 * In RustDesk the "remote ID" is the one connected to, so audits.py's `--remote` is the controlled
 * device, as in Server Pro, whose logs filter by the controlled end only (rustdesk-server-pro#499).
 * `peer` is the controlling side, which that issue asks for.
 */
const SideQuery = {
  remote: Pattern(
    'RustDesk ID of the controlled device, as audits.py --remote sends it (the same as `device`; given both, both must match)',
  ),
  peer: Pattern('the controlling side: its RustDesk ID or name (the name its client reported)'),
};

const ConnQuery = Type.Object({
  ...DeviceLogQuery,
  ...SideQuery,
  conn_type: Code('0 remote desktop, 1 file transfer, 2 port transfer, 3 view camera, 4 terminal'),
  logged_in: Type.Optional(
    Type.Boolean({
      description:
        'false: only connections whose controlling side never logged in (records without conn_type, "Not Logged In"); true: only the others',
    }),
  ),
});
const FileQuery = Type.Object({
  ...DeviceLogQuery,
  ...SideQuery,
  type: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 1,
      description: 'direction: 0 the device sent files to the controlling side, 1 it received files from it',
    }),
  ),
});
const AlarmQuery = Type.Object({
  ...DeviceLogQuery,
  typ: Code(
    'alarm type (admin-api.md §7.3; 6–10 are kinds newer clients report; 100 rdconsole: device ID claimed by another machine)',
  ),
});
const ConsoleQuery = Type.Object({
  ...CommonQuery,
  operator: Pattern('user name of the operator ("token:<name>" for an API token)'),
  typ: Code('area: 0 groups, 1 users, 2 devices, 3 address books, 4 strategies, 5 settings, 6 API tokens'),
  iop: Code('operation code (admin-api.md §7.3, then rdconsole’s own)'),
});

const Seconds = Type.Integer({ description: 'epoch seconds' });
const OptionalCode = Type.Union([Type.Integer(), Type.Null()]);

/** Who was on each side of a connection or transfer; the controlled device reported it. */
const ControlledDevice = {
  id: Type.String({
    description: 'RustDesk ID of the controlled device (the device that reported the record)',
  }),
  device_name: Type.String({
    description: 'name of the controlled device, as registered ("" when it is not)',
  }),
};
const ControllingSide = {
  remote_id: Type.String({ description: 'RustDesk ID of the controlling side ("" when it never logged in)' }),
  remote_name: Type.String({ description: 'name of the controlling side, as its client reported it' }),
  ip: Type.String({ description: 'address of the controlling side' }),
};

const ConnLog = Type.Object({
  guid: Type.String(),
  ...ControlledDevice,
  user_name: Type.String({ description: 'the user the controlled device is assigned to ("" for none)' }),
  ...ControllingSide,
  conn_type: Type.Optional(
    Type.Integer({ description: 'absent when the connection never authorised ("Not Logged In")' }),
  ),
  primary_auth: OptionalCode,
  two_factor: OptionalCode,
  session_id: Type.String({ description: 'unsigned 64-bit, as decimal text' }),
  note: Type.String(),
  created_at: Seconds,
  end_time: Type.Union([Seconds, Type.Null()], { description: 'null while the connection is open' }),
  online: Type.Boolean({ description: 'the connection is live: its device reports it open' }),
});

const FileLog = Type.Object({
  guid: Type.String(),
  ...ControlledDevice,
  ...ControllingSide,
  type: Type.Integer({
    description: '0 the controlled device sent files to the controlling side, 1 it received files from it',
  }),
  path: Type.String({ description: 'on the controlled device' }),
  is_file: Type.Boolean(),
  num: Type.Integer({ description: 'how many files' }),
  // A pair [name, size]; OpenAPI 3.0 cannot describe tuples.
  files: Type.Array(Type.Array(Type.Union([Type.String(), Type.Number()]), { minItems: 2, maxItems: 2 }), {
    description: 'the largest files, each [name, size in bytes]',
  }),
  created_at: Seconds,
});

const AlarmLog = Type.Object({
  guid: Type.String(),
  id: Type.String(),
  device_name: Type.String(),
  typ: Type.Integer(),
  ip: Type.String(),
  info: Type.Object({}, { additionalProperties: true, description: 'what the device reported' }),
  created_at: Seconds,
});

const ConsoleLog = Type.Object({
  guid: Type.String(),
  operator: Type.String(),
  typ: Type.Integer({ description: 'area' }),
  iop: Type.Integer({ description: 'operation' }),
  detail: Type.String(),
  ip: Type.String(),
  created_at: Seconds,
});

interface DeviceLogQueryValues {
  created_at?: string;
  from?: number;
  to?: number;
  device?: string;
  /** audits.py's name for the controlled device (connection and file logs). */
  remote?: string;
  device_name?: string;
  user_name?: string;
  ip?: string;
}

/** Stored text never holds NUL characters (PostgreSQL refuses them), so a filter needs none either. */
function pattern(value: string | undefined): string | undefined {
  return value === undefined ? undefined : storedText(value);
}

function deviceLogFilter(query: DeviceLogQueryValues): DeviceLogFilter {
  return {
    window: timeWindow(query),
    devices: [query.device, query.remote].flatMap((value) =>
      value === undefined ? [] : [storedText(value)],
    ),
    deviceName: pattern(query.device_name),
    userName: pattern(query.user_name),
    ip: pattern(query.ip),
  };
}

/**
 * The logs (audits.py, admin-api.md §7; the console's Logs pages, features.md §11): connection, file,
 * alarm and console records, newest first, one page at a time or as a CSV download.
 */
const auditListingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { audits } = app.services;

  async function scopeOf(request: FastifyRequest): Promise<LogScope> {
    if (!request.principal) throw new Unauthorized();
    const settings = await app.services.settings.get();
    return logScopeOf(request.principal, settings.only_admin_can_access_logs);
  }

  app.get(
    '/api/audits/conn',
    {
      config: { access: manage('audit_log:r', { own: true }) },
      schema: {
        summary: 'Connection log (non-administrators: their devices’ connections)',
        querystring: ConnQuery,
        response: { 200: pageOf(ConnLog) },
      },
    },
    async (request, reply) => {
      const { query } = request;
      const scope = await scopeOf(request);
      const filter = {
        ...deviceLogFilter(query),
        peer: pattern(query.peer),
        connType: query.conn_type,
        loggedIn: query.logged_in,
      };
      if (query.format === 'csv') {
        return sendCsv(reply, 'connection-log.csv', CONN_LOG_CSV, audits.exportConns(scope, filter));
      }
      return audits.listConns(scope, filter, pageFrom(query));
    },
  );

  app.get(
    '/api/audits/file',
    {
      config: { access: manage('audit_log:r', { own: true }) },
      schema: {
        summary: 'File transfer log (non-administrators: their devices’ transfers)',
        querystring: FileQuery,
        response: { 200: pageOf(FileLog) },
      },
    },
    async (request, reply) => {
      const { query } = request;
      const scope = await scopeOf(request);
      const filter = { ...deviceLogFilter(query), peer: pattern(query.peer), direction: query.type };
      if (query.format === 'csv') {
        return sendCsv(reply, 'file-log.csv', FILE_LOG_CSV, audits.exportFiles(scope, filter));
      }
      return audits.listFiles(scope, filter, pageFrom(query));
    },
  );

  app.get(
    '/api/audits/alarm',
    {
      config: { access: manage('audit_log:r', { own: true }) },
      schema: {
        summary: 'Alarm log (non-administrators: their devices’ alarms)',
        querystring: AlarmQuery,
        response: { 200: pageOf(AlarmLog) },
      },
    },
    async (request, reply) => {
      const { query } = request;
      const scope = await scopeOf(request);
      const filter = { ...deviceLogFilter(query), alarmType: query.typ };
      if (query.format === 'csv') {
        return sendCsv(reply, 'alarm-log.csv', ALARM_LOG_CSV, audits.exportAlarms(scope, filter));
      }
      return audits.listAlarms(scope, filter, pageFrom(query));
    },
  );

  app.get(
    '/api/audits/console',
    {
      config: { access: manage('audit_log:r') },
      schema: {
        summary: 'Console log: changes made through the management API, and logins',
        querystring: ConsoleQuery,
        response: { 200: pageOf(ConsoleLog) },
      },
    },
    async (request, reply) => {
      const { query } = request;
      const filter = {
        window: timeWindow(query),
        operator: pattern(query.operator),
        typ: query.typ,
        iop: query.iop,
      };
      if (query.format === 'csv') {
        return sendCsv(reply, 'console-log.csv', CONSOLE_LOG_CSV, audits.exportConsole(filter));
      }
      return audits.listConsole(filter, pageFrom(query));
    },
  );

  app.post(
    '/api/audits/conn/:guid/disconnect',
    {
      config: { access: manage('audit_log:rw', { own: true }) },
      schema: {
        summary: 'End a live connection: the device closes it on its next heartbeat',
        params: Type.Object({ guid: Guid }),
        response: { 200: Type.Object({}) },
      },
    },
    async (request) => {
      await audits.disconnect(request.params.guid, await scopeOf(request), actorOf(request));
      return {};
    },
  );

  app.patch(
    '/api/audits/conn/:guid',
    {
      config: { access: manage('audit_log:rw', { own: true }) },
      schema: {
        summary: 'Edit the note of a connection record',
        params: Type.Object({ guid: Guid }),
        body: Type.Object({ note: Type.String({ maxLength: 1024 }) }),
        response: { 200: Type.Object({}) },
      },
    },
    async (request) => {
      await audits.editConnNote(
        request.params.guid,
        storedText(request.body.note),
        await scopeOf(request),
        actorOf(request),
      );
      return {};
    },
  );
};

export default auditListingRoutes;
