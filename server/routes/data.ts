// The whole dataset: GET /data (and /en/data) lists the downloads; GET /data/<kind>.json
// and /data/<kind>.csv for every kind, and /data/README.md with the licence, the date and
// the field definitions (the files are the same in both languages, so they live once).
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { DATASET_KINDS, type DatasetKind } from '../domain/dataset.ts';
import { datasetFile, datasetReadme } from '../domain/dataset-files.ts';
import { sendDataFile } from './export.ts';
import { presentDataPage } from '../presenters/data.ts';
import { schemaErrorFormatter } from '../schemas/validation-messages.ts';
import { getDatasetChanged } from '../domain/dataset.ts';

const DataFileParamsSchema = Type.Object({
  kind: Type.Union(DATASET_KINDS.map((k) => Type.Literal(k))),
  format: Type.Union([Type.Literal('json'), Type.Literal('csv')]),
});
type DataFileParams = Static<typeof DataFileParamsSchema>;

/** The /data page, once per language. */
export async function dataPageRoutes(app: FastifyInstance) {
  app.get('/data', async (request, reply) => {
    return reply.render('data', { data: presentDataPage(app.db.sqlite, request.locale, app.publicOrigin) });
  });
}

/** The downloads, once. */
export default async function dataFileRoutes(app: FastifyInstance) {
  app.get<{ Params: DataFileParams }>(
    '/data/:kind.:format',
    { schema: { params: DataFileParamsSchema }, schemaErrorFormatter },
    async (request, reply) => {
      const { kind, format } = request.params;
      const file = datasetFile(app.db.sqlite, kind as DatasetKind, format, app.publicOrigin);
      return sendDataFile(reply, { ...file, filename: `omradeloft-${file.name}`, datasetChanged: getDatasetChanged(app.db.sqlite) }, file.type);
    },
  );

  app.get('/data/README.md', async (_request, reply) => {
    const body = datasetReadme(app.db.sqlite, app.publicOrigin);
    return sendDataFile(reply, { body, filename: 'omradeloft-README.md', datasetChanged: getDatasetChanged(app.db.sqlite) }, 'text/markdown; charset=utf-8');
  });
}
