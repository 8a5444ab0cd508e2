import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PUBLIC } from '../../http/access.js';
import { BadRequest } from '../../http/errors.js';

/** The token of a mailed link: the console page reads it from the link's fragment and posts it. */
const Token = Type.String({ minLength: 1, maxLength: 100, description: 'the token of the mailed link' });

/**
 * What the console's login page and its "Set your password" / "Reset password" pages call without a
 * login: "Forgot password?", and using an invitation or reset link. Tokens travel in bodies, never in
 * URLs, so that no request log holds one.
 */
const passwordLinkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const links = app.services.accountLinks;

  app.post(
    '/api/password-reset',
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'Forgot password: mail a one-hour reset link to this account',
        description:
          'Answers the same 200 whether or not the account exists. The link goes to the e-mail address ' +
          'of the enabled account with this user name (or this e-mail address), built on the setting ' +
          'console_url; without it nothing is sent. 429 past 10 requests per client address in 15 ' +
          'minutes; an account gets at most 3 mails an hour.',
        body: Type.Object({
          username: Type.Optional(Type.String({ maxLength: 128 })),
          email: Type.Optional(Type.String({ maxLength: 254 })),
        }),
        response: { 200: Type.Object({}) },
      },
    },
    async (request) => {
      const { username, email } = request.body;
      if (!username?.trim() && !email?.trim()) throw new BadRequest('username_or_email_required');
      const skipped = await links.requestPasswordReset({ username, email }, request.ip);
      if (skipped === 'no console_url') {
        request.log.warn(
          { req: request },
          'password reset asked, but no mail is sent until Settings → Others → console URL is set',
        );
      } else if (skipped === 'no smtp') {
        request.log.warn(
          { req: request },
          'password reset asked, but no mail is sent until Settings → SMTP is set up',
        );
      }
      return {};
    },
  );

  app.post(
    '/api/password-link',
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'What a mailed link is for (invite or password_reset) and whose it is',
        description: '404 for an unknown link, 410 for a used or expired one, 403 for a disabled account.',
        body: Type.Object({ token: Token }),
        response: {
          200: Type.Object({
            purpose: Type.Union([Type.Literal('invite'), Type.Literal('password_reset')]),
            name: Type.String({ description: 'the user name to log in with' }),
            min_password_length: Type.Integer(),
          }),
        },
      },
    },
    async (request) => links.inspect(request.body.token),
  );

  app.post(
    '/api/password-link/password',
    {
      config: { access: PUBLIC },
      schema: {
        summary: 'Set the password through a mailed link, once; ends every session of the user',
        description:
          'An invited user becomes active. Errors as POST /api/password-link, and 400 for a password the rules refuse.',
        body: Type.Object({ token: Token, password: Type.String({ maxLength: 1024 }) }),
        response: { 200: Type.Object({ name: Type.String() }) },
      },
    },
    async (request) => links.setPassword(request.body.token, request.body.password, request.ip),
  );
};

export default passwordLinkRoutes;
