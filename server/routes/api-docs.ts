// The API's documentation: GET /api/openapi.json (OpenAPI 3.1, generated from the routes'
// schemas by plugins/openapi.ts) and a readable page at /api and /en/api with examples.
import type { FastifyInstance } from 'fastify';
import { presentApiPage } from '../presenters/data.ts';

export async function apiDocumentRoutes(app: FastifyInstance) {
  app.get('/api/openapi.json', { schema: { summary: 'This OpenAPI document' } as Record<string, unknown> }, async (_request, reply) => {
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(app.openapi()));
  });
}

/** The readable page, once per language. */
export default async function apiPageRoutes(app: FastifyInstance) {
  app.get('/api', async (request, reply) => {
    return reply.render('api', { api: presentApiPage(app.openapi(), request.locale, app.publicOrigin) });
  });
}
