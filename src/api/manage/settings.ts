import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { presentSmtp } from '../../domain/mail/smtp-settings.js';
import {
  MAX_RELAY_SERVERS,
  SETTING_RANGES,
  type Settings as StoredSettings,
} from '../../domain/settings/service.js';
import { MAX_PASSWORD_LENGTH } from '../../domain/users/password-rules.js';
import { ADMIN_SESSION, actorOf, SESSION } from '../../http/access.js';
import { SmtpChanges, SmtpView } from './settings-smtp.js';

const SettingFields = {
  relay_servers: Type.Array(Type.String({ maxLength: 300 }), {
    maxItems: MAX_RELAY_SERVERS,
    description: 'relay servers given to clients, host[:port] each (21117 when no port)',
  }),
  server_public_key: Type.String({
    maxLength: 100,
    description: "the rendezvous server's public key (base64 of 32 bytes), or empty",
  }),
  only_admin_can_access_logs: Type.Boolean(),
  log_retention_days: Type.Integer({
    ...SETTING_RANGES.log_retention_days,
    description: 'audit records older than this are purged; 0 keeps them forever',
  }),
  disable_accessible_devices: Type.Boolean({ description: 'clients get no accessible-devices list' }),
  allow_non_admin_share_address_books: Type.Boolean(),
  require_deployment: Type.Boolean({ description: 'new devices must be registered with --deploy' }),
  disable_new_devices: Type.Boolean({ description: 'devices not yet known are refused' }),
  only_admin_can_access_unassigned_devices: Type.Boolean(),
  max_peer_one_ab: Type.Integer({
    ...SETTING_RANGES.max_peer_one_ab,
    description: 'most peers in one address book; 0 = unlimited',
  }),
  min_password_length: Type.Integer({
    ...SETTING_RANGES.min_password_length,
    description: 'the shortest password that may be set; passwords set before keep working',
  }),
  console_url: Type.String({
    maxLength: 2048,
    description:
      'the address of this console for links in mail (https://host[:port][/path]); empty: invitations use ' +
      'the address the inviting request was sent to, and password-reset mail is not sent',
  }),
  invite_link_days: Type.Integer({
    ...SETTING_RANGES.invite_link_days,
    description: 'days an invitation link works',
  }),
  delete_devices_offline_days: Type.Integer({
    ...SETTING_RANGES.delete_devices_offline_days,
    description:
      'devices offline for more than this many days (never online: since they were registered) are ' +
      'deleted by the hourly purge, each run recorded in the console log; 0 (the default) keeps them',
  }),
  allow_sso_local_password: Type.Boolean({
    description:
      'LDAP and OIDC users may set a local password and log in with it; off (the default), only their ' +
      'directory or identity provider signs them in',
  }),
};

const Source = (what: string) =>
  Type.Enum(['settings', 'environment'], {
    description: `environment: ${what}, and it cannot be changed here (409)`,
  });

const Settings = Type.Object({
  ...SettingFields,
  smtp: SmtpView,
  server_public_key_source: Source("server_public_key is read from hbbs's key file (--hbbs-key-file)"),
  relay_servers_source: Source('relay_servers are set by --relay-servers'),
});

const SettingsChanges = Type.Object(
  {
    ...(Object.fromEntries(
      Object.entries(SettingFields).map(([key, schema]) => [key, Type.Optional(schema)]),
    ) as {
      [K in keyof typeof SettingFields]: Type.TOptional<(typeof SettingFields)[K]>;
    }),
    smtp: Type.Optional(SmtpChanges),
  },
  { additionalProperties: false, description: 'only the settings to change' },
);

/** The settings as the API shows them: the SMTP settings in force, without the password. */
async function presentSettings(app: FastifyInstance, settings: StoredSettings) {
  const smtp = await app.services.settings.smtp();
  const sources = app.services.settings.sources();
  return {
    ...settings,
    smtp: presentSmtp(smtp.settings, smtp.source),
    server_public_key_source: sources.server_public_key,
    relay_servers_source: sources.relay_servers,
  };
}

/** Settings → Others, Relay, Key and SMTP. Console administrators only: API tokens have no settings area. */
const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/settings',
    {
      config: { access: ADMIN_SESSION },
      schema: { summary: 'The server-wide settings', response: { 200: Settings } },
    },
    async () => presentSettings(app, await app.services.settings.get()),
  );

  app.patch(
    '/api/settings',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'Change some settings; answers them all',
        description:
          'SMTP: a password not given is kept (empty clears it) unless host, port, security or username ' +
          'change; 409 while --smtp-url is in force. server_public_key and relay_servers: 409 for another ' +
          'value while --hbbs-key-file or --relay-servers decides them.',
        body: SettingsChanges,
        response: { 200: Settings },
      },
    },
    async (request) =>
      presentSettings(app, await app.services.settings.update(request.body, actorOf(request))),
  );

  app.get(
    '/api/password-rules',
    {
      config: { access: SESSION },
      schema: {
        summary: 'The length a new password must have, for the console to check before sending',
        response: {
          200: Type.Object({
            min_length: Type.Integer(),
            max_length: Type.Integer(),
            sso_local_password: Type.Boolean({
              description: 'single sign-on users may set a local password (allow_sso_local_password)',
            }),
          }),
        },
      },
    },
    async () => {
      const settings = await app.services.settings.get();
      return {
        min_length: settings.min_password_length,
        max_length: MAX_PASSWORD_LENGTH,
        sso_local_password: settings.allow_sso_local_password,
      };
    },
  );
};

export default settingsRoutes;
