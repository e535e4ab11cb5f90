// GET /export.csv and /export.json (and under /en): the current search's every hit as a
// file. Same parameters as the page; `limit` to ask for fewer. The licence and the
// dataset's date travel in headers (and, in JSON, in the envelope).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseSearchQuery, searchQuerystringSchema, type SearchQuerystring } from '../schemas/search-query.ts';
import { exportSearchCsv, exportSearchJson, parseExportLimit, type FileExport } from '../domain/export.ts';
import { DATA_LICENCE } from '../domain/dataset.ts';

/** Licence (Link rel="license"), dataset date and file name of every data file. */
export function sendDataFile(reply: FastifyReply, file: Pick<FileExport, 'body' | 'filename' | 'datasetChanged'>, type: string): FastifyReply {
  reply
    .type(type)
    .header('Content-Disposition', `attachment; filename="${file.filename}"`)
    .header('Link', `<${DATA_LICENCE.url}>; rel="license"; title="${DATA_LICENCE.name}"`)
    .header('X-Licence', DATA_LICENCE.name);
  if (file.datasetChanged) {
    reply.header('X-Dataset-Changed', file.datasetChanged).header('Last-Modified', new Date(file.datasetChanged).toUTCString());
  }
  return reply.send(file.body);
}

export default async function exportRoutes(app: FastifyInstance) {
  const querystring = searchQuerystringSchema(app.facets, ['limit']);
  const deps = () => ({ sqlite: app.db.sqlite, engine: app.searchEngine, facets: app.facets });

  app.get<{ Querystring: SearchQuerystring }>('/export.csv', { schema: { querystring } }, async (request, reply) => {
    const limit = parseExportLimit(request.query);
    const query = parseSearchQuery(request.query, request.locale, app.facets);
    const csv = await exportSearchCsv(deps(), query, { limit, origin: app.publicOrigin });
    reply.header('X-Total-Count', String(csv.total));
    return sendDataFile(reply, csv, 'text/csv; charset=utf-8; header=present');
  });

  app.get<{ Querystring: SearchQuerystring }>('/export.json', { schema: { querystring } }, async (request, reply) => {
    const limit = parseExportLimit(request.query);
    const query = parseSearchQuery(request.query, request.locale, app.facets);
    const json = await exportSearchJson(deps(), query, { limit, origin: app.publicOrigin });
    reply.header('X-Total-Count', String(json.total));
    return sendDataFile(reply, json, 'application/json; charset=utf-8');
  });
}
