import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { accountCallerOf } from '../../domain/users/policy.js';
import { BULK_USER_ACTIONS } from '../../domain/users/service.js';
import { actorOf, manage } from '../../http/access.js';
import { Forbidden } from '../../http/errors.js';
import { requestOrigin } from '../../http/origin.js';
import {
  AccessibleUser,
  AuthSource,
  Guid,
  LocalPassword,
  PageQuery,
  pageFrom,
  pageOf,
  UserPayload,
} from '../schemas.js';

const WRITE = manage('user:rw');

const Pattern = (what: string) =>
  Type.Optional(
    Type.String({
      maxLength: 256,
      description: `${what}: SQL LIKE pattern (% is the wildcard, "-" = empty); without % an exact match`,
    }),
  );
const Name = Type.String({ minLength: 1, maxLength: 100 });
const DisplayName = Type.String({ maxLength: 100 });
const Email = Type.String({ maxLength: 254 });
const Note = Type.String({ maxLength: 1000 });
const UserParams = Type.Object({ guid: Guid });
const UserGuids = Type.Array(Guid, { minItems: 1, maxItems: 10_000, description: 'guids of users' });
/** The scripts read an empty 200 as success (admin-api.md §0.2). */
const Empty = { 200: Type.Unsafe<void>({ description: 'success: an empty body' }) };

const ManagedUser = Type.Object(
  {
    guid: Type.String(),
    name: Type.String(),
    display_name: Type.String(),
    email: Type.String(),
    note: Type.String(),
    status: Type.Integer({ description: '1 normal, 0 disabled, -1 unverified' }),
    is_admin: Type.Boolean(),
    group_name: Type.String(),
    strategy_name: Type.String({ description: 'the strategy assigned to the user, or empty' }),
    tfa_enforced: Type.Boolean({ description: 'an administrator requires 2FA of this user' }),
    tfa_enabled: Type.Boolean({ description: 'the user has set up 2FA' }),
    email_verification: Type.Boolean({ description: 'login needs a code sent by e-mail' }),
    email_alarm_notification: Type.Boolean({ description: 'alarm-log events are mailed to the user' }),
    default_password: Type.Boolean({ description: 'the account still has its initial password' }),
    local_password: LocalPassword,
    auth_source: AuthSource,
    created_at: Type.Integer({ description: 'epoch seconds' }),
  },
  { description: 'A user as the management API lists them' },
);

/**
 * Users (admin-api.md §1, users.py; features.md §5). `GET /api/users` also serves the RustDesk client's
 * Accessible devices tab when `accessible` is present (client-api.md §9), which is why it admits every
 * logged-in user. A member (non-administrator) may also read and change their own account.
 */
