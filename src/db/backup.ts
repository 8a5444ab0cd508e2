import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { restrictDatabaseAccess } from './file-modes.js';
import { MIGRATIONS } from './migrate.js';

/** Raised for a backup or restore the operator must change (wrong file, server running, PostgreSQL). */
export class BackupError extends Error {}

/** `rdconsole serve` writes its process id here while it runs, so that a restore can refuse. */
export function pidFileOf(dataDir: string): string {
  return path.join(dataDir, 'rdconsole.pid');
}

/** The process id of a server running on this data folder, if one is (a stale file counts for none). */
export function runningServer(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(pidFileOf(dataDir), 'utf8'), 10);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: it exists but belongs to another user, so it runs.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

/**
 * Copies the SQLite database to `destination` with SQLite's online backup: consistent even while a
 * server writes to it. The destination is created readable by its owner only and must not exist.
 */
export async function backupSqlite(file: string, destination: string): Promise<void> {
  if (!fs.existsSync(file)) throw new BackupError(`there is no database at ${file}`);
  if (fs.existsSync(destination)) throw new BackupError(`${destination} exists already: choose a new file`);
  fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const source = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    fs.closeSync(fs.openSync(destination, 'wx', 0o600));
    await source.backup(destination);
  } catch (error) {
    fs.rmSync(destination, { force: true });
    throw error;
  } finally {
    source.close();
  }
}

/**
 * Replaces the SQLite database `file` by the backup `source`, which must be an rdconsole database this
 * release can migrate; the replaced database is kept beside it as `<file>.before-restore-<time>`.
 * Refuses while a server runs on `dataDir`. Returns where the replaced database was kept, if any.
 */
export async function restoreSqlite(source: string, file: string, dataDir: string): Promise<string | null> {
  const pid = runningServer(dataDir);
  if (pid !== null) {
    throw new BackupError(`a server (process ${pid}) is running on ${dataDir}: stop it before restoring`);
  }
  checkBackup(source);
  restrictDatabaseAccess(file, () => {});
  const incoming = `${file}.restoring`;
  fs.rmSync(incoming, { force: true });
  fs.closeSync(fs.openSync(incoming, 'wx', 0o600));
  const backup = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
  try {
    await backup.backup(incoming);
  } finally {
    backup.close();
  }
  let kept: string | null = null;
  if (fs.statSync(file).size > 0) {
    kept = `${file}.before-restore-${new Date().toISOString().replaceAll(':', '-').slice(0, 19)}`;
    // The current database with its WAL folded in, so that the kept copy is whole.
    const current = new SqliteDatabase(file);
    try {
      current.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      current.close();
    }
    fs.renameSync(file, kept);
  }
  for (const leftover of [`${file}-wal`, `${file}-shm`]) fs.rmSync(leftover, { force: true });
  fs.renameSync(incoming, file);
  return kept;
}

/** An SQLite file whose migrations are all known to this release; else a BackupError saying why not. */
function checkBackup(source: string): void {
  let names: string[];
  try {
    const db = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
    try {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new BackupError(`${source} is damaged: ${String(check)}`);
      names = (db.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map(
        (row) => row.name,
      );
    } finally {
      db.close();
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${source} is not an rdconsole SQLite backup (${(error as Error).message})`);
  }
  const known = new Set(MIGRATIONS.map(([name]) => name));
  const newer = names.filter((name) => !known.has(name));
  if (newer.length > 0) {
    throw new BackupError(
      `${source} was made by a newer rdconsole (migrations ${newer.join(', ')}): restore it with that release`,
    );
  }
}
