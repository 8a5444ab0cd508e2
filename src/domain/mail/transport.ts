import { createTransport } from 'nodemailer';
import { BadRequest } from '../../http/errors.js';
import type { OutgoingMail } from './outbox-repository.js';
import { readCaFile, type SmtpSettings } from './smtp-settings.js';

export interface MailTransport {
  send(mail: OutgoingMail): Promise<string>;
  close(): void;
}

/**
 * A connection to the SMTP server of `smtp`, every wait bounded by its timeout. The CA file is read
 * now, so a certificate replaced on disk is used without a restart. Throws BadRequest when the CA
 * file cannot be read.
 */
export function openTransport(smtp: SmtpSettings): MailTransport {
  const timeoutMs = smtp.timeout_seconds * 1000;
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    ...(smtp.auth ? { auth: { user: smtp.username, pass: smtp.password } } : {}),
    ...(smtp.ca_file !== '' ? { tls: { ca: readCaFile(smtp.ca_file) } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // Messages are built from text only; nothing in them may make the server read a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: smtp.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html !== undefined ? { html: mail.html } : {}),
      });
      return info.response;
    },
    close: () => transport.close(),
  };
}

/** The reason a send failed, as the SMTP server or the network put it (never holds the password). */
export function failureText(error: unknown): string {
  if (error instanceof BadRequest) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 500);
}
