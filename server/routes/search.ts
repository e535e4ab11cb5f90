// GET / — the search page; its results region is also the htmx fragment.
// GET /filters/:facet — every value of one facet for a search, as a form back to it.
import type { FastifyInstance } from 'fastify';
import { readSearchQuery, searchHref, searchQuerystringSchema, type SearchQuerystring } from '../schemas/search-query.ts';
import { pathsFor, presentFacetValuesPage, presentInputErrors, searchCatalogue } from '../presenters/search.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import { t } from '../i18n/index.ts';
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
    // The same request at the same index version gets the same answer (app.answers).
    const answer = errors.length === 0 ? app.answers.begin(`page ${wantsFragment(request) ? 'fragment' : 'whole'} ${request.locale} ${request.url}`) : null;
    if (answer?.cached) return reply.sendRendered(answer.cached, { fragment: '_results' });
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
    // Not kept when an engine stood in for another: the answer may change without the index changing.
    const keep = page.degraded || page.incomplete ? undefined : answer?.keep;
    return reply.render('search', { page, inputErrors: null, canonicalPath: page.url, compareIndicator: indicator }, { fragment: '_results', keep });
  });

  // "Show all" from a facet group that lists only its first values: a plain page and a
  // GET form, so every value can be reached without JavaScript.
  app.get<{ Params: { facet: string }; Querystring: SearchQuerystring }>('/filters/:facet', { schema: { querystring } }, async (request, reply) => {
    const facet = app.facets.get(request.params.facet);
    if (!facet) throw new NotFoundError('filters.unknown', { name: request.params.facet.slice(0, 60) });
    const { query, errors } = readSearchQuery(request.query, request.locale, app.facets);
    if (errors.length > 0) throw new BadRequestError(errors, searchHref(`${pathsFor(request.locale).prefix}/`, query));
    // Only the counts are needed: one hit, every facet's values.
    const result = await app.searchEngine.search({ ...query, page: 1, perPage: 1 });
    const page = presentFacetValuesPage(app.db.sqlite, query, result, facet);
    reply.header('X-Robots-Tag', 'noindex');
    return reply.render('facet-values', { page, title: t(request.locale, 'filters.title', { facet: page.facet.label }), canonicalPath: null });
  });
}
