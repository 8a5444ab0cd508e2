import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { presentOutboxEntry } from '../../domain/mail/presenter.js';
import { SMTP_PATH_MAX, SMTP_RANGES, SMTP_SECURITY, SMTP_TEXT_MAX } from '../../domain/mail/smtp-settings.js';
import { ADMIN_SESSION } from '../../http/access.js';
import { PageQuery, pageFrom, pageOf } from '../schemas.js';

const SmtpFields = {
  host: Type.String({ maxLength: 253, description: 'DNS name or IP address; empty: no mail is sent' }),
  port: Type.Integer({ ...SMTP_RANGES.port, description: '465 (tls) or 587 (starttls) usually' }),
  security: Type.Enum([...SMTP_SECURITY], {
    description: 'none: plain; starttls: upgrade required; tls: implicit TLS',
  }),
  auth: Type.Boolean({ description: 'the server requires authentication' }),
  username: Type.String({ maxLength: SMTP_TEXT_MAX, description: 'the mail account' }),
  from: Type.String({ maxLength: SMTP_TEXT_MAX, description: 'address@example.com or "Name <address>"' }),
  timeout_seconds: Type.Integer({ ...SMTP_RANGES.timeout_seconds, description: 'bound of every wait' }),
  ca_file: Type.String({
    maxLength: SMTP_PATH_MAX,
    description: 'absolute path of a PEM file of extra trusted CAs on the server, or empty',
  }),
};

/** The SMTP settings in force, as GET /api/settings shows them. */
export const SmtpView = Type.Object({
  source: Type.Enum(['settings', 'environment'], {
    description: 'environment: --smtp-url / RDCONSOLE_SMTP_URL is in force and these cannot be changed here',
  }),
  ...SmtpFields,
  password_set: Type.Boolean({ description: 'a password is stored; the password itself is never shown' }),
});

/** Some SMTP fields, to save (PATCH /api/settings) or to try (the test e-mail). */
export const SmtpChanges = Type.Object(
  {
    ...(Object.fromEntries(
      Object.entries(SmtpFields).map(([key, schema]) => [key, Type.Optional(schema)]),
    ) as {
      [K in keyof typeof SmtpFields]: Type.TOptional<(typeof SmtpFields)[K]>;
    }),
    password: Type.Optional(
      Type.String({ maxLength: SMTP_TEXT_MAX, description: 'not given: kept; empty: cleared' }),
    ),
  },
  { additionalProperties: false },
);

const MailStatus = Type.Enum(['queued', 'sent', 'failed']);

const OutboxEntry = Type.Object({
  id: Type.Integer(),
  to: Type.String(),
  subject: Type.String(),
  status: MailStatus,
  attempts: Type.Integer(),
  last_error: Type.String({ description: "the SMTP server's or network's answer to the last attempt" }),
  created_at: Type.Integer({ description: 'epoch seconds' }),
  next_attempt_at: Type.Union([Type.Integer(), Type.Null()], { description: 'epoch seconds, while queued' }),
  sent_at: Type.Union([Type.Integer(), Type.Null()], { description: 'epoch seconds' }),
});

/** Settings → SMTP: the test e-mail and the outbox. Console administrators only. */
const smtpRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/settings/smtp/test',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'Send a test e-mail now and answer the SMTP server’s reply',
        description:
          'Uses the SMTP settings in force, changed by `smtp` (not saved). Waits for the server, bounded ' +
          'by the timeout; a refusal or an unreachable server answers 502 with the reason.',
        body: Type.Object({
          to: Type.String({ maxLength: 254, description: 'the recipient' }),
          smtp: Type.Optional(SmtpChanges),
        }),
        response: { 200: Type.Object({ ok: Type.Literal(true), response: Type.String() }) },
      },
    },
    async (request) => ({
      ok: true as const,
      response: await app.services.mail.sendTest(request.body.to.trim(), request.body.smtp),
    }),
  );

  app.get(
    '/api/settings/smtp/outbox',
    {
      config: { access: ADMIN_SESSION },
      schema: {
        summary: 'Recent mail, newest first: queued, sent and failed (kept 30 days, never the body)',
        querystring: Type.Object({ ...PageQuery, status: Type.Optional(MailStatus) }),
        response: { 200: pageOf(OutboxEntry) },
      },
    },
    async (request) => {
      const { total, rows } = await app.services.mail.outbox(request.query.status, pageFrom(request.query));
      return {
        total,
        data: rows.map(presentOutboxEntry),
      };
    },
  );
};

export default smtpRoutes;
