/**
 * The client configuration string (its format is described where it is made, beside the server's
 * custom client packages, which make it too) and the Welcome page generator's field checks.
 */
export {
  type ClientConfig,
  decodeClientConfig,
  encodeClientConfig,
  windowsExeName,
} from '../../../../src/domain/custom-clients/config-string';

/** The port of the API and console (Server Pro's and rdconsole's default). */
export const API_PORT = 21114;

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
