// View models of the data pages: the /data download list and the /api documentation.
import type Database from 'better-sqlite3';
import type { Locale } from '../search/types.ts';
import { translator } from '../i18n/index.ts';
import { DATA_LICENCE, DATASET_KINDS, getDatasetChanged } from '../domain/dataset.ts';
import { datasetCounts } from '../domain/dataset-files.ts';
import { formatDate } from './records.ts';
import type { OpenApiDocument } from '../plugins/openapi.ts';

export function presentDataPage(sqlite: Database.Database, locale: Locale, origin: string) {
  const t = translator(locale);
  const counts = datasetCounts(sqlite);
  const changed = getDatasetChanged(sqlite);
  return {
    licence: DATA_LICENCE,
    changed: changed ? formatDate(locale, changed.slice(0, 10)) : null,
    changedIso: changed,
    readmeUrl: '/data/README.md',
    kinds: DATASET_KINDS.map((kind) => ({
      kind,
      label: t(`data.kind.${kind}` as Parameters<typeof t>[0]),
      count: counts[kind],
      jsonUrl: `/data/${kind}.json`,
      csvUrl: `/data/${kind}.csv`,
    })),
    searchExportExample: `${origin}/export.csv?country=SE&country=DK`,
  };
}

/** The /api page: every endpoint of the OpenAPI document with its parameters, and examples to copy. */
export function presentApiPage(doc: OpenApiDocument, locale: Locale, origin: string) {
  const endpoints = Object.entries(doc.paths).map(([path, ops]) => ({
    path,
    summary: ops.get.summary === `GET ${path}` ? null : ops.get.summary,
    parameters: ops.get.parameters.map((p) => String(p.name)),
  }));
  const lang = locale === 'en' ? '&lang=en' : '';
  return {
    openapiUrl: '/api/openapi.json',
    licence: DATA_LICENCE,
    endpoints,
    examples: [
      { key: 'api.example.search', command: `curl '${origin}/api/v1/initiatives?q=bibliotek&country=SE&country=DK&perPage=50${lang}'` },
      { key: 'api.example.areas', command: `curl '${origin}/api/v1/areas?country=NO'` },
      { key: 'api.example.one', command: `curl '${origin}/api/v1/initiatives/I001'` },
      { key: 'api.example.export', command: `curl -OJ '${origin}/export.csv?theme=environmental&country=SE'` },
      { key: 'api.example.feed', command: `curl '${origin}/initiatives.atom?country=DK'` },
    ],
  };
}
