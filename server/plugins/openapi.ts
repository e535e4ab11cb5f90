// An OpenAPI 3.1 document of the JSON API, generated from the routes themselves: every
// GET route under /api/ registered after this plugin is described from its TypeBox
// schemas (path and query parameters, the 200 answer), so the document cannot drift from
// what the routes validate and send. Served at GET /api/openapi.json.
import fp from 'fastify-plugin';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { DATA_LICENCE } from '../domain/dataset.ts';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters: Record<string, unknown>[];
  responses: Record<string, unknown>;
}

export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The OpenAPI document of every /api/ route (complete once the app is ready). */
    openapi(): OpenApiDocument;
  }
  interface FastifyContextConfig {
    /** false: leave this route out of the OpenAPI document. */
    openapi?: boolean;
  }
}

/** A TypeBox schema as plain JSON Schema (TypeBox's symbol keys dropped). */
const plain = (schema: unknown): JsonSchema => JSON.parse(JSON.stringify(schema ?? {})) as JsonSchema;

/** `/api/v1/areas/:slugOrRef` → `/api/v1/areas/{slugOrRef}`. */
export const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parametersOf(schema: JsonSchema | undefined, where: 'path' | 'query'): Record<string, unknown>[] {
  if (!schema?.properties) return [];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
      // A repeated parameter (country=SE&country=DK) is how a facet takes several values.
      ...(where === 'query' && JSON.stringify(rest).includes('"array"') ? { style: 'form', explode: true } : {}),
    };
  });
}

/** "areas" from /api/v1/areas/{slugOrRef}: the tag that groups a kind's operations. */
const tagOf = (path: string) => path.split('/')[3] ?? 'api';

function operationOf(route: RouteOptions, path: string): Operation {
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  const response = (schema.response ?? {}) as Record<string, unknown>;
  const ok = response[200] ?? response['2xx'];
  const id = path
    .replace(/^\/api\//, '')
    .replace(/[{}]/g, '')
    .split(/[/.]/)
    .filter(Boolean)
    .map((part, i) => (i === 0 ? part : part[0].toUpperCase() + part.slice(1)))
    .join('');
  return {
    operationId: `get_${id}`,
    summary: typeof schema.summary === 'string' ? schema.summary : `GET ${path}`,
    tags: [tagOf(path)],
    parameters: [...parametersOf(schema.params as JsonSchema | undefined, 'path'), ...parametersOf(schema.querystring as JsonSchema | undefined, 'query')],
    responses: {
      200: {
        description: 'OK',
        content: { 'application/json': { schema: ok ? plain(ok) : {} } },
      },
      400: { description: 'A parameter is not valid; the message names it.' },
      ...(path.includes('{') ? { 404: { description: 'No such record.' } } : {}),
    },
  };
}

export default fp(
  async function openapiPlugin(app: FastifyInstance) {
    const routes: RouteOptions[] = [];
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (!methods.includes('GET') || !route.url.startsWith('/api/')) return;
      if ((route.config as { openapi?: boolean } | undefined)?.openapi === false) return;
      routes.push(route);
    });

    let cached: OpenApiDocument | null = null;
    app.decorate('openapi', function openapi(): OpenApiDocument {
      if (cached) return cached;
      const paths: OpenApiDocument['paths'] = {};
      for (const route of routes) {
        const path = openApiPath(route.url);
        (paths[path] ??= {}).get = operationOf(route, path);
      }
      const doc: OpenApiDocument = {
        openapi: '3.1.0',
        info: {
          title: 'Kunnskapsbase for områdeløft API',
          version: '1',
          description:
            'Read-only JSON over the catalogue of area-based regeneration in Norway, Sweden, Denmark and Scotland. ' +
            'GET only; CORS open; no key. Human-readable documentation: /api (Norwegian) and /en/api.',
          license: { name: DATA_LICENCE.name, url: DATA_LICENCE.url },
        },
        servers: [{ url: app.publicOrigin }],
        paths,
      };
      // Routes can be added until the app is ready; after that the document is final.
      if (ready) cached = doc;
      return doc;
    });
    let ready = false;
    app.addHook('onReady', async () => {
      ready = true;
    });
  },
  { name: 'openapi', dependencies: ['views'] },
);
