import type { FastifyRequest } from 'fastify';

/**
 * The address the request was sent to (`http://host:port`), as the browser or script saw it: behind a
 * trusted proxy (--trust-proxy) from X-Forwarded-Proto and X-Forwarded-Host.
 */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
