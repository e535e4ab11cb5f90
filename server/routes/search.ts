// GET / — the search page; its results region is also the htmx fragment.
import type { FastifyInstance } from 'fastify';
import { parseSearchQuery, searchQuerystringSchema, type SearchQuerystring } from '../schemas/search-query.ts';
import { searchCatalogue } from '../presenters/search.ts';

export default async function searchRoutes(app: FastifyInstance) {
  const querystring = searchQuerystringSchema(app.facets);
  app.get<{ Querystring: SearchQuerystring }>('/', { schema: { querystring } }, async (request, reply) => {
    const query = parseSearchQuery(request.query, request.locale, app.facets);
    const page = await searchCatalogue({ sqlite: app.db.sqlite, engine: app.searchEngine, facets: app.facets }, query);
    return reply.render('search', { page }, { fragment: '_results' });
  });
}
