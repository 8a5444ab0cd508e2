import fs from 'node:fs';
import path from 'node:path';

/**
 * The SQLite database holds password hashes and the peer passwords of shared address books: only the
 * user the server runs as may read it.
 */
const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/**
 * Creates the directory of a SQLite database 0700 and the database file 0600, and tightens an existing
 * directory, database, WAL or shared-memory file that others may read; `report` hears of each change.
 * SQLite creates the WAL and shared-memory files with the mode of the database file, so new ones
 * follow.
 */
export function restrictDatabaseAccess(file: string, report: (message: string) => void): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  restrict(dir, PRIVATE_DIR, report);
  // Created empty (a valid, empty SQLite database) so that it never exists with the default mode.
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) restrict(f, PRIVATE_FILE, report);
}

function restrict(file: string, mode: number, report: (message: string) => void): void {
  let current: number;
  try {
    current = fs.statSync(file).mode & 0o777;
  } catch {
    return;
  }
  if ((current & ~mode) === 0) return;
  fs.chmodSync(file, mode);
  report(`restricted access to ${file} (was ${octal(current)}, now ${octal(mode)})`);
}

const octal = (mode: number) => mode.toString(8).padStart(4, '0');
