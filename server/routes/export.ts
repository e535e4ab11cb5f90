// GET /export.csv (and /en/export.csv): the current search as a CSV file, up to
// EXPORT_MAX_ROWS (1,000) hits, `limit` to ask for fewer. Same parameters as the page.
import type { FastifyInstance } from 'fastify';
import { parseSearchQuery, searchQuerystringSchema, type SearchQuerystring } from '../schemas/search-query.ts';
import { exportSearchCsv, parseExportLimit } from '../domain/export.ts';

export default async function exportRoutes(app: FastifyInstance) {
  const querystring = searchQuerystringSchema(app.facets, ['limit']);
  app.get<{ Querystring: SearchQuerystring }>('/export.csv', { schema: { querystring } }, async (request, reply) => {
    const raw = request.query;
    const limit = parseExportLimit(raw);
    const query = parseSearchQuery(raw, request.locale, app.facets);
    const csv = await exportSearchCsv({ sqlite: app.db.sqlite, engine: app.searchEngine, facets: app.facets }, query, { limit });
    return reply
      .type('text/csv; charset=utf-8; header=present')
      .header('Content-Disposition', `attachment; filename="${csv.filename}"`)
      .header('X-Total-Count', String(csv.total))
      .send(csv.body);
  });
}
