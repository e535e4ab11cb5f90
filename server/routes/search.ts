// GET / — the search page; its results region is also the htmx fragment.
import type { FastifyInstance } from 'fastify';
import { parseSearchQuery } from '../schemas/search-query.ts';
import { searchCatalogue } from '../domain/search.ts';

export default async function searchRoutes(app: FastifyInstance) {
  app.get('/', async (request, reply) => {
    const query = parseSearchQuery(request.query as Record<string, unknown>, request.locale);
    const page = await searchCatalogue({ sqlite: app.db.sqlite, engine: app.searchEngine }, query);
    // Canonical: the search's own URL, its known parameters with non-default values in a
    // stable order (page included: page 2 is not a copy of page 1); unknown parameters,
    // defaults and the language marker are dropped, so one search has one URL.
    return reply.render('search', { page, canonicalPath: page.url }, { fragment: '_results' });
  });
}
