import { isIP } from 'node:net';

const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** A DNS name, IPv4 address or IPv6 address ([…] when a port follows), with an optional port 1–65535. */
export function isHostAndPort(value: string): boolean {
  if (isIP(value) === 6) return true;
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(value);
  if (!match) return false;
  const [, ipv6, host, port] = match;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
  if (ipv6 !== undefined) return isIP(ipv6) === 6;
  if (host === undefined || host.length > 253) return false;
  const labels = host.split('.');
  // All-numeric names are meant as IPv4 addresses and must be valid ones.
  if (labels.every((label) => /^\d+$/.test(label))) return isIP(host) === 4;
  return labels.every((label) => DNS_LABEL.test(label));
}
