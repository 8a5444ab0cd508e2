import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ASSIGNMENT_FLAGS,
  commandLines,
  installScript,
  PLATFORMS,
  scriptFileName,
} from '../../domain/custom-clients/scripts.js';
import {
  type CustomClientFields,
  DEFAULT_TOKEN_DAYS,
  MAX_TOKEN_DAYS,
} from '../../domain/custom-clients/service.js';
import { ADMIN_SESSION, actorOf } from '../../http/access.js';
import { VERSION } from '../../version.js';
import { Guid } from '../schemas.js';

const Options = (description: string) =>
  Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 4096 }), {
    maxProperties: 500,
    description,
  });
const Platform = Type.Enum([...PLATFORMS]);
const Assignments = Type.Object(
  Object.fromEntries(
    ASSIGNMENT_FLAGS.map((field) => [field, Type.Optional(Type.String({ maxLength: 256 }))]),
  ) as Record<(typeof ASSIGNMENT_FLAGS)[number], Type.TOptional<Type.TString>>,
  {
    additionalProperties: false,
    description:
      'What `rustdesk --assign` sets, by name: a user, a strategy, a device group, a shared address book ' +
      '(with a tag, alias and note). Each must exist.',
  },
);
const Days = Type.Integer({
  minimum: 1,
  maximum: MAX_TOKEN_DAYS,
  description: `days the assignment token works, default ${DEFAULT_TOKEN_DAYS}`,
});

const Fields = {
  note: Type.Optional(Type.String({ maxLength: 1024 })),
  host: Type.Optional(
    Type.String({ maxLength: 260, description: 'ID server (hbbs), host[:port]; default: this server' }),
  ),
  key: Type.Optional(
    Type.String({ maxLength: 64, description: "the ID server's public key; default: Settings → Key" }),
  ),
  api: Type.Optional(
    Type.String({ maxLength: 300, description: 'API server, http(s)://host[:port]; default: this server' }),
  ),
  relay: Type.Optional(
    Type.String({
      maxLength: 260,
      description: 'relay server, host[:port]; default: the first of Settings → Relay',
    }),
  ),
  password: Type.Optional(
    Type.Union([Type.String({ minLength: 6, maxLength: 128 }), Type.Null()], {
      description: 'the permanent password set on every device (a secret, kept sealed); null: none',
    }),
  ),
  default_options: Type.Optional(Options('options set at install (strategy catalogue keys)')),
  override_options: Type.Optional(
    Options('options set at install and meant to stay; where both name a key, this one wins'),
  ),
  assignments: Type.Optional(Assignments),
  platforms: Type.Optional(
    Type.Array(Platform, { minItems: 1, maxItems: PLATFORMS.length, uniqueItems: true }),
  ),
};

