// A search's full result set (every page) as CSV or JSON, for researchers: the same
// parameters and order as the search page. CSV: one row per initiative with every field
// of the model, RFC 4180 (CRLF, every field quoted, quotes doubled), UTF-8 with a
// byte-order mark so that Excel reads å, æ, ø, ä and ö; lists joined with "; ". JSON:
// the API's initiative records in an envelope naming the licence and the dataset's date.
import type Database from 'better-sqlite3';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { BadRequestError } from '../errors.ts';
import type { SearchEngine, SearchQuery } from '../search/types.ts';
import { getInitiativeByRef, type Initiative } from './records/initiatives.ts';
import { FACETS, type FacetRegistry } from '../search/facets.ts';
import { loadFacetFields } from '../search/facet-fields.ts';
import { loadSearchLabels } from './labels.ts';
import { labelFacetValue, vocabularyRank } from './facet-labels.ts';
import { all, published } from './records/shared.ts';
import { envelope, getDatasetChanged, recordLinks, type DataEnvelope } from './dataset.ts';
import { MAX_PER_PAGE } from '../schemas/search-query.ts';
import type { Source, Text } from '../schemas/records.ts';

/** Most rows one export returns (a guard, far above the catalogue's size). */
export const EXPORT_MAX_ROWS = 100_000;

/**
 * Full records read between two turns of the event loop. An export of tens of thousands
 * of hits takes seconds of SQLite reads; read in one go, it held up every other request
 * for that long. Between batches (and between pages of hits) the export lets the rest of
 * the server answer: about 20 ms of reading at a time.
 */
export const EXPORT_RECORDS_PER_TURN = 50;

/**
 * Exports read at most this many at once, across the whole app (app.exportSlots); the
 * others wait for a slot and give their place up when their client goes away. Each
 * yields to other requests, but many at once would still fill the event loop with export work.
 */
export const EXPORTS_AT_ONCE = 2;

const LEADING_COLUMNS = ['ref', 'slug', 'title_nb', 'title_original', 'original_language', 'title_en'] as const;
const TRAILING_COLUMNS = [
  'summary_nb',
  'summary_en',
  'outcomes_nb',
  'outcomes_en',
  'lessons_nb',
  'lessons_en',
  'lessons_source',
  'notes_nb',
  'notes_en',
  'location',
  'period_start',
  'period_end',
  'area_types',
  'programme_roles',
  'target_groups_original_nb',
  'target_groups_original_en',
  'participation_details',
  'anchoring_details',
  'continuation_note_nb',
  'continuation_note_en',
  'funding',
  'organisation_roles',
  'evidence_note_nb',
  'evidence_note_en',
  'related',
  'confidence',
  'confidence_note_nb',
  'confidence_note_en',
  'last_verified',
  'text_language',
  'created_at',
  'updated_at',
  'url',
  'permalink',
  'source_titles',
  'source_urls',
] as const;

/** The CSV header: the record's titles, every exported facet (registry order), then the rest. */
export function exportColumns(facets: FacetRegistry = FACETS): string[] {
  const facetColumns = facets.list.flatMap((f) => (f.csv ? [f.csv.column, ...(f.csv.names ? [f.csv.names] : [])] : []));
  return [...LEADING_COLUMNS, ...facetColumns, ...TRAILING_COLUMNS];
}

export const EXPORT_COLUMNS = exportColumns();

/** The separator of list cells. */
export const LIST_SEPARATOR = '; ';

export interface ExportDeps {
  sqlite: Database.Database;
  engine: SearchEngine;
  /** The facets to export (the app's registry unless given). */
  facets?: FacetRegistry;
}

export interface ExportOptions {
  limit?: number;
  /** The public origin (https://example.org): every URL in an export is absolute. */
  origin?: string;
  /** Today, for the file name (tests fix it). */
  now?: Date;
  /** Aborted when nobody waits for the file any more (the client went away): the export stops at its next turn. */
  signal?: AbortSignal;
}

export interface FileExport {
  /** The whole file (CSV: byte-order mark included). */
  body: string;
  filename: string;
  rows: number;
  /** Hits the search found; more than `rows` when the export was cut at `limit`. */
  total: number;
  datasetChanged: string | null;
}

/** Reads `limit` from the raw query string: a whole number from 1 to EXPORT_MAX_ROWS (default: all). */
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
 * The ids of every hit of the search, in its order, page by page (page and perPage of
 * the query are ignored), at most `limit`; and the total the engine reported.
 */
