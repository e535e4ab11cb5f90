// GET / — the search page; its results region is also the htmx fragment.
import type { FastifyInstance } from 'fastify';
import { readSearchQuery, searchHref, searchQuerystringSchema, type SearchQuerystring } from '../schemas/search-query.ts';
import { pathsFor, presentInputErrors, searchCatalogue } from '../presenters/search.ts';
import { BadRequestError } from '../errors.ts';
import { wantsFragment } from '../plugins/views.ts';
import { compareIndicator, parseCompareParam, withCompareLinks } from '../presenters/compare.ts';

export default async function searchRoutes(app: FastifyInstance) {
  const querystring = searchQuerystringSchema(app.facets);
  app.get<{ Querystring: SearchQuerystring }>('/', { schema: { querystring } }, async (request, reply) => {
    const { query, errors } = readSearchQuery(request.query, request.locale, app.facets);
    if (errors.length > 0 && !wantsFragment(request)) {
      // The 400 page; its way back is the valid part of the search.
      throw new BadRequestError(errors, searchHref(`${pathsFor(request.locale).prefix}/`, query));
    }
    // Initiatives gathered for a comparison ride along in `compare` (presenters/compare.ts).
    const gathered = parseCompareParam((request.query as Record<string, unknown>).compare);
    const page = withCompareLinks(await searchCatalogue({ sqlite: app.db.sqlite, engine: app.searchEngine, facets: app.facets }, query), gathered, request.locale);
    const indicator = compareIndicator(gathered, request.locale);
    if (errors.length > 0) {
      // From the page's own form (htmx): the form again with each problem next to its
      // field in the 400 page's wording, the results of the valid part, and the address
      // bar left at the last valid search. A 200, as a form shown again with its errors
      // is an answer, not a failure: htmx swaps it, and the browser logs no failed request.
      reply.header('HX-Push-Url', 'false');
      const inputErrors = presentInputErrors(request.locale, errors, request.query);
      return reply.render('search', { page, inputErrors, canonicalPath: page.url, compareIndicator: indicator }, { fragment: '_results' });
    }
    // Canonical: the search's own URL, its known parameters with non-default values in a
    // stable order (page included: page 2 is not a copy of page 1); unknown parameters,
    // defaults and the language marker are dropped, so one search has one URL.
    return reply.render('search', { page, inputErrors: null, canonicalPath: page.url, compareIndicator: indicator }, { fragment: '_results' });
  });
}