const CustomClient = Type.Object({
  guid: Type.String(),
  name: Type.String(),
  note: Type.String(),
  host: Type.String(),
  key: Type.String(),
  api: Type.String(),
  relay: Type.String(),
  config_string: Type.String({ description: 'what `rustdesk --config` takes' }),
  windows_exe_name: Type.String({
    description: 'rustdesk-licensed-<config>.exe: an installer so named configures itself',
  }),
  has_password: Type.Boolean(),
  default_options: Type.Record(Type.String(), Type.String()),
  override_options: Type.Record(Type.String(), Type.String()),
  assignments: Type.Record(Type.String(), Type.String()),
  platforms: Type.Array(Platform),
  token: Type.Union([
    Type.Object({
      guid: Type.String({ description: 'the API token (Settings → Tokens)' }),
      expires_at: Type.Union([Type.Integer(), Type.Null()], { description: 'epoch seconds' }),
      last_used_at: Type.Union([Type.Integer(), Type.Null()]),
      expired: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  created_at: Type.Integer({ description: 'epoch seconds' }),
  updated_at: Type.Integer({ description: 'epoch seconds' }),
});

const GuidParams = Type.Object({ guid: Guid });
const Empty = Type.Unsafe<void>({ description: 'empty body' });

function fieldsOf(body: {
  name?: string;
  note?: string;
  host?: string;
  key?: string;
  api?: string;
  relay?: string;
  password?: string | null;
  default_options?: Record<string, string>;
  override_options?: Record<string, string>;
  assignments?: Record<string, string | undefined>;
  platforms?: Array<(typeof PLATFORMS)[number]>;
}): CustomClientFields {
  return {
    name: body.name,
    note: body.note,
    host: body.host,
    key: body.key,
    api: body.api,
    relay: body.relay,
    password: body.password,
    defaultOptions: body.default_options,
    overrideOptions: body.override_options,
    assignments: body.assignments,
    platforms: body.platforms,
  };
}

/**
 * Custom clients: deployment packages for stock RustDesk clients and their install scripts. They hold
 * secrets (a preset password, a token that may assign devices), so they are for administrators in the
 * console only, like API tokens.
 */
const customClientRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const packages = app.services.customClients;
  const originOf = (request: { protocol: string; host: string }) => `${request.protocol}://${request.host}`;

  app.get(
    '/api/custom-clients',
    {
      config: { access: ADMIN_SESSION },
      schema: { summary: 'List custom client packages', response: { 200: Type.Array(CustomClient) } },
    },
    async () => packages.list(),
  );

  app.get(
    '/api/custom-clients/defaults',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'The server config a new package starts from',
        response: {
          200: Type.Object({
            host: Type.String(),
            key: Type.String(),
            api: Type.String(),
            relay: Type.String(),
          }),
        },
      },
    },
    async (request) => packages.defaults(originOf(request)),
  );

  app.post(
    '/api/custom-clients',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'Create a package; one with assignments gets its assignment token',
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 100 }),
          ...Fields,
          token_expires_in_days: Type.Optional(Days),
        }),
        response: { 200: CustomClient },
      },
    },
    async (request) =>
      packages.create(
        { ...fieldsOf(request.body), name: request.body.name },
        request.body.token_expires_in_days ?? DEFAULT_TOKEN_DAYS,
        originOf(request),
        actorOf(request),
      ),
  );

  app.get(
    '/api/custom-clients/:guid',
    {
      config: { access: ADMIN_SESSION },
      schema: { summary: 'One package', params: GuidParams, response: { 200: CustomClient } },
    },
    async (request) => packages.get(request.params.guid),
  );

  app.patch(
    '/api/custom-clients/:guid',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'Change a package: the fields given',
        description:
          'A package that starts assigning gets an assignment token (token_expires_in_days); one that ' +
          'stops has its token revoked.',
        params: GuidParams,
        body: Type.Object({
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          ...Fields,
          token_expires_in_days: Type.Optional(Days),
        }),
        response: { 200: CustomClient },
      },
    },
    async (request) =>
      packages.update(
        request.params.guid,
        fieldsOf(request.body),
        request.body.token_expires_in_days ?? DEFAULT_TOKEN_DAYS,
        actorOf(request),
      ),
  );

  app.delete(
    '/api/custom-clients/:guid',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'Delete a package and revoke its assignment token',
        params: GuidParams,
        response: { 200: Empty },
      },
    },
    async (request, reply) => {
      await packages.remove(request.params.guid, actorOf(request));
      return reply.send();
    },
  );

  app.post(
    '/api/custom-clients/:guid/token',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'Make the package a new assignment token (devices read-write); the old one is revoked',
        params: GuidParams,
        body: Type.Optional(Type.Object({ expires_in_days: Type.Optional(Days) })),
        response: { 200: CustomClient },
      },
    },
    async (request) =>
      packages.regenerateToken(
        request.params.guid,
        request.body?.expires_in_days ?? DEFAULT_TOKEN_DAYS,
        actorOf(request),
      ),
  );

  app.get(
    '/api/custom-clients/:guid/commands',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: "The package's RustDesk command lines per platform (they hold its secrets)",
        params: GuidParams,
        response: {
          200: Type.Array(Type.Object({ platform: Platform, lines: Type.Array(Type.String()) })),
        },
      },
    },
    async (request) => {
      const { platforms } = await packages.get(request.params.guid);
      return Promise.all(
        platforms.map(async (platform) => ({
          platform,
          lines: commandLines(await packages.scriptInput(request.params.guid, platform), platform),
        })),
      );
    },
  );

  app.get(
    '/api/custom-clients/:guid/scripts/:platform',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'The install script: PowerShell for windows, POSIX sh for linux and macos',
        description:
          'Installs RustDesk silently from the installer given to the script (path or URL) unless that ' +
          'version is installed, then runs --config, --option, --password and --assign. It holds secrets.',
        params: Type.Object({ guid: Guid, platform: Platform }),
        produces: ['text/plain'],
        response: { 200: Type.String({ description: 'the script' }) },
      },
    },
    async (request, reply) => {
      const { guid, platform } = request.params;
      const input = await packages.scriptInput(guid, platform);
      return reply
        .type('text/plain; charset=utf-8')
        .header('content-disposition', `attachment; filename="${scriptFileName(input.name, platform)}"`)
        .header('cache-control', 'no-store')
        .send(installScript(input, platform, VERSION));
    },
  );
};

export default customClientRoutes;
