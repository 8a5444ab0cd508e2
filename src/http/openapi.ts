import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { VERSION } from '../version.js';
import { type Access, PUBLIC } from './access.js';

function describeAccess(access: Access | undefined): string {
  switch (access?.kind) {
    case 'public':
      return 'No credentials.';
    case 'session':
      return 'A login session (Bearer access token from POST /api/login).';
    case 'admin-session':
      return "An administrator's login session; API tokens are refused.";
    case 'manage':
      return access.own
        ? `An administrator's session, an API token with ${access.scope}, or a user's session for what is theirs.`
        : `An administrator's session, or an API token with ${access.scope}.`;
    default:
      return '';
  }
}

/**
 * The OpenAPI 3 document, generated from the route schemas, at /api/openapi.json, and a browsable
 * reference at /api/docs (served from the package, nothing loaded from the internet).
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'rdconsole API',
        version: VERSION,
        description:
          'The RustDesk Server Pro compatible API: what RustDesk clients call, and the management API ' +
          'of the web console, the official scripts and the rdconsole CLI. Errors are always {"error": "..."}.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: ({ schema, url, route }) => {
      const access = route.config?.access as Access | undefined;
      const area = url.split('/')[2] ?? 'api';
      const transformed: Record<string, unknown> = {
        ...schema,
        tags: [area],
        description: [schema?.description, describeAccess(access)].filter(Boolean).join(' '),
        'x-rdconsole-access': access,
      };
      if (access && access.kind !== 'public') transformed.security = [{ bearer: [] }];
      return { schema: transformed, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { access: PUBLIC }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}
