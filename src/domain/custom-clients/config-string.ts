/**
 * The RustDesk client configuration string, as the Server Pro console generates it and as stock
 * clients read it: `rustdesk --config <s>`, "Import server config", the `rustdesk-licensed-<s>.exe`
 * installer name, and the mobile app's QR scan.
 *
 * Format (RustDesk client src/custom_server.rs and flutter/lib/common.dart `ServerConfig`): the JSON
 * object {"host","relay","api","key"}, base64url-encoded WITHOUT padding (the Windows and command-line
 * readers decode with URL_SAFE_NO_PAD, which rejects "="), then reversed character by character.
 *
 * Shared by the server (custom client packages) and the console (Welcome page): it uses only what
 * browsers and Node.js both have, and imports nothing.
 */
export interface ClientConfig {
  host: string;
  relay: string;
  api: string;
  key: string;
}

function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlDecode(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

const reverse = (text: string) => [...text].reverse().join('');

export function encodeClientConfig(config: ClientConfig): string {
  // Field order as the Flutter client writes it; readers look fields up by name.
  const json = JSON.stringify({
    host: config.host.trim(),
    relay: config.relay.trim(),
    api: config.api.trim(),
    key: config.key.trim(),
  });
  return reverse(base64UrlEncode(new TextEncoder().encode(json)));
}

/** Reads a config string back (missing fields are empty, as in the client); throws if it is not one. */
export function decodeClientConfig(text: string): ClientConfig {
  const value = JSON.parse(new TextDecoder().decode(base64UrlDecode(reverse(text.trim())))) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('not a config object');
  const field = (name: string) => {
    const v = (value as Record<string, unknown>)[name];
    return typeof v === 'string' ? v : '';
  };
  return { host: field('host'), relay: field('relay'), api: field('api'), key: field('key') };
}

/** The Windows installer name that carries the configuration (client 1.1.9 and later). */
export function windowsExeName(configString: string): string {
  return `rustdesk-licensed-${configString}.exe`;
}
