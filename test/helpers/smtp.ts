import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The whole message as it arrived: headers and body. */
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** The one account the server accepts; without it, no login is asked. */
  account?: { user: string; pass: string };
  /** tls: implicit TLS; starttls: the upgrade is offered; none: plain only. */
  security?: 'none' | 'starttls' | 'tls';
  /** A port to listen on again (the "server back up" case); default a free one. */
  port?: number;
}

/** A self-signed certificate for localhost and 127.0.0.1, made once with the openssl CLI. */
export const testCertificate = (() => {
  let made: { key: string; cert: string; certFile: string } | undefined;
  return () => {
    if (!made) {
      const dir = mkdtempSync(path.join(tmpdir(), 'rdconsole-smtp-'));
      const keyFile = path.join(dir, 'key.pem');
      const certFile = path.join(dir, 'cert.pem');
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          keyFile,
          '-out',
          certFile,
          '-days',
          '1',
        ].concat(['-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1']),
        { stdio: 'ignore' },
      );
      made = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
    }
    return made;
  };
})();

/** A real SMTP server in the test process on 127.0.0.1 that keeps what it receives. */
export async function startSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const security = options.security ?? 'none';
  const { account } = options;
  const server = new SMTPServer({
    logger: false,
    secure: security === 'tls',
    ...(security !== 'none' ? { key: testCertificate().key, cert: testCertificate().cert } : {}),
    hideSTARTTLS: security === 'none',
    authOptional: account === undefined,
    // Logins over plain connections are what the tests of "none" do.
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (account && auth.username === account.user && auth.password === account.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback(null);
      });
    },
  });
  // A client that refuses the certificate drops the connection mid-handshake: expected, not a failure.
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The text of a single-part mail as its reader sees it: transfer encoding undone, lines unwrapped. */
export function mailText(mail: ReceivedMail): string {
  const split = mail.raw.indexOf('\r\n\r\n');
  const headers = mail.raw.slice(0, split);
  const body = mail.raw.slice(split + 4);
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  if (encoding !== 'quoted-printable') return body;
  const bytes = body
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** The subject line of a mail (ASCII subjects only). */
export function mailSubject(mail: ReceivedMail): string {
  return /^subject: (.*)$/im.exec(mail.raw)?.[1]?.trim() ?? '';
}

/** The one-time link of an invitation or password-reset mail, and its token. */
export function mailLink(mail: ReceivedMail | undefined): { url: string; token: string } {
  if (!mail) throw new Error('no mail');
  const url = /https?:\/\/\S+#token=[\w-]+/.exec(mailText(mail))?.[0];
  if (!url) throw new Error(`no link in ${mailText(mail)}`);
  return { url, token: url.slice(url.indexOf('#token=') + '#token='.length) };
}

/** Resolves with the first mail to `address` that arrives within `timeoutMs` (the server sends in the background). */
export async function waitForMail(
  server: TestSmtpServer,
  address: string,
  timeoutMs = 30_000,
): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const index = server.received.findIndex((mail) => mail.to.includes(address));
    if (index >= 0) return server.received.splice(index, 1)[0] as ReceivedMail;
    if (Date.now() > deadline) throw new Error(`no mail to ${address} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
