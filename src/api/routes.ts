import { readdir } from 'node:fs/promises';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';

/** The faces of the API; each file in these folders is one resource and registers itself by being there. */
const ROUTE_FOLDERS = ['client', 'manage'] as const;

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  for (const folder of ROUTE_FOLDERS) {
    const base = new URL(`./${folder}/`, import.meta.url);
    const files = (await readdir(base)).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort();
    for (const file of files) {
      const module = (await import(new URL(file, base).href)) as { default: FastifyPluginAsync };
      await app.register(module.default);
    }
  }
}
