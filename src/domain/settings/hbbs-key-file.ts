import fs from 'node:fs';

/** The base64 of a 32-byte ed25519 public key, as hbbs writes it in id_ed25519.pub. */
export function isServerPublicKey(key: string): boolean {
  return /^[A-Za-z0-9+/]{43}=?$/.test(key) && Buffer.from(key, 'base64').length === 32;
}

/** The key in hbbs's id_ed25519.pub; throws an Error saying what is wrong with the file. */
export function readHbbsKey(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const hint = code === 'ENOENT' ? '; hbbs writes it in its working folder when it first starts' : '';
    throw new Error(`cannot read ${file} (${code})${hint}`);
  }
  const key = text.trim();
  if (!isServerPublicKey(key)) {
    throw new Error(
      `${file} does not hold the base64 of a 32-byte public key, as hbbs's id_ed25519.pub does`,
    );
  }
  return key;
}

/**
 * The server key from --hbbs-key-file: read at start (the configuration checks the file) and again
 * whenever the file's modification time changes, e.g. after hbbs made a new key pair. A file that
 * cannot be read then keeps the key last read, so that a file being rewritten shows no gap.
 */
export class HbbsKeyFile {
  private key: string;
  private modified: number;

  constructor(readonly file: string) {
    this.modified = fs.statSync(file).mtimeMs;
    this.key = readHbbsKey(file);
  }

  current(): string {
    try {
      const modified = fs.statSync(this.file).mtimeMs;
      if (modified !== this.modified) {
        this.key = readHbbsKey(this.file);
        this.modified = modified;
      }
    } catch {
      // Keep the last key read; the file is checked again at the next read.
    }
    return this.key;
  }
}
