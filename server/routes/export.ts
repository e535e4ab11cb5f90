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

/**
 * Aborted when the connection closes before the answer is sent (the client went away): a
 * large export then stops at its next turn instead of reading on for nobody.
 */
function whileClientWaits(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** Nothing to send to a client that went away (499, as proxies log it); not an error. */
function stopped(reply: FastifyReply): FastifyReply {
  reply.log.info('export stopped: the client went away');
  return reply.code(499).send();
}

export default async function exportRoutes(app: FastifyInstance) {
  const querystring = searchQuerystringSchema(app.facets, ['limit']);
  const deps = () => ({ sqlite: app.db.sqlite, engine: app.searchEngine, facets: app.facets });
  /** Runs one export in a slot of app.exportSlots; null when the client went away first. */
  async function inSlot<T>(signal: AbortSignal, run: () => Promise<T>): Promise<T | null> {
    try {
      await app.exportSlots.enter(signal);
    } catch (err) {
      if (signal.aborted) return null;
      throw err;
    }
    try {
      return await run();
    } catch (err) {
      if (signal.aborted) return null;
      throw err;
    } finally {
      app.exportSlots.leave();
    }
  }

  app.get<{ Querystring: SearchQuerystring }>('/export.csv', { schema: { querystring } }, async (request, reply) => {
    const limit = parseExportLimit(request.query);
    const query = parseSearchQuery(request.query, request.locale, app.facets);
    const signal = whileClientWaits(reply);
    const csv = await inSlot(signal, () => exportSearchCsv(deps(), query, { limit, origin: app.publicOrigin, signal }));
    if (csv === null) return stopped(reply);
    reply.header('X-Total-Count', String(csv.total));
    return sendDataFile(reply, csv, 'text/csv; charset=utf-8; header=present');
  });

  app.get<{ Querystring: SearchQuerystring }>('/export.json', { schema: { querystring } }, async (request, reply) => {
    const limit = parseExportLimit(request.query);
    const query = parseSearchQuery(request.query, request.locale, app.facets);
    const signal = whileClientWaits(reply);
    const json = await inSlot(signal, () => exportSearchJson(deps(), query, { limit, origin: app.publicOrigin, signal }));
    if (json === null) return stopped(reply);
    reply.header('X-Total-Count', String(json.total));
    return sendDataFile(reply, json, 'application/json; charset=utf-8');
  });
}
