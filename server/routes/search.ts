// GET / — the search page; its results region is also the htmx fragment.
import type { FastifyInstance } from 'fastify';
import { parseSearchQuery, searchQuerystringSchema, type SearchQuerystring } from '../schemas/search-query.ts';
import { searchCatalogue } from '../presenters/search.ts';
import { compareIndicator, parseCompareParam, withCompareLinks } from '../presenters/compare.ts';

export default async function searchRoutes(app: FastifyInstance) {
  const querystring = searchQuerystringSchema(app.facets);
  app.get<{ Querystring: SearchQuerystring }>('/', { schema: { querystring } }, async (request, reply) => {
    const query = parseSearchQuery(request.query, request.locale, app.facets);
    // Initiatives gathered for a comparison ride along in `compare` (presenters/compare.ts).
    const gathered = parseCompareParam((request.query as Record<string, unknown>).compare);
    const page = withCompareLinks(await searchCatalogue({ sqlite: app.db.sqlite, engine: app.searchEngine, facets: app.facets }, query), gathered, request.locale);
    // Canonical: the search's own URL, its known parameters with non-default values in a
    // stable order (page included: page 2 is not a copy of page 1); unknown parameters,
    // defaults and the language marker are dropped, so one search has one URL.
    return reply.render('search', { page, canonicalPath: page.url, compareIndicator: compareIndicator(gathered, request.locale) }, { fragment: '_results' });
  });
}
