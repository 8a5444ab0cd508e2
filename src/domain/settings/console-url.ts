import { BadRequest } from '../../http/errors.js';
import { isHostAndPort } from './host.js';

/**
 * Setting `console_url`: empty, or an http(s) URL with a host and optionally a path, without user,
 * query or fragment. Stored without the trailing slash, so that links append `/path` to it.
 */
export function checkConsoleUrl(value: unknown): string {
  if (typeof value !== 'string') throw new BadRequest('field_not_string', { field: 'console_url' });
  const text = value.trim();
  if (text === '') return '';
  const wrong = new BadRequest('console_url_invalid');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw wrong;
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    !isHostAndPort(url.host) ||
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== '' ||
    /[?#]/.test(text)
  ) {
    throw wrong;
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
