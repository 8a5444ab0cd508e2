/**
 * The RustDesk client configuration string, as the Server Pro console generates it and as stock
 * clients read it: `rustdesk --config <s>`, "Import server config", the `rustdesk-licensed-<s>.exe`
 * installer name, and the mobile app's QR scan.
 *
 * Format (RustDesk client src/custom_server.rs and flutter/lib/common.dart `ServerConfig`): the JSON
 * object {"host","relay","api","key"}, base64url-encoded WITHOUT padding (the Windows and command-line
 * readers decode with URL_SAFE_NO_PAD, which rejects "="), then reversed character by character.
 */
export interface ClientConfig {
  host: string;
  relay: string;
  api: string;
  key: string;
}

/** The port of the API and console (Server Pro's and rdconsole's default). */
export const API_PORT = 21114;

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

/** What the mobile app's scanner accepts (flutter/lib/mobile/pages/scan_page.dart). */
export function qrCodeText(configString: string): string {
  return `config=${configString}`;
}

/** A host name, IPv4 or [IPv6] address, with an optional port; no scheme, path or spaces. */
export function isValidHost(host: string): boolean {
  const value = host.trim();
  return /^([A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(value);
}

export function isValidApiUrl(api: string): boolean {
  return /^https?:\/\/[^\s/?#]+(\/[^\s]*)?$/.test(api.trim());
}

/**
 * The API address to suggest for a host: the address the console itself was reached at when it is
 * on that host (it may be https behind a proxy), else http://<host>:21114.
 */
export function suggestedApi(host: string, consoleAddress: string): string {
  const bare = host.trim().replace(/:\d+$/, '');
  try {
    const reached = new URL(consoleAddress);
    if (reached.hostname.toLowerCase() === bare.toLowerCase()) return reached.origin;
  } catch {
    // No usable console address: fall back to the default port.
  }
  return `http://${bare}:${API_PORT}`;
}
