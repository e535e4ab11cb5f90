// The JSON API: the same parameters and the same search as the page.
import type { FastifyInstance } from 'fastify';
import { parseSearchQuery, searchQuerystringSchema, type SearchQuerystring } from '../schemas/search-query.ts';
import { ApiInitiativeSchema, apiSearchResultSchema } from '../schemas/api.ts';
import { searchCatalogue, toApiResult } from '../presenters/search.ts';
import { getInitiativeBySlug } from '../domain/catalogue.ts';
import { NotFoundError } from '../errors.ts';
import { SLUG_RE } from '../schemas/slug.ts';

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

  app.get<{ Params: { slug: string } }>('/api/v1/initiatives/:slug', { schema: { response: { 200: ApiInitiativeSchema } } }, async (request) => {
    const { slug } = request.params;
    const initiative = SLUG_RE.test(slug) ? getInitiativeBySlug(app.db.sqlite, slug) : null;
    if (!initiative) throw new NotFoundError('error.initiativeNotFound', { slug });
    const { id: _id, ...record } = initiative;
    return { ...record, url: `/initiatives/${initiative.slug}` };
  });
}
