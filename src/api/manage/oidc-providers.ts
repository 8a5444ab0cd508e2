import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { presentProvider } from '../../domain/oidc/presenter.js';
import { PROVIDER_KINDS } from '../../domain/oidc/presets.js';
import { OIDC_CALLBACK_PATH } from '../../domain/oidc/service.js';
import { ADMIN_SESSION, actorOf } from '../../http/access.js';
import { consoleBase } from '../../http/origin.js';

const GroupTable = Type.Array(
  Type.Object({
    value: Type.String({ minLength: 1, maxLength: 256, description: 'a value of the groups claim' }),
    group: Type.String({ minLength: 1, maxLength: 128, description: 'the user group it puts the user in' }),
  }),
  { maxItems: 200, description: 'group_mapping "table": the rows, best first' },
);

const EditableFields = {
  issuer: Type.String({
    maxLength: 2048,
    description:
      'where discovery starts (https://…); fixed for google, gitlab.com unless given for gitlab, unused for github',
  }),
  tenant: Type.String({
    maxLength: 64,
    description: 'azure: the directory (tenant) ID, instead of the issuer',
  }),
  client_id: Type.String({ minLength: 1, maxLength: 512 }),
  client_secret: Type.String({
    maxLength: 2048,
    description:
      'sealed with the server key; empty or not given: kept, except when the issuer or tenant of a ' +
      'provider with a stored secret changes: then it must be typed again, else 400 oidc_client_secret_required',
  }),
  scopes: Type.String({
    maxLength: 1024,
    description: 'space-separated; "openid profile email" by default ("read:user user:email" for github)',
  }),
  enabled: Type.Boolean({ description: 'shown on the login page and to clients' }),
  auto_create: Type.Boolean({
    description: 'a first login creates the account (else: existing accounts only)',
  }),
  max_users: Type.Integer({
    minimum: 0,
    maximum: 1_000_000,
    description: 'most accounts this provider may create; 0 = unlimited',
  }),
  groups_claim: Type.String({
    maxLength: 128,
    description: 'the claim with the groups ("groups" by default; a dotted path like realm_access.roles)',
  }),
  group_mapping: Type.Enum(['off', 'name', 'table'], {
    description:
      'off: groups are not changed; name: the claim values are user group names; table: group_table',
  }),
  group_table: GroupTable,
};

const optional = <T extends Record<string, Type.TSchema>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([key, schema]) => [key, Type.Optional(schema)])) as {
    [K in keyof T]: Type.TOptional<T[K]>;
  };

const Provider = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.Enum([...PROVIDER_KINDS]),
  issuer: Type.String(),
  tenant: Type.String(),
  client_id: Type.String(),
  client_secret_set: Type.Boolean({ description: 'a secret is stored; it is never shown' }),
  scopes: Type.String(),
  enabled: Type.Boolean(),
  auto_create: Type.Boolean(),
  max_users: Type.Integer(),
  groups_claim: Type.String(),
  group_mapping: Type.Enum(['off', 'name', 'table']),
  group_table: GroupTable,
});

const ProviderId = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** Settings → OIDC: the identity providers. Console administrators only. */
const oidcProviderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const providers = app.services.oidcProviders;

  app.get(
    '/api/oidc/providers',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'The OIDC providers, and the callback URL to register with them',
        response: {
          200: Type.Object({
            callback_url: Type.String({
              description: 'the setting console_url (else the address of this request) + /api/oidc/callback',
            }),
            data: Type.Array(Provider),
          }),
        },
      },
    },
    async (request) => ({
      callback_url: `${await consoleBase(request)}${OIDC_CALLBACK_PATH}`,
      data: (await providers.list()).map(presentProvider),
    }),
  );

  app.post(
    '/api/oidc/providers',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'Add an OIDC provider',
        body: Type.Object(
          {
            name: Type.String({
              minLength: 1,
              maxLength: 40,
              description: 'unique and fixed: the button says "Continue with <name>", clients send it',
            }),
            kind: Type.Enum([...PROVIDER_KINDS], { description: 'a preset, or generic (any issuer)' }),
            ...optional(EditableFields),
            client_id: EditableFields.client_id,
          },
          { additionalProperties: false },
        ),
        response: { 200: Provider },
      },
    },
    async (request) => presentProvider(await providers.create(request.body, actorOf(request))),
  );

  app.patch(
    '/api/oidc/providers/:id',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'Change an OIDC provider (not its name or kind)',
        params: ProviderId,
        body: Type.Object(optional(EditableFields), { additionalProperties: false }),
        response: { 200: Provider },
      },
    },
    async (request) =>
      presentProvider(await providers.update(request.params.id, request.body, actorOf(request))),
  );

  app.delete(
    '/api/oidc/providers/:id',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'Delete an OIDC provider; its users stay, and can no longer log in through it',
        params: ProviderId,
      },
    },
    async (request, reply) => {
      await providers.remove(request.params.id, actorOf(request));
      return reply.send();
    },
  );
};

export default oidcProviderRoutes;
