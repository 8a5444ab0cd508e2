import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TfaCaller } from '../../domain/tfa/service.js';
import { actorOf, SESSION, sessionOf } from '../../http/access.js';
import { Guid } from '../schemas.js';

const Code = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'a current TOTP code, or a backup code',
});
const BackupCodes = Type.Object({
  backup_codes: Type.Array(Type.String(), { description: 'six single-use codes, shown this once' }),
});
const config = { access: SESSION, beforeTfaSetup: true } as const;
const TrustedDevice = Type.Object({
  guid: Type.String(),
  kind: Type.Enum(['console', 'client'], { description: 'a browser, or a RustDesk client' }),
  client_id: Type.String({ description: 'the RustDesk ID of a client; empty for a browser' }),
  name: Type.String({ description: 'the device name a client gave, or the browser' }),
  os: Type.String(),
  ip: Type.String({ description: 'the address of its last login' }),
  created_at: Type.Integer({ description: 'epoch seconds' }),
  expires_at: Type.Integer({ description: 'epoch seconds' }),
  last_used_at: Type.Integer({ description: 'epoch seconds' }),
});

function callerOf(request: FastifyRequest): TfaCaller {
  const { user } = sessionOf(request);
  return { actor: actorOf(request), userId: user.id, name: user.name, address: request.ip };
}

/**
 * The logged-in user's own TOTP 2FA and trusted devices (console → Account). Login sessions only: an
 * API token cannot enrol anyone. A user who must set 2FA up may call these, and nothing else, until it is.
 */
const accountTfaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tfa = app.services.tfa;

  app.get(
    '/api/tfa/totp',
    {
      config,
      schema: {
        summary: 'The state of my 2FA',
        response: {
          200: Type.Object({
            state: Type.Enum(['disabled', 'enabled', 'expired'], {
              description: 'expired: enrolled over 180 days ago; it still works, enrolling again is advised',
            }),
            enrolled_at: Type.Union([Type.Integer(), Type.Null()], { description: 'epoch seconds' }),
            backup_codes_left: Type.Integer(),
            enforced: Type.Boolean({ description: 'an administrator requires 2FA of me' }),
          }),
        },
      },
    },
    async (request) => {
      const { user } = sessionOf(request);
      return { ...(await tfa.status(user.id)), enforced: user.tfa_enforced === 1 };
    },
  );

  app.post(
    '/api/tfa/totp/enrol',
    {
      config,
      schema: {
        summary: 'Start setting up 2FA (or renew it): a new secret, active once confirmed',
        description:
          'Returns the secret (base32) and its otpauth:// URI for the QR code, this once. While 2FA is on, ' +
          'renewing takes a current `code`.',
        body: Type.Object({ code: Type.Optional(Code) }),
        response: {
          200: Type.Object({ secret: Type.String(), uri: Type.String({ description: 'otpauth://totp/…' }) }),
        },
      },
    },
    async (request) => tfa.startEnrolment(callerOf(request), request.body.code),
  );

  app.post(
    '/api/tfa/totp/confirm',
    {
      config,
      schema: {
        summary: 'Turn 2FA on with a code of the new secret; answers the backup codes',
        body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 16, description: 'TOTP code' }) }),
        response: { 200: BackupCodes },
      },
    },
    async (request) => tfa.confirm(callerOf(request), request.body.code),
  );

  app.post(
    '/api/tfa/totp/disable',
    {
      config: { access: SESSION },
      schema: {
        summary: 'Turn 2FA off with a current code or a backup code',
        body: Type.Object({ code: Code }),
        response: { 200: Type.Unsafe<void>({ description: 'success: an empty body' }) },
      },
    },
    async (request, reply) => {
      await tfa.disable(callerOf(request), request.body.code);
      return reply.send();
    },
  );

  app.post(
    '/api/tfa/totp/backup-codes',
    {
      config: { access: SESSION },
      schema: {
        summary: 'Replace the backup codes, with a current code or a backup code',
        body: Type.Object({ code: Code }),
        response: { 200: BackupCodes },
      },
    },
    async (request) => tfa.regenerateBackupCodes(callerOf(request), request.body.code),
  );

  const trusted = app.services.trustedDevices;
  const owner = (request: FastifyRequest) => ({ ...actorOf(request), userId: sessionOf(request).user.id });

  app.get(
    '/api/tfa/trusted-devices',
    {
      config: { access: SESSION },
      schema: {
        summary: 'My trusted devices: browsers and RustDesk clients that skip the second login step',
        description:
          'A device is trusted for 30 days after a right second step (see POST /api/login). Changing, ' +
          'disabling or resetting 2FA forgets them all.',
        response: { 200: Type.Object({ data: Type.Array(TrustedDevice) }) },
      },
    },
    async (request) => ({ data: await trusted.list(sessionOf(request).user.id) }),
  );

  app.delete(
    '/api/tfa/trusted-devices/:guid',
    {
      config: { access: SESSION },
      schema: {
        summary: 'Forget one of my trusted devices: its next login asks for the second step again',
        params: Type.Object({ guid: Guid }),
        response: { 200: Type.Unsafe<void>({ description: 'success: an empty body' }) },
      },
    },
    async (request, reply) => {
      await trusted.revoke(owner(request), request.params.guid);
      return reply.send();
    },
  );

  app.delete(
    '/api/tfa/trusted-devices',
    {
      config: { access: SESSION },
      schema: {
        summary: 'Forget all my trusted devices',
        response: { 200: Type.Unsafe<void>({ description: 'success: an empty body' }) },
      },
    },
    async (request, reply) => {
      await trusted.revokeAll(owner(request));
      return reply.send();
    },
  );
};

export default accountTfaRoutes;
