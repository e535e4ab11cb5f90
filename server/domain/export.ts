// A search's hits as CSV, for researchers: the same parameters and the same order as the
// search page, at most EXPORT_MAX_ROWS rows from the first hit, one row per initiative
// with the fields needed to cite it. RFC 4180 (CRLF, every field quoted, quotes doubled),
// UTF-8 with a byte-order mark so that Excel reads å, æ, ø, ä and ö correctly.
import type Database from 'better-sqlite3';
import { BadRequestError } from '../errors.ts';
import type { SearchEngine, SearchQuery } from '../search/types.ts';
import { getInitiativeSummaries } from './records/initiatives.ts';
import { FACETS, type FacetRegistry } from '../search/facets.ts';
import { loadFacetFields } from '../search/documents.ts';
import { loadSearchLabels } from './labels.ts';
import { labelFacetValue, vocabularyRank } from './facet-labels.ts';

/** Most rows one export returns; also the default. */
export const EXPORT_MAX_ROWS = 1000;

const LEADING_COLUMNS = ['slug', 'title_nb', 'title_original', 'original_language', 'title_en'] as const;
const TRAILING_COLUMNS = ['location', 'period_start', 'period_end', 'url', 'source_urls'] as const;

/** The CSV header: the record's titles, every exported facet (registry order), then the rest. */
export function exportColumns(facets: FacetRegistry = FACETS): string[] {
  const facetColumns = facets.list.flatMap((f) => (f.csv ? [f.csv.column, ...(f.csv.names ? [f.csv.names] : [])] : []));
  return [...LEADING_COLUMNS, ...facetColumns, ...TRAILING_COLUMNS];
}

export const EXPORT_COLUMNS = exportColumns();

export interface ExportDeps {
  sqlite: Database.Database;
  engine: SearchEngine;
  /** The facets to export (the app's registry unless given). */
  facets?: FacetRegistry;
}

export interface CsvExport {
  /** The whole file, byte-order mark included. */
  body: string;
  filename: string;
  rows: number;
  /** Hits the search found; more than `rows` when the export was cut at the limit. */
  total: number;
}

/** Reads `limit` from the raw query string: a whole number from 1 to EXPORT_MAX_ROWS. */
export function parseExportLimit(raw: Record<string, unknown>): number {
  const value = raw.limit;
  if (value === undefined || value === '') return EXPORT_MAX_ROWS;
  const range = { param: 'limit', min: 1, max: EXPORT_MAX_ROWS };
  if (Array.isArray(value)) throw new BadRequestError([{ key: 'validation.once', params: { param: 'limit' } }]);
  const text = String(value).trim();
  if (!/^\d{1,9}$/.test(text)) throw new BadRequestError([{ key: 'validation.wholeNumber', params: range }]);
  const n = Number(text);
  if (n < 1 || n > EXPORT_MAX_ROWS) throw new BadRequestError([{ key: 'validation.range', params: range }]);
  return n;
}

/** One CSV field: always quoted, quotes doubled; a leading = + - @ is defused for spreadsheets. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '""';
  let text = String(value);
  // A cell starting with one of these is run as a formula by Excel and LibreOffice.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvLine(fields: (string | number | null | undefined)[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}

/**
 * Runs the search (page and perPage are ignored: the export starts at the first hit) and
 * returns up to `limit` hits as CSV. `origin` (e.g. https://example.org) makes record URLs
 * absolute.
 */
export async function exportSearchCsv(
  deps: ExportDeps,
  query: SearchQuery,
  options: { limit?: number; origin?: string } = {},
): Promise<CsvExport> {
  const limit = Math.max(1, Math.min(EXPORT_MAX_ROWS, options.limit ?? EXPORT_MAX_ROWS));
  const result = await deps.engine.search({ ...query, page: 1, perPage: limit });
  const ids = result.hits.slice(0, limit).map((h) => h.id);
  const rows = getInitiativeSummaries(deps.sqlite, ids);
  const sources = sourceUrlsOf(deps.sqlite, ids);
  const prefix = query.locale === 'en' ? '/en' : '';
  const origin = options.origin ?? '';
  const registry = deps.facets ?? FACETS;
  const labels = loadSearchLabels(deps.sqlite);
  const fields = new Map(loadFacetFields(deps.sqlite, ids).map((f) => [f.id, f]));
  const exported = registry.list.filter((f) => f.csv).map((f) => ({ facet: f, rank: vocabularyRank(f, labels) }));

  let body = '\ufeff' + csvLine(exportColumns(registry));
  for (const r of rows) {
    const doc = fields.get(r.id);
    // Each exported facet's codes (in vocabulary order where it has one), and their names
    // (the bokmål label: a programme's or area's own name) where the entry asks for them.
    const facetCells = exported.flatMap(({ facet, rank }) => {
      const values = doc ? [...facet.values(doc)] : [];
      if (rank) values.sort(rank);
      const codes = values.join('; ');
      if (!facet.csv!.names) return [codes];
      return [codes, values.map((v) => labelFacetValue(facet, v, 'nb', labels).label).join('; ')];
    });
    body += csvLine([
      r.slug,
      r.titleNb,
      r.titleOriginal,
      r.originalLanguage,
      r.titleEn,
      ...facetCells,
      r.locationText,
      r.periodStart,
      r.periodEnd,
      `${origin}${prefix}/initiatives/${encodeURIComponent(r.slug)}`,
      // URLs never hold a raw space, so a space separates them unambiguously.
      (sources.get(r.id) ?? []).join(' '),
    ]);
  }
  return { body, filename: 'omradeloft-initiatives.csv', rows: rows.length, total: result.total };
}

/** Source URLs of each initiative, in citation order, in one query. */
function sourceUrlsOf(sqlite: Database.Database, ids: number[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (ids.length === 0) return out;
  const rows = sqlite
    .prepare(
      `SELECT l.initiative_id, s.url FROM initiative_sources l JOIN sources s ON s.id = l.source_id
       WHERE l.initiative_id IN (SELECT value FROM json_each(?)) ORDER BY l.initiative_id, l.position`,
    )
    .raw()
    .all(JSON.stringify(ids)) as [number, string][];
  for (const [id, url] of rows) {
    const list = out.get(id);
    if (list) list.push(url);
    else out.set(id, [url]);
  }
  return out;
}
