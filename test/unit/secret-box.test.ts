import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ephemeralSecretKey, fileSecretKey, seal, unseal } from '../../src/lib/secret-box.js';

describe('secret box (AES-256-GCM with the server key)', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-key-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('seals to a different text each time and opens again only with the same key, unchanged', () => {
    const key = ephemeralSecretKey()();
    const a = seal(key, 'JBSWY3DPEHPK3PXP');
    const b = seal(key, 'JBSWY3DPEHPK3PXP');
    expect(a).toMatch(/^v1:/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(unseal(key, a)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => unseal(ephemeralSecretKey()(), a)).toThrow();
    const bytes = Buffer.from(a.slice(3), 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(() => unseal(key, `v1:${bytes.toString('base64')}`)).toThrow();
    expect(() => unseal(key, 'plain')).toThrow('not a sealed secret');
  });

  it('creates the key file 0600 (its folder 0700) only when first needed, and reads it back after', () => {
    const file = path.join(root, 'data', 'secret.key');
    const source = fileSecretKey(file);
    expect(fs.existsSync(file)).toBe(false);
    const key = source();
    expect(key).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fileSecretKey(file)()).toEqual(key);
  });

  it('refuses a key file that does not hold 32 bytes rather than replace it', () => {
    const file = path.join(root, 'secret.key');
    fs.writeFileSync(file, 'c2hvcnQ=\n');
    expect(() => fileSecretKey(file)()).toThrow(`${file} does not hold a base64 key of 32 bytes`);
    expect(fs.readFileSync(file, 'utf8')).toBe('c2hvcnQ=\n');
  });
});
