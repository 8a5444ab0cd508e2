import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { OIDC_CALLBACK_PATH } from '../../domain/oidc/service.js';
import { PUBLIC } from '../../http/access.js';
import type { AppError } from '../../http/errors.js';
import { consoleBase } from '../../http/origin.js';
import { LoginAnswer, loginClient, presentLoginResult } from '../login-answer.js';

/** What an authorization response carries (RFC 6749 §4.1.2, RFC 9207 `iss`); anything else is ignored. */
const CALLBACK_PARAMETERS = ['code', 'state', 'iss', 'error', 'error_description', 'error_uri'] as const;

/** The query of the page that tells a client's browser why its login failed: the code and its parameters. */
function failureQuery(error: AppError): string {
  const params = Object.entries(error.params).map(([name, value]) => [name, String(value)]);
  return `?${new URLSearchParams({ error: error.code, ...Object.fromEntries(params) })}`;
}

/** OIDC login (client-api.md §5.7), for RustDesk clients and the console. */
const oidcRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/oidc/auth',
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'Start a login through an OIDC provider',
        description:
          'Answers the provider URL to open in a browser and a code to poll GET /api/oidc/auth-query with. ' +
          'The console starts its logins here too, without `id`. The login must be completed within 10 ' +
          'minutes. The provider sends the browser back to `<console URL>/api/oidc/callback` (console URL: ' +
          'the setting console_url, else the address of this request), which must be registered with it.',
        body: Type.Object({
          op: Type.String({
            minLength: 1,
            maxLength: 128,
            description: 'the provider name of an `oidc/<name>` login option',
          }),
          id: Type.Optional(
            Type.Unknown({ description: 'RustDesk ID of the client device; absent for the console' }),
          ),
          uuid: Type.Optional(Type.Unknown({ description: 'base64 machine uid of the client device' })),
          deviceInfo: Type.Optional(
            Type.Unknown({ description: '{"os", "type", "name"} of the client device' }),
          ),
          apiDomain: Type.Optional(
            Type.Unknown({ description: 'the API address the client uses (not needed)' }),
          ),
        }),
        response: {
          200: Type.Object({
            code: Type.String({ description: 'secret; only the poller of this login knows it' }),
            url: Type.String({ description: 'the provider page to open in a browser' }),
          }),
        },
      },
    },
    async (request) => {
      const redirectUri = `${await consoleBase(request)}${OIDC_CALLBACK_PATH}`;
      return app.services.oidcLogins.start(request.body.op, redirectUri, {
        client: loginClient(request.body),
        userAgent: request.headers['user-agent'],
      });
    },
  );

  app.get(
    '/api/oidc/auth-query',
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'Poll a login started with POST /api/oidc/auth',
        description:
          'While the person is still at the provider: `{"error": "No authed oidc is found"}` (HTTP 404), on ' +
          'which RustDesk clients keep polling. Then, once: the answer of POST /api/login — the session, or ' +
          'for a user with 2FA the second step (`type: "email_check"`, `tfa_type`, `secret`, an empty ' +
          '`access_token`), completed through POST /api/login with `type: "email_code"`. Or why the login ' +
          'failed (auto-create off, user cap reached, a check of the provider answer failed).',
        querystring: Type.Object({
          code: Type.String({ minLength: 1, maxLength: 256 }),
          id: Type.Optional(Type.String({ maxLength: 256 })),
          uuid: Type.Optional(Type.String({ maxLength: 256 })),
        }),
        response: { 200: LoginAnswer },
      },
    },
    async (request) => {
      const { code, id } = request.query;
      return presentLoginResult(await app.services.oidcLogins.collect(code, id ?? '', request.ip), {
        withEmptyToken: true,
      });
    },
  );

  app.get(
    OIDC_CALLBACK_PATH,
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'Where the OIDC provider sends the browser back (register this URL with the provider)',
        description:
          'Checks the answer (state, PKCE, the ID token and its nonce), signs the person in as their account ' +
          "and redirects: the console to its login page, which collects the session; a RustDesk client's " +
          'browser to a page saying to go back to RustDesk (with `error=<code>` when the login failed).',
        querystring: Type.Object(
          Object.fromEntries(
            CALLBACK_PARAMETERS.map((name) => [name, Type.Optional(Type.String({ maxLength: 4096 }))]),
          ) as Record<(typeof CALLBACK_PARAMETERS)[number], Type.TOptional<Type.TString>>,
        ),
        response: { 302: Type.Null() },
      },
    },
    async (request, reply) => {
      const answer = new URLSearchParams();
      for (const name of CALLBACK_PARAMETERS) {
        const value = request.query[name];
        if (value !== undefined) answer.set(name, value);
      }
      const { redirectUri, toConsole, error } = await app.services.oidcLogins.callback(answer, request.ip);
      const base = redirectUri?.slice(0, -OIDC_CALLBACK_PATH.length) ?? (await consoleBase(request));
      const page = toConsole ? '/login?oidc=1' : `/oidc-done${error ? failureQuery(error) : ''}`;
      return reply.redirect(`${base}${page}`, 302);
    },
  );
};

export default oidcRoutes;
