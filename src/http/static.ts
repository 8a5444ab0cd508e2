import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC } from './access.js';

/** Where `npm run build` puts the console: dist/web, the same path from src/http/ and dist/http/. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/** Vite names everything under assets/ by its content hash, so a cached copy never goes stale. */
const HASHED_ASSETS = 'assets/';
const CACHE_FOREVER = 'public, max-age=31536000, immutable';
/** index.html and unhashed files: the browser revalidates (ETag) so that a new build shows at once. */
const REVALIDATE = 'no-cache';
/** The build writes .gz and .br beside larger files; they are served as encodings, not as files. */
const PRECOMPRESSED = /\.(gz|br)$/;

const NOT_BUILT_HINT =
  'The rdconsole web console has not been built.\n' +
  'Run "npm run build" (npm install does it) and restart rdconsole. The API under /api/ works without it.\n';

/** The single-page app itself, registered after the API routes. */
export async function registerConsole(app: FastifyInstance): Promise<void> {
  await serveConsole(app, CONSOLE_DIR);
}

/**
 * Serves the built console from `root` at `/`. Any GET outside /api/ that is not one of its files
 * answers index.html, so that the app's own routes (/welcome, /account…) survive a reload; unknown
 * /api/ paths keep their JSON 404. Without a build, a short hint says how to make one.
 */
export async function serveConsole(app: FastifyInstance, root: string): Promise<void> {
  const rootExists = fs.existsSync(root);
  await app.register(async (scope) => {
    if (rootExists) {
      await scope.register(fastifyStatic, { root, serve: false, preCompressed: true, cacheControl: false });
    }
    scope.get('/*', { config: { access: PUBLIC }, schema: { hide: true } }, async (request, reply) => {
      const file = requestedFile(request);
      if (file === null || isApiPath(file)) return reply.callNotFound();
      if (!rootExists || !(await isConsoleFile(root, 'index.html'))) {
        return reply.status(503).type('text/plain; charset=utf-8').send(NOT_BUILT_HINT);
      }
      if (await isConsoleFile(root, file)) {
        return sendFile(reply, file, file.startsWith(HASHED_ASSETS) ? CACHE_FOREVER : REVALIDATE);
      }
      // A missing script or style must not come back as a page: the browser would try to run HTML.
      if (file.startsWith(HASHED_ASSETS)) return reply.callNotFound();
      return sendFile(reply, 'index.html', REVALIDATE);
    });
  });
}

function sendFile(reply: FastifyReply, file: string, cacheControl: string): FastifyReply {
  reply.header('cache-control', cacheControl).header('vary', 'accept-encoding');
  return reply.sendFile(file);
}

/** The path below the console's root, decoded; null when it cannot be decoded. */
function requestedFile(request: FastifyRequest): string | null {
  const pathname = request.url.split('?')[0] ?? '/';
  try {
    return decodeURIComponent(pathname).replace(/^\/+/, '');
  } catch {
    return null;
  }
}

function isApiPath(file: string): boolean {
  return file === 'api' || file.startsWith('api/');
}

/**
 * Whether `file` names a file of the build. Looked up per request, so that a new build is served
 * without a restart. Only plain names below the root qualify: no "..", no hidden files, and not the
 * precompressed copies, which are served as encodings of their originals.
 */
async function isConsoleFile(root: string, file: string): Promise<boolean> {
  const segments = file.split('/');
  if (segments.some((segment) => segment === '' || segment.startsWith('.') || segment.includes('\\'))) {
    return false;
  }
  if (PRECOMPRESSED.test(file)) return false;
  try {
    return (await fs.promises.stat(path.join(root, ...segments))).isFile();
  } catch {
    return false;
  }
}
