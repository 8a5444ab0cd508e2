import type { FastifyRequest } from 'fastify';

/**
 * The address the request was sent to (`http://host:port`), as the browser or script saw it: behind a
 * trusted proxy (--trust-proxy) from X-Forwarded-Proto and X-Forwarded-Host.
 */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * Where people reach the console: the setting console_url, else the address this request came to (OIDC
 * providers send browsers back there).
 */
export async function consoleBase(request: FastifyRequest): Promise<string> {
  return (await request.server.services.settings.get()).console_url || requestOrigin(request);
}