export async function collectHitIds(
  engine: SearchEngine,
  query: SearchQuery,
  limit = EXPORT_MAX_ROWS,
  signal?: AbortSignal,
): Promise<{ ids: number[]; total: number }> {
  const ids: number[] = [];
  const seen = new Set<number>();
  let total = 0;
  const perPage = Math.max(1, Math.min(limit, engine.bulkPageSize ?? MAX_PER_PAGE));
  for (let page = 1; ids.length < limit; page++) {
    const result = await engine.search({ ...query, page, perPage });
    total = result.total;
    for (const hit of result.hits) {
      if (ids.length >= limit) break;
      if (!seen.has(hit.id)) ids.push(hit.id), seen.add(hit.id);
    }
    if (result.hits.length < perPage || page * perPage >= total) break;
    await nextTurn(); // other requests between pages
    signal?.throwIfAborted();
  }
  return { ids, total };
}

/**
 * The full records of `ids` that are published, in that order, EXPORT_RECORDS_PER_TURN
 * per turn of the event loop. Each batch is read whole within one turn, its published
 * state included, so an initiative withdrawn while the export runs is left out of every
 * batch read after that.
 */
async function loadInitiatives(sqlite: Database.Database, ids: number[], signal?: AbortSignal): Promise<(Initiative & { id: number })[]> {
  const out: (Initiative & { id: number })[] = [];
  for (let i = 0; i < ids.length; i += EXPORT_RECORDS_PER_TURN) {
    if (i > 0) {
      await nextTurn();
      signal?.throwIfAborted();
    }
    const batch = ids.slice(i, i + EXPORT_RECORDS_PER_TURN);
    const refs = all<{ id: number; ref: string }>(
      sqlite,
      `SELECT i.id, i.ref FROM initiatives i WHERE ${published('i')} AND i.id IN (SELECT value FROM json_each(?))`,
      JSON.stringify(batch),
    );
    const refOf = new Map(refs.map((r) => [r.id, r.ref]));
    for (const id of batch) {
      const ref = refOf.get(id);
      const record = ref ? getInitiativeByRef(sqlite, ref) : null;
      if (record) out.push({ ...record, id });
    }
  }
  return out;
}

/**
 * The words and filters of a query, for a file name: "sverige-danmark" style, ASCII
 * only (Nordic letters spelt out), at most 60 characters; "all" for no filters.
 */
export function querySlug(query: SearchQuery): string {
  const parts = [query.q, ...Object.values(query.filters).flat(), query.from, query.to].filter((x) => x !== undefined && x !== null && x !== '');
  const slug = parts
    .map(String)
    .join('-')
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/[øö]/g, 'o')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'all';
}

/** The query as it is echoed in a JSON export: only what was asked. */
export function queryEcho(query: SearchQuery): Record<string, string | string[]> {
  const echo: Record<string, string | string[]> = {};
  if (query.q) echo.q = query.q;
  for (const [name, values] of Object.entries(query.filters)) if (values.length) echo[name] = [...values];
  if (query.from !== undefined && query.from !== null) echo.from = String(query.from);
  if (query.to !== undefined && query.to !== null) echo.to = String(query.to);
  if (query.sort !== 'relevance') echo.sort = query.sort;
  return echo;
}

const textCells = (t: Text | null | undefined) => [t?.nb ?? null, t?.en ?? null];
const either = (t: Text | null | undefined) => t?.nb ?? t?.en ?? '';
const join = (list: (string | null | undefined)[]) => list.filter((x): x is string => Boolean(x)).join(LIST_SEPARATOR);
const sourceText = (s: Source | null) => (s ? `${s.title} <${s.url}>` : null);

