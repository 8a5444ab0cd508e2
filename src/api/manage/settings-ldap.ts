import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LDAP_GROUP_SOURCES, LDAP_SCOPES, LDAP_TEXT_MAX, presentLdap } from '../../domain/ldap/settings.js';
import { ADMIN_SESSION, actorOf } from '../../http/access.js';

const text = (description: string) => Type.String({ maxLength: LDAP_TEXT_MAX, description });

const LdapFields = {
  enabled: Type.Boolean({
    description: 'password logins of users who are not local accounts ask the directory',
  }),
  host: text('example.com, or ldap://example.com / ldaps://example.com[:port]'),
  port: Type.Integer({
    minimum: 0,
    maximum: 65535,
    description: "0: the scheme's (389, or 636 for ldaps://)",
  }),
  base_dn: text('where users are searched, e.g. ou=people,dc=example,dc=com'),
  scope: Type.Enum([...LDAP_SCOPES], { description: 'one: the base DN’s children; sub: the whole subtree' }),
  bind_dn: text('the account that searches; empty: anonymous'),
  filter: text('only entries matching it may log in, e.g. (objectClass=person); empty: any'),
  username_attribute: text(
    'the attribute matched with the user name, e.g. uid or sAMAccountName; empty: uid, then cn',
  ),
  start_tls: Type.Boolean({ description: 'upgrade an ldap:// connection with StartTLS' }),
  no_tls_verify: Type.Boolean({ description: 'accept any server certificate (tests only)' }),
  auto_create: Type.Boolean({ description: 'a directory user gets an account at their first login' }),
  group_source: Type.Enum([...LDAP_GROUP_SOURCES], {
    description:
      "none; member_of: the CNs of the entry's memberOf values; search: the CNs of the group entries " +
      'group_filter finds under group_base_dn. Each CN is matched by name to a user group at every login',
  }),
  group_base_dn: text('where group entries are (group_source search)'),
  group_filter: text('group entries that hold the user; {dn} is the user’s DN, escaped'),
};

const LdapView = Type.Object({
  ...LdapFields,
  bind_password_set: Type.Boolean({ description: 'a bind password is stored; it is never shown' }),
});

const LdapChanges = Type.Object(
  {
    ...(Object.fromEntries(
      Object.entries(LdapFields).map(([key, schema]) => [key, Type.Optional(schema)]),
    ) as {
      [K in keyof typeof LdapFields]: Type.TOptional<(typeof LdapFields)[K]>;
    }),
    bind_password: Type.Optional(
      text(
        'not given or empty: the stored one is kept, except when the change would send it somewhere new ' +
          '(host, port, ldap/ldaps, bind DN, StartTLS or the certificate check turned off): then it must be ' +
          'typed again, else 400 ldap_bind_password_required',
      ),
    ),
  },
  { additionalProperties: false },
);

const TestResult = Type.Object({
  entries: Type.Integer({ description: 'entries the filter finds under the base DN (counted up to 1000)' }),
});

/** Settings → LDAP (features.md §17). Console administrators only. */
const ldapRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ldap = app.services.ldap;

  app.get(
    '/api/settings/ldap',
    {
      config: { access: ADMIN_SESSION },
      schema: { summary: 'The LDAP settings, without the bind password', response: { 200: LdapView } },
    },
    async () => presentLdap(await ldap.get()),
  );

  app.put(
    '/api/settings/ldap',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'Change the LDAP settings; enabled settings are tested first (bind and search)',
        description:
          'Fields not given are kept. When the result is enabled it is tried against the directory and ' +
          'saved only if the bind and a search of the base DN work; otherwise 502 with ldap_unreachable, ' +
          'ldap_bind_failed, ldap_base_dn_not_found or ldap_search_failed. The bind password is stored ' +
          'sealed with the server key; 409 ldap_bind_password_unreadable when it was sealed with another ' +
          'key and is needed (type it again).',
        body: LdapChanges,
        response: { 200: Type.Object({ settings: LdapView, test: Type.Union([TestResult, Type.Null()]) }) },
      },
    },
    async (request) => {
      const { settings, entries } = await ldap.update(request.body, actorOf(request));
      return { settings: presentLdap(settings), test: entries === null ? null : { entries } };
    },
  );

  app.post(
    '/api/settings/ldap/test',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'Try the stored LDAP settings, changed by the body (not saved): the bind and a search',
        description:
          'Answers as PUT does when it tests, with the details of a failure (a login through LDAP says ' +
          'only ldap_login_unavailable).',
        body: LdapChanges,
        response: { 200: TestResult },
      },
    },
    async (request) => ldap.test(request.body),
  );
};

export default ldapRoutes;
