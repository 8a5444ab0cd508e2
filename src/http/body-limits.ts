import type { FastifyInstance } from 'fastify';

const KiB = 1024;
const MiB = 1024 * KiB;

/** The limit of every route not listed below, the management API among them. */
export const DEFAULT_BODY_LIMIT = MiB;

/**
 * The body limits of the RustDesk client's routes, sized to what the client really sends with room to
 * spare: a larger body is refused with a 413 from its Content-Length, before it is read or parsed.
 * Most of these routes need no credentials, so anyone can send them.
 */
export const BODY_LIMITS: Readonly<Record<string, number>> = {
  'POST /api/login': 16 * KiB,
  // `conns` lists at most 1000 connection ids.
  'POST /api/heartbeat': 16 * KiB,
  // A few kB of names and versions, plus the deployment presets.
  'POST /api/sysinfo': 64 * KiB,
  'POST /api/sysinfo_ver': 16 * KiB,
  'POST /api/switch-grant': 16 * KiB,
  'POST /api/audit/conn': 64 * KiB,
  // `info` names the ten largest files of a transfer.
  'POST /api/audit/file': 64 * KiB,
  'POST /api/audit/alarm': 64 * KiB,
  // Recording uploads are refused anyway.
  'POST /api/record': KiB,
  'POST /api/ab/get': 16 * KiB,
  // A legacy client sends its whole personal book at once: about 10,000 peers.
  'POST /api/ab': 2 * MiB,
};

/** Gives each route listed in BODY_LIMITS its limit; register before the routes. */
export function registerBodyLimits(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const limit = BODY_LIMITS[`${method} ${route.url}`];
      if (limit !== undefined) route.bodyLimit = limit;
    }
  });
}