/** The trailing columns of one initiative, in TRAILING_COLUMNS order. */
function detailCells(r: Initiative, origin: string, prefix: string): (string | number | null)[] {
  const links = recordLinks(origin, 'initiative', r);
  return [
    ...textCells(r.summary),
    ...textCells(r.outcomes),
    ...textCells(r.lessons),
    sourceText(r.lessonsSource),
    ...textCells(r.notes),
    r.locationText,
    r.periodStart,
    r.periodEnd,
    join(r.areas.map((a) => a.areaType)),
    join(r.programmes.map((p) => `${p.slug} (${p.role})`)),
    join(r.targetGroupsOriginal.nb),
    join(r.targetGroupsOriginal.en),
    join(
      r.participation.map((p) => {
        const facts = [p.stage, p.influence, p.count === null ? null : `n=${p.count}`].filter(Boolean).join(', ');
        const text = either(p.text) || either(p.who);
        return `${p.method}${facts ? ` (${facts})` : ''}${text ? `: ${text}` : ''}`;
      }),
    ),
    join(r.anchoring.map((a) => `${a.kind}${either(a.text) ? `: ${either(a.text)}` : ''}`)),
    ...textCells(r.continuation?.note),
    join(
      r.funding.map((f) =>
        [f.amount === null ? null : `${f.amount}${f.currency ? ` ${f.currency}` : ''}`, f.year, f.funder?.name.nb ?? f.funder?.name.en, either(f.text)]
          .filter((x) => x !== null && x !== undefined && x !== '')
          .join(', '),
      ),
    ),
    join(r.organisations.map((o) => `${o.name.nb || o.name.en} (${o.role})`)),
    ...textCells(r.evidence.note),
    join(r.related.map((x) => `${x.slug} (${x.relation})`)),
    r.confidence,
    ...textCells(r.confidenceNote),
    r.lastVerified,
    r.textLanguage,
    r.createdAt,
    r.updatedAt,
    `${origin}${prefix}/initiatives/${encodeURIComponent(r.slug)}`,
    links.permalink,
    join(r.sources.map((s) => s.title)),
    join(r.sources.map((s) => s.url)),
  ];
}

/** Initiatives (full records with their ids) as CSV rows: header first, BOM included. */
export function initiativesCsv(
  sqlite: Database.Database,
  records: (Initiative & { id: number })[],
  options: { facets?: FacetRegistry; origin?: string; prefix?: string } = {},
): string {
  const registry = options.facets ?? FACETS;
  const origin = options.origin ?? '';
  const prefix = options.prefix ?? '';
  const labels = loadSearchLabels(sqlite);
  const fields = new Map(loadFacetFields(sqlite, records.map((r) => r.id)).map((f) => [f.id, f]));
  const exported = registry.list.filter((f) => f.csv).map((f) => ({ facet: f, rank: vocabularyRank(f, labels) }));
  let body = '\ufeff' + csvLine(exportColumns(registry));
  for (const r of records) {
    const doc = fields.get(r.id);
    // Each exported facet's codes (in vocabulary order where it has one), and their names
    // (the bokmål label: a programme's or area's own name) where the entry asks for them.
    const facetCells = exported.flatMap(({ facet, rank }) => {
      const values = doc ? [...facet.values(doc)] : [];
      if (rank) values.sort(rank);
      const codes = values.join(LIST_SEPARATOR);
      if (!facet.csv!.names) return [codes];
      return [codes, values.map((v) => labelFacetValue(facet, v, 'nb', labels).label).join(LIST_SEPARATOR)];
    });
    body += csvLine([r.ref, r.slug, r.titleNb, r.titleOriginal, r.originalLanguage, r.titleEn, ...facetCells, ...detailCells(r, origin, prefix)]);
  }
  return body;
}

function fileName(query: SearchQuery, extension: string, now: Date): string {
  return `omradeloft-initiatives-${querySlug(query)}-${now.toISOString().slice(0, 10)}.${extension}`;
}

/** Runs the search and returns every hit (up to `limit`) as CSV. */
export async function exportSearchCsv(deps: ExportDeps, query: SearchQuery, options: ExportOptions = {}): Promise<FileExport> {
  const { ids, total } = await collectHitIds(deps.engine, query, options.limit, options.signal);
  const records = await loadInitiatives(deps.sqlite, ids, options.signal);
  const body = initiativesCsv(deps.sqlite, records, {
    facets: deps.facets,
    origin: options.origin,
    prefix: query.locale === 'en' ? '/en' : '',
  });
  return { body, filename: fileName(query, 'csv', options.now ?? new Date()), rows: records.length, total, datasetChanged: getDatasetChanged(deps.sqlite) };
}

export type ExportedInitiative = Initiative & { url: string; permalink: string };

/** Runs the search and returns every hit (up to `limit`) as the JSON envelope. */
export async function exportSearchJson(
  deps: ExportDeps,
  query: SearchQuery,
  options: ExportOptions = {},
): Promise<FileExport & { data: DataEnvelope<ExportedInitiative> }> {
  const { ids, total } = await collectHitIds(deps.engine, query, options.limit, options.signal);
  const origin = options.origin ?? '';
  const items = (await loadInitiatives(deps.sqlite, ids, options.signal)).map(({ id: _id, ...r }) => ({ ...r, ...recordLinks(origin, 'initiative', r) }));
  const data = envelope(deps.sqlite, queryEcho(query), items);
  return {
    data,
    body: JSON.stringify(data),
    filename: fileName(query, 'json', options.now ?? new Date()),
    rows: items.length,
    total,
    datasetChanged: data.dataset_changed,
  };
}

