import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/** SQLite only by nature: PostgreSQL keeps its own files. */
describe('the SQLite data directory and database files are private to the server user', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-modes-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const modeOf = (file: string) => fs.statSync(file).mode & 0o777;
  const databaseFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`];

  async function openAndWrite(file: string, report?: (message: string) => void): Promise<void> {
    const handle = openDatabase({ kind: 'sqlite', file }, report);
    try {
      await migrateToLatest(handle);
      for (const f of databaseFiles(file)) expect(fs.existsSync(f), f).toBe(true);
      expect(databaseFiles(file).map(modeOf)).toEqual([0o600, 0o600, 0o600]);
    } finally {
      await handle.close();
    }
  }

  it('a new data directory is created 0700, the database, WAL and shared-memory files 0600', async () => {
    const dataDir = path.join(root, 'data');
    await openAndWrite(path.join(dataDir, 'rdconsole.sqlite3'));
    expect(modeOf(dataDir)).toBe(0o700);
  });

  it('an existing world-readable one is tightened at start, and each change is reported', async () => {
    const dataDir = path.join(root, 'data');
    const file = path.join(dataDir, 'rdconsole.sqlite3');
    await openAndWrite(file);
    // As an older version left them: the directory 0755, the files 0644, the WAL kept.
    const handle = openDatabase({ kind: 'sqlite', file });
    fs.chmodSync(dataDir, 0o755);
    for (const f of databaseFiles(file)) fs.chmodSync(f, 0o644);
    const messages: string[] = [];
    await openAndWrite(file, (message) => messages.push(message));
    await handle.close();
    expect(modeOf(dataDir)).toBe(0o700);
    expect(messages).toEqual([
      `restricted access to ${dataDir} (was 0755, now 0700)`,
      ...databaseFiles(file).map((f) => `restricted access to ${f} (was 0644, now 0600)`),
    ]);
  });
});
