// The JSON API: the same parameters and the same search as the page, and /health.
// One record of any kind, and the other lists, are in records-api.ts.
import type { FastifyInstance } from 'fastify';
import { parseSearchQuery, searchQuerystringSchema, type SearchQuerystring } from '../schemas/search-query.ts';
import { apiSearchResultSchema } from '../schemas/api.ts';
import { searchCatalogue, toApiResult } from '../presenters/search.ts';

export default async function apiRoutes(app: FastifyInstance) {
  const querystring = searchQuerystringSchema(app.facets, ['lang']);
  const response = { 200: apiSearchResultSchema(app.facets) };
  app.get<{ Querystring: SearchQuerystring }>('/api/v1/initiatives', { schema: { querystring, response } }, async (request) => {
    const raw = request.query;
    const locale = raw.lang === 'en' ? 'en' : 'nb';
    const query = parseSearchQuery(raw, locale, app.facets);
    const page = await searchCatalogue({ sqlite: app.db.sqlite, engine: app.searchEngine, facets: app.facets }, query);
    return toApiResult(page);
  });
}
