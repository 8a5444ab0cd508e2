import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The server's 32-byte key for secrets it must read back (TOTP secrets); asked for only when needed. */
export type SecretKey = () => Buffer;

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

/**
 * The key kept in `file` (base64), created 0600 with its folder 0700 on first need. It lives beside the
 * database but not in it, so that a copy of the database alone does not reveal the secrets.
 */
export function fileSecretKey(file: string): SecretKey {
  let key: Buffer | undefined;
  return () => {
    key ??= readOrCreateKey(file);
    return key;
  };
}

function readOrCreateKey(file: string): Buffer {
  try {
    return decodeKey(fs.readFileSync(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  try {
    // 'wx': two processes starting at once must not each write a key; the loser reads the winner's.
    fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return decodeKey(fs.readFileSync(file, 'utf8'), file);
  }
}

function decodeKey(text: string, file: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${file} does not hold a base64 key of ${KEY_BYTES} bytes`);
  return key;
}

/** A random key that lives as long as the process: for tests and benchmarks, whose databases do too. */
export function ephemeralSecretKey(): SecretKey {
  const key = randomBytes(KEY_BYTES);
  return () => key;
}

/** Encrypts and authenticates `plain` with AES-256-GCM: "v1:" + base64(iv ‖ tag ‖ ciphertext). */
export function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** The text `seal` sealed; throws when it was sealed with another key or changed since. */
export function unseal(key: Buffer, sealed: string): string {
  const [version, data] = sealed.split(':');
  if (version !== VERSION || data === undefined) throw new Error('not a sealed secret');
  const bytes = Buffer.from(data, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}
