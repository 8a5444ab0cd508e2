import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseTarget, openDatabase } from '../../src/db/connection.js';
import { insertMail } from '../../src/domain/mail/outbox-repository.js';
import { collect, freePort, spawnRdconsole, waitForOutput } from '../helpers/cli.js';
import { createTestDatabaseUrl, TEST_DIALECT } from '../helpers/database.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

const WRONG_PASSWORD = 'Wrong-s3cret-pw';
const BODY = 'one-time link: https://console.example.com/reset/abc123';

/** The background worker of a real `rdconsole serve`, with SMTP from RDCONSOLE_SMTP_URL. */
describe(`the mail worker of rdconsole serve (${TEST_DIALECT})`, { timeout: 60_000 }, () => {
  let dataDir: string;
  let env: Record<string, string>;
  let target: DatabaseTarget;
  let dropDatabase: (() => Promise<void>) | undefined;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = await startSmtpServer({ account: { user: 'mailer@example.com', pass: 'right-password' } });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-mail-'));
    env = {
      RDCONSOLE_DATA_DIR: dataDir,
      RDCONSOLE_SMTP_URL: `smtp://mailer%40example.com:${WRONG_PASSWORD}@127.0.0.1:${smtp.port}?from=admin@example.com`,
    };
    target = { kind: 'sqlite', file: path.join(dataDir, 'rdconsole.sqlite3') };
    if (TEST_DIALECT === 'postgres') {
      const database = await createTestDatabaseUrl();
      env.DATABASE_URL = database.url;
      target = { kind: 'postgres', url: database.url };
      dropDatabase = database.drop;
    }
  });
  afterAll(async () => {
    await smtp.close();
    await dropDatabase?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('tries queued mail in the background and logs a refusal without the password or the body', async () => {
    const port = await freePort();
    const server = spawnRdconsole(['serve', '--port', String(port), '--host', '127.0.0.1'], env);
    const finished = collect(server);
    await waitForOutput(server, /listening on/);
    const database = openDatabase(target);
    try {
      await insertMail(database.db, { to: 'bob@example.com', subject: 'Reset', text: BODY }, Date.now());
    } finally {
      await database.close();
    }
    await waitForOutput(server, /mail not sent; retrying at/, 20_000);

    server.kill('SIGTERM');
    const result = await finished;
    expect(result.code).toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/Invalid login: 535/);
    expect(output).not.toContain(WRONG_PASSWORD);
    expect(output).not.toContain('abc123');
    expect(smtp.received).toHaveLength(0);
  });
});
