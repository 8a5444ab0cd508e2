import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { OIDC_LOGIN_TTL_MS } from '../../domain/oidc/pending.js';
import { OIDC_CALLBACK_PATH, OIDC_STARTS_PER_MINUTE } from '../../domain/oidc/service.js';
import { PUBLIC } from '../../http/access.js';
import { consoleBase } from '../../http/origin.js';
import { newSecret } from '../../lib/ids.js';
import { LoginAnswer, loginClient, presentLoginResult } from '../login-answer.js';

/** What an authorization response carries (RFC 6749 §4.1.2, RFC 9207 `iss`); anything else is ignored. */
const CALLBACK_PARAMETERS = ['code', 'state', 'iss', 'error', 'error_description', 'error_uri'] as const;

/**
 * The cookie that binds a login to a browser (see OidcLoginService): random, sent only to /api/oidc/,
 * never readable by scripts, and not sent with requests other sites make (SameSite=Lax), except the
 * provider's redirect back, a top-level navigation.
 */
const BROWSER_COOKIE = 'rdconsole_oidc';
const BINDING_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The request's browser binding, if it has a well-formed one. */
function browserBinding(request: FastifyRequest): string | undefined {
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (pair.slice(0, at).trim() !== BROWSER_COOKIE) continue;
    const value = pair.slice(at + 1).trim();
    if (BINDING_PATTERN.test(value)) return value;
  }
  return undefined;
}

function giveBrowserBinding(request: FastifyRequest, reply: FastifyReply, binding: string): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header(
    'set-cookie',
    `${BROWSER_COOKIE}=${binding}; Path=/api/oidc/; Max-Age=${OIDC_LOGIN_TTL_MS / 1000}; HttpOnly; SameSite=Lax${secure}`,
  );
}

/** The id under which a client's login waits for its browser's confirmation. */
const CONFIRMATION_ID = Type.String({ minLength: 1, maxLength: 256 });

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
          'the setting console_url, else the address of this request), which must be registered with it. ' +
          'A console login (no `id`) is bound to the browser that starts it by a cookie, and only that ' +
          `browser can finish it. At most ${OIDC_STARTS_PER_MINUTE} logins per minute per client address.`,
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
    async (request, reply) => {
      const redirectUri = `${await consoleBase(request)}${OIDC_CALLBACK_PATH}`;
      const client = loginClient(request.body);
      const browser = browserBinding(request) ?? newSecret('');
      const started = await app.services.oidcLogins.start(request.body.op, redirectUri, {
        client,
        userAgent: request.headers['user-agent'],
        address: request.ip,
        browser,
      });
      if (client.id === '') giveBrowserBinding(request, reply, browser);
      return started;
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
          'Checks the answer (state, PKCE, the ID token and its nonce) and redirects. A console login must ' +
          'come back to the browser that started it; it signs the person in and sends the browser to the ' +
          "login page, which collects the session. A RustDesk client's login sends the browser to a page " +
          'that shows which device it is for and asks to confirm it (`/oidc-done?login=<id>`, see ' +
          '/api/oidc/confirmation); only then does the client get its session. A login that failed here ' +
          'sends it to `/oidc-done?error=<code>`.',
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
      const result = await app.services.oidcLogins.callback(answer, request.ip, browserBinding(request));
      if (result.browser !== undefined) giveBrowserBinding(request, reply, result.browser);
      const base = result.redirectUri?.slice(0, -OIDC_CALLBACK_PATH.length) ?? (await consoleBase(request));
      const page = result.toConsole
        ? '/login?oidc=1'
        : `/oidc-done?${new URLSearchParams(result.error ? { error: result.error.code } : { login: result.confirmation ?? '' })}`;
      return reply.redirect(`${base}${page}`, 302);
    },
  );

  app.get(
    '/api/oidc/confirmation',
    {
      config: { access: PUBLIC },
      schema: {
        summary: "What a RustDesk client's OIDC login asks its browser to confirm",
        description:
          'For the page the callback sends the browser to: the device the login signs in (its RustDesk ' +
          'ID, name and OS, as the client sent them) and the account the provider names. Only the browser ' +
          'that came back from the provider (its cookie) sees it.',
        querystring: Type.Object({ login: CONFIRMATION_ID }),
        response: {
          200: Type.Object({
            provider: Type.String(),
            device: Type.Object({ id: Type.String(), name: Type.String(), os: Type.String() }),
            account: Type.Object({
              username: Type.String(),
              email: Type.String(),
              display_name: Type.String(),
            }),
          }),
        },
      },
    },
    async (request) => app.services.oidcLogins.confirmation(request.query.login, browserBinding(request)),
  );

  app.post(
    '/api/oidc/confirmation',
    {
      config: { access: PUBLIC },
      schema: {
        summary: "Confirm or cancel a RustDesk client's OIDC login",
        description:
          '`accept: true` signs the person in on the device, whose next poll of GET /api/oidc/auth-query ' +
          'gets the session; `false` ends the login (the poll answers `oidc_login_declined`). Why the ' +
          'account cannot sign in (auto-create off, user cap) is answered here and to the poll.',
        body: Type.Object({ login: CONFIRMATION_ID, accept: Type.Boolean() }),
        response: { 200: Type.Object({}) },
      },
    },
    async (request) => {
      const { login, accept } = request.body;
      await app.services.oidcLogins.confirm(login, browserBinding(request), accept, request.ip);
      return {};
    },
  );
};

export default oidcRoutes;