const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const users = app.services.users;

  app.get(
    '/api/users',
    {
      config: { access: manage('user:r', { own: true }) },
      schema: {
        summary:
          'List users (administrators, API tokens); with `accessible`, the users whose devices the logged-in user may reach',
        querystring: Type.Object({
          ...PageQuery,
          accessible: Type.Optional(
            Type.String({ description: 'present (the client sends it empty): the RustDesk client’s list' }),
          ),
          name: Pattern('user name'),
          group_name: Pattern('user group name'),
          group_guid: Type.Optional(
            Type.String({
              format: 'uuid',
              description: 'exactly the members of this user group (an unknown guid lists none)',
            }),
          ),
          email: Pattern('e-mail'),
          status: Type.Optional(Type.Integer({ description: '1 normal, 0 disabled, -1 unverified' })),
        }),
        // The serializer takes the first shape a page matches: the narrowest must come last, or it
        // would match (and so trim) the others.
        response: { 200: Type.Union([pageOf(UserPayload), pageOf(ManagedUser), pageOf(AccessibleUser)]) },
      },
    },
    async (request) => {
      const { accessible, name, group_name, group_guid, email, status } = request.query;
      const principal = request.principal;
      if (accessible !== undefined) {
        if (principal?.kind !== 'user') throw new Forbidden('token_not_allowed');
        return app.services.access.accessibleUsers(principal.user, { status }, pageFrom(request.query));
      }
      if (!accountCallerOf(principal).manager) throw new Forbidden('admin_required');
      return users.list(
        { name, groupName: group_name, groupGuid: group_guid, email, status },
        pageFrom(request.query),
      );
    },
  );

  app.post(
    '/api/users',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Create a user (users.py new); the group is given by name',
        body: Type.Object({
          name: Name,
          password: Type.String(),
          group_name: Name,
          email: Type.Optional(Email),
          note: Type.Optional(Note),
          display_name: Type.Optional(DisplayName),
          is_admin: Type.Optional(Type.Boolean()),
        }),
        response: { 200: ManagedUser },
      },
    },
    async (request) => {
      const { body } = request;
      return users.create(
        {
          name: body.name,
          password: body.password,
          groupName: body.group_name,
          email: body.email,
          note: body.note,
          displayName: body.display_name,
          isAdmin: body.is_admin,
        },
        actorOf(request),
      );
    },
  );

  app.post(
    '/api/users/invite',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Invite a user by e-mail (users.py invite)',
        description:
          'Creates the user unverified (status -1: no login yet) and mails a one-time link to the console ' +
          'page where they set their password, valid for the setting invite_link_days. The link is built ' +
          'on the setting console_url, else on the address this request was sent to. 409 while SMTP is ' +
          'not set up.',
        body: Type.Object({ email: Email, name: Name, group_name: Name, note: Type.Optional(Note) }),
        response: { 200: ManagedUser },
      },
    },
    async (request) => {
      const { body } = request;
      return users.invite(
        { name: body.name, email: body.email, groupName: body.group_name, note: body.note },
        requestOrigin(request),
        actorOf(request),
      );
    },
  );

  app.put(
    '/api/users/tfa/totp/enforce',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Require 2FA of users, or stop requiring it (users.py enable/disable-2fa-enforce)',
        body: Type.Object({
          user_guids: UserGuids,
          enforce: Type.Boolean(),
          url: Type.Optional(
            Type.String({
              maxLength: 2048,
              pattern: '^(https?://.*)?$',
              description:
                'web console URL: with enforce, users who must now set 2FA up are mailed a link to its Account page (when SMTP is set up)',
            }),
          ),
        }),
        response: Empty,
      },
    },
    async (request, reply) => {
      const { user_guids, enforce, url } = request.body;
      await users.setTfaEnforced(user_guids, enforce, actorOf(request), url ?? '');
      return reply.send();
    },
  );

  app.put(
    '/api/users/disable_login_verification',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Turn off e-mail login verification ("email") or reset 2FA ("2fa") of users',
        body: Type.Object({ user_guids: UserGuids, type: Type.Enum(['email', '2fa']) }),
        response: Empty,
      },
    },
    async (request, reply) => {
      await users.disableLoginVerification(request.body.user_guids, request.body.type, actorOf(request));
      return reply.send();
    },
  );

  app.post(
    '/api/users/force-logout',
    {
      config: { access: WRITE },
      schema: {
        summary: 'End every session of users, on every client and the console',
        body: Type.Object({ user_guids: UserGuids }),
        response: Empty,
      },
    },
    async (request, reply) => {
      await users.forceLogout(request.body.user_guids, actorOf(request));
      return reply.send();
    },
  );

  app.post(
    '/api/users/bulk',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Enable, disable or delete many users in one transaction',
        description:
          'All or none, as POST /api/devices/bulk: unknown guids answer 404 and a refusal 400, both naming ' +
          'the users concerned, and nobody changes. The rules are those of the single-user routes: delete ' +
          'only disabled users (their devices become unassigned, the shared address books they own pass ' +
          'to the acting administrator), never disable or delete the last enabled administrators, and ' +
          'disabling ends the users’ sessions. Each user gets their own console audit record.',
        body: Type.Object({
          action: Type.Enum([...BULK_USER_ACTIONS]),
          guids: UserGuids,
        }),
        response: { 200: Type.Object({ count: Type.Integer({ description: 'users changed' }) }) },
      },
    },
    async (request) => ({
      count: await users.bulk(request.body.guids, request.body.action, actorOf(request)),
    }),
  );

  app.get(
    '/api/users/:guid',
    {
      config: { access: manage('user:r', { own: true }) },
      schema: {
        summary: 'One user; a non-administrator may read only their own account',
        params: UserParams,
        response: { 200: ManagedUser },
      },
    },
    async (request) => users.get(accountCallerOf(request.principal), request.params.guid),
  );

  app.patch(
    '/api/users/:guid',
    {
      config: { access: manage('user:rw', { own: true }) },
      schema: {
        summary:
          'Change a user; a non-administrator may change only their own display name, e-mail, password and e-mail login verification',
        params: UserParams,
        body: Type.Object({
          display_name: Type.Optional(DisplayName),
          email: Type.Optional(Email),
          note: Type.Optional(Note),
          password: Type.Optional(Type.String()),
          current_password: Type.Optional(
            Type.String({
              maxLength: 1024,
              description:
                'required of a user changing their own password, unless the account has none yet (local_password false)',
            }),
          ),
          group_name: Type.Optional(Name),
          is_admin: Type.Optional(Type.Boolean()),
          status: Type.Optional(
            Type.Integer({ minimum: 0, maximum: 1, description: '1 enabled, 0 disabled' }),
          ),
          email_verification: Type.Optional(
            Type.Boolean({
              description:
                'login needs a code mailed to the user (turning it on needs an e-mail address and SMTP); users may set their own',
            }),
          ),
          email_alarm_notification: Type.Optional(
            Type.Boolean({
              description: 'mail the user the alarm-log events they may see, at most one mail a minute',
            }),
          ),
        }),
        response: { 200: ManagedUser },
      },
    },
    async (request) => {
      const { body } = request;
      return users.update(
        accountCallerOf(request.principal),
        request.params.guid,
        {
          display_name: body.display_name,
          email: body.email,
          note: body.note,
          password: body.password,
          current_password: body.current_password,
          group_name: body.group_name,
          is_admin: body.is_admin,
          status: body.status,
          email_verification: body.email_verification,
          email_alarm_notification: body.email_alarm_notification,
        },
        actorOf(request),
      );
    },
  );

  for (const [action, status] of [
    ['enable', 1],
    ['disable', 0],
  ] as const) {
    app.post(
      `/api/users/:guid/${action}`,
      {
        config: { access: WRITE },
        schema: {
          summary:
            status === 1 ? 'Enable a user' : 'Disable a user: they can no longer log in, their sessions end',
          params: UserParams,
          response: Empty,
        },
      },
      async (request, reply) => {
        await users.setStatus(request.params.guid, status, actorOf(request));
        return reply.send();
      },
    );
  }

  app.post(
    '/api/users/:guid/invite',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Send an unverified user a new invitation link; the earlier links stop working',
        params: UserParams,
        response: Empty,
      },
    },
    async (request, reply) => {
      await users.resendInvitation(request.params.guid, requestOrigin(request), actorOf(request));
      return reply.send();
    },
  );

  app.delete(
    '/api/users/:guid',
    {
      config: { access: WRITE },
      schema: {
        summary: 'Delete a disabled user; their devices become unassigned',
        params: UserParams,
        response: Empty,
      },
    },
    async (request, reply) => {
      await users.delete(request.params.guid, actorOf(request));
      return reply.send();
    },
  );
};

export default userRoutes;
