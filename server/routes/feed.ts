// GET /initiatives.atom (and /en/initiatives.atom): any search as an Atom feed of the
// newest matching initiatives. Same parameters as the search page.
import type { FastifyInstance } from 'fastify';
import { DEFAULT_PER_PAGE, parseSearchQuery, searchHref, searchQuerystringSchema, type SearchQuerystring } from '../schemas/search-query.ts';
import { listFeedEntries, renderAtomFeed } from '../domain/feed.ts';
import { translator } from '../i18n/index.ts';

export default async function feedRoutes(app: FastifyInstance) {
  const querystring = searchQuerystringSchema(app.facets);
  app.get<{ Querystring: SearchQuerystring }>('/initiatives.atom', { schema: { querystring } }, async (request, reply) => {
    const query = parseSearchQuery(request.query, request.locale, app.facets);
    const plain = { ...query, page: 1, sort: 'relevance' as const, perPage: DEFAULT_PER_PAGE };
    const prefix = request.locale === 'en' ? '/en' : '';
    const t = translator(request.locale);
    const entries = await listFeedEntries(app.db.sqlite, app.searchEngine, query);
    const xml = renderAtomFeed(app.db.sqlite, entries, request.locale, {
      origin: app.publicOrigin,
      selfPath: searchHref(`${prefix}/initiatives.atom`, plain),
      pagePath: searchHref(`${prefix}/`, plain),
      title: query.q ? t('feed.titleFor', { q: query.q }) : t('feed.title'),
      author: t('site.name'),
    });
    return reply.type('application/atom+xml; charset=utf-8').send(xml);
  });
}
