import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { ErrorBody } from '../api/schemas.js';
import { VERSION } from '../version.js';
import { type Access, PUBLIC } from './access.js';
import { ERROR_MESSAGES, type ErrorCode, placeholdersOf } from './error-catalogue.js';

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

/** Every error code with its English message and the names of its parameters, for script writers. */
export function errorCodeList(): Array<{ code: ErrorCode; message: string; params: string[] }> {
  return (Object.entries(ERROR_MESSAGES) as Array<[ErrorCode, string]>).map(([code, message]) => ({
    code,
    message,
    params: placeholdersOf(message),
  }));
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type PathItem = Partial<Record<(typeof METHODS)[number], { responses?: object }>>;

/** Every operation may answer an error: the `default` response of each is the Error schema. */
function addErrorResponses(paths: Record<string, PathItem | undefined> | undefined): void {
  const error = {
    description: 'An error (see x-error-codes)',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  for (const item of Object.values(paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (operation) operation.responses = { ...operation.responses, default: error };
    }
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
          'of the web console, the official scripts and the rdconsole CLI. Errors are always ' +
          '{"error": "<message>", "code": "<code>", ...parameters} (the Error schema; x-error-codes lists the codes).',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        schemas: { Error: ErrorBody },
      },
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
    transformObject: (document) => {
      if (!('openapiObject' in document)) return document.swaggerObject;
      addErrorResponses(document.openapiObject.paths);
      const withCodes = { ...document.openapiObject, 'x-error-codes': errorCodeList() };
      return withCodes;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { access: PUBLIC }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}
