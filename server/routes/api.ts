// The JSON API: the same parameters and the same search as the page, and /health.
// One record of any kind, and the other lists, are in records-api.ts.
import type { FastifyInstance } from 'fastify';
import { parseSearchQuery, searchQuerystringSchema, type SearchQuerystring } from '../schemas/search-query.ts';
import { apiSearchResultSchema } from '../schemas/api.ts';
import { searchCatalogue, toApiResult } from '../presenters/search.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

export default async function apiRoutes(app: FastifyInstance) {
  const querystring = searchQuerystringSchema(app.facets, ['lang']);
  const response = { 200: apiSearchResultSchema(app.facets) };
  app.get<{ Querystring: SearchQuerystring }>('/api/v1/initiatives', { schema: { querystring, response } }, async (request, reply) => {
    const raw = request.query;
    const locale = raw.lang === 'en' ? 'en' : 'nb';
    // The same request at the same index version gets the same answer (app.answers).
    const answer = app.answers.begin(`api ${request.url}`);
    if (answer?.cached) return reply.type(JSON_TYPE).send(answer.cached);
    const query = parseSearchQuery(raw, locale, app.facets);
    const page = await searchCatalogue({ sqlite: app.db.sqlite, engine: app.searchEngine, facets: app.facets }, query);
    // Serialised by the route's response schema, as returning the object would be.
    const body = reply.serialize(toApiResult(page)) as string;
    if (!page.degraded && !page.incomplete) answer?.keep(body);
    return reply.type(JSON_TYPE).send(body);
  });
}
