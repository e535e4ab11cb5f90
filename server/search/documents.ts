// What the search engines index for one initiative, read from SQLite (the source of
// truth). The embedded engine stores the folded text in search_documents (which its
// FTS5 table mirrors by triggers); the Meilisearch engine sends the same documents.
import type Database from 'better-sqlite3';
import { foldText, releaseWordCaches, variantsText } from './text.ts';

export interface SearchDocument {
  id: number;
  slug: string;
  titleNb: string | null;
  titleOriginal: string | null;
  titleEn: string;
  summaryNb: string;
  summaryEn: string;
  outcomes: string | null;
  outcomesNb: string | null;
  country: string;
  /** Slugs of every programme the initiative belongs to or was funded by. */
  programme: string[];
  programmeNames: string[];
  areas: string[];
  areaNames: string[];
  districts: string[];
  /** The municipalities of the initiative's areas ("Trondheim", "Göteborg"). */
  municipalities: string[];
  locationText: string | null;
  measure: string[];
  theme: string[];
  target: string[];
  /**
   * The nb and en labels of the initiative's country, measure types, themes and target
   * groups. Indexed as text, so a Norwegian word ("møteplass", "ungdom") finds records
   * whose summaries exist only in English.
   */
  termLabels: string[];
  periodStart: number | null;
  periodEnd: number | null;
  /** The country's names in both languages ("Sverige", "Sweden"). */
  countryNames: string[];
  /** Slugs of the initiative's organisations (any role), and their names. */
  organisation: string[];
  organisationNames: string[];
  /** Participation methods, anchoring kinds, continuation, evidence level and status (vocabulary codes). */
  participation: string[];
  anchoring: string[];
  continuation: string[];
  evidence: string[];
  status: string[];
  /** Participation, anchoring, continuation and lessons, as text in both languages. */
  knowledgeText: string[];
}

/**
 * The part of a search document that facets read (FacetDefinition.values). The embedded
 * engine loads only these fields for its facet table (facet-fields.ts), which is several
 * times faster than whole documents at 100,000 initiatives.
 */
export type FacetFields = Pick<
  SearchDocument,
  | 'id'
  | 'slug'
  | 'country'
  | 'programme'
  | 'areas'
  | 'measure'
  | 'theme'
  | 'target'
  | 'organisation'
  | 'participation'
  | 'anchoring'
  | 'continuation'
  | 'evidence'
  | 'status'
  | 'periodStart'
  | 'periodEnd'
>;

interface DocumentRow {
  id: number;
  slug: string;
  title_nb: string | null;
  title_original: string | null;
  title_en: string;
  summary_nb: string;
  summary_en: string;
  outcomes_en: string | null;
  outcomes_nb: string | null;
  location_text: string | null;
  country_code: string;
  period_start: number | null;
  period_end: number | null;
  programmes: string | null;
  areas: string | null;
  terms: string | null;
  term_labels: string | null;
  country_names: string | null;
  organisations: string | null;
  organisation_names: string | null;
  participation: string | null;
  anchoring: string | null;
  continuation: string | null;
  evidence_level: string;
  status: string;
  knowledge_text: string | null;
}

const SEP = '\u001f';

const DOCUMENT_SQL = `
  SELECT i.id, i.slug, i.title_nb, i.title_original, i.title_en, i.summary_nb, i.summary_en,
         i.outcomes_en, i.outcomes_nb, i.location_text, i.country_code, i.period_start, i.period_end,
         (SELECT group_concat(p.slug || char(30) || p.name_original || char(30) || coalesce(p.name_nb, '') || char(30) || p.name_en, char(31))
            FROM (SELECT DISTINCT p.* FROM initiative_programmes ip JOIN programmes p ON p.id = ip.programme_id AND p.state = 'published'
                  WHERE ip.initiative_id = i.id ORDER BY ip.position) p) AS programmes,
         (SELECT group_concat(a.slug || char(30) || a.name || char(30) || coalesce(a.district, '') || char(30) || coalesce(a.municipality, ''), char(31))
            FROM (SELECT a.* FROM initiative_areas ia JOIN areas a ON a.id = ia.area_id AND a.state = 'published'
                  WHERE ia.initiative_id = i.id ORDER BY ia.position) a) AS areas,
         (SELECT group_concat(t.kind || ':' || t.code, char(31))
            FROM initiative_terms t WHERE t.initiative_id = i.id) AS terms,
         (SELECT group_concat(v.label_nb || char(31) || v.label_en, char(31))
            FROM (SELECT kind, code FROM initiative_terms WHERE initiative_id = i.id
                  UNION SELECT 'participation-method', method FROM participation_entries WHERE initiative_id = i.id
                  UNION SELECT 'anchoring', kind FROM anchoring_entries WHERE initiative_id = i.id
                  UNION SELECT 'continuation', i.continuation WHERE i.continuation IS NOT NULL) t
            JOIN terms v ON v.kind = t.kind AND v.code = t.code) AS term_labels,
         (SELECT concat_ws(char(31), c.name_nb, c.name_en) FROM countries c WHERE c.code = i.country_code) AS country_names,
         (SELECT group_concat(DISTINCT o.slug) FROM initiative_organisations io JOIN organisations o ON o.id = io.organisation_id AND o.state = 'published'
            WHERE io.initiative_id = i.id) AS organisations,
         (SELECT group_concat(concat_ws(char(31), o.name, o.short_name, o.name_en), char(31))
            FROM (SELECT DISTINCT o.* FROM initiative_organisations io JOIN organisations o ON o.id = io.organisation_id AND o.state = 'published'
                  WHERE io.initiative_id = i.id) o) AS organisation_names,
         (SELECT group_concat(DISTINCT method) FROM participation_entries WHERE initiative_id = i.id) AS participation,
         (SELECT group_concat(DISTINCT kind) FROM anchoring_entries WHERE initiative_id = i.id) AS anchoring,
         i.continuation, i.evidence_level, i.status,
         concat_ws(char(31), i.lessons_nb, i.lessons_en,
           (SELECT group_concat(concat_ws(char(31), text_nb, text_en, who_nb, who_en), char(31)) FROM participation_entries WHERE initiative_id = i.id),
           (SELECT group_concat(concat_ws(char(31), text_nb, text_en), char(31)) FROM anchoring_entries WHERE initiative_id = i.id),
           i.continuation_note_nb, i.continuation_note_en) AS knowledge_text
  FROM initiatives i`;

function toDocument(row: DocumentRow): SearchDocument {
  const areas: string[] = [];
  const areaNames: string[] = [];
  const districts: string[] = [];
  const municipalities: string[] = [];
  for (const part of row.areas ? row.areas.split(SEP) : []) {
    const [slug, name, district, municipality] = part.split('\u001e');
    areas.push(slug);
    areaNames.push(name);
    if (district && !districts.includes(district)) districts.push(district);
    if (municipality && !municipalities.includes(municipality)) municipalities.push(municipality);
  }
  const terms: Record<'measure' | 'theme' | 'target', string[]> = { measure: [], theme: [], target: [] };
  for (const part of row.terms ? row.terms.split(SEP) : []) {
    const i = part.indexOf(':');
    const kind = part.slice(0, i) as keyof typeof terms;
    terms[kind]?.push(part.slice(i + 1));
  }
  const programmes: string[] = [];
  const programmeNames: string[] = [];
  for (const part of row.programmes ? row.programmes.split(SEP) : []) {
    const [slug, ...names] = part.split('\u001e');
    if (!programmes.includes(slug)) programmes.push(slug);
    for (const name of names) if (name && !programmeNames.includes(name)) programmeNames.push(name);
  }
  return {
    id: row.id,
    slug: row.slug,
    titleNb: row.title_nb,
    titleOriginal: row.title_original,
    titleEn: row.title_en,
    summaryNb: row.summary_nb,
    summaryEn: row.summary_en,
    outcomes: row.outcomes_en,
    outcomesNb: row.outcomes_nb,
    country: row.country_code,
    programme: programmes,
    programmeNames,
    areas,
    areaNames,
    districts,
    municipalities,
    locationText: row.location_text,
    measure: terms.measure.sort(),
    theme: terms.theme.sort(),
    target: terms.target.sort(),
    termLabels: row.term_labels ? [...new Set(row.term_labels.split(SEP))] : [],
    periodStart: row.period_start,
    periodEnd: row.period_end,
    countryNames: split(row.country_names),
    organisation: split(row.organisations, ',').sort(),
    organisationNames: split(row.organisation_names),
    participation: split(row.participation, ',').sort(),
    anchoring: split(row.anchoring, ',').sort(),
    continuation: row.continuation ? [row.continuation] : [],
    evidence: [row.evidence_level],
    status: [row.status],
    knowledgeText: split(row.knowledge_text),
  };
}

function split(value: string | null, sep = SEP): string[] {
  return value ? [...new Set(value.split(sep).filter(Boolean))] : [];
}

/**
 * Only published initiatives are searchable: a draft, one in review or a withdrawn one has
 * no document, no facet values and no Meilisearch document (the outbox deletes the ids it
 * does not get back). Likewise a published initiative's document names only the published
 * programmes, areas and organisations it links to (their state changes reach it through
 * the change feed's update triggers).
 */
export const PUBLISHED = `i.state = 'published'`;

/**
 * Every published initiative's document, `batchSize` at a time in id order, so the whole
 * catalogue is never held at once (a million documents do not fit the default heap).
 * Each batch is read completely before `fn` runs, so `fn` may write to the database.
 */
export function forEachSearchDocumentBatch(sqlite: Database.Database, batchSize: number, fn: (docs: SearchDocument[]) => void): void {
  let after = 0;
  for (;;) {
    const docs = readSearchDocumentBatch(sqlite, after, batchSize);
    if (docs.length === 0) return;
    fn(docs);
    after = docs[docs.length - 1].id;
  }
}

/**
 * The next `batchSize` published initiatives' documents after id `after`, in id order: one
 * statement per batch, so a caller may wait (send a batch over the network) between batches.
 */
export function readSearchDocumentBatch(sqlite: Database.Database, after: number, batchSize: number): SearchDocument[] {
  const stmt = sqlite.prepare(`${DOCUMENT_SQL} WHERE ${PUBLISHED} AND i.id > ? ORDER BY i.id LIMIT ?`);
  return (stmt.all(after, batchSize) as DocumentRow[]).map(toDocument);
}

/** How many initiatives have a search document (the published ones). */
export function countSearchable(sqlite: Database.Database): number {
  return sqlite.prepare(`SELECT count(*) FROM initiatives i WHERE ${PUBLISHED}`).pluck().get() as number;
}

/** Documents for the given initiative ids, or for the whole catalogue (published ones only). */
export function loadSearchDocuments(sqlite: Database.Database, ids?: number[]): SearchDocument[] {
  if (ids === undefined) {
    return (sqlite.prepare(`${DOCUMENT_SQL} WHERE ${PUBLISHED} ORDER BY i.id`).all() as DocumentRow[]).map(toDocument);
  }
  const out: SearchDocument[] = [];
  const stmt = sqlite.prepare(`${DOCUMENT_SQL} WHERE ${PUBLISHED} AND i.id IN (SELECT value FROM json_each(?)) ORDER BY i.id`);
  for (let i = 0; i < ids.length; i += 500) {
    const rows = stmt.all(JSON.stringify(ids.slice(i, i + 500))) as DocumentRow[];
    for (const row of rows) out.push(toDocument(row));
  }
  return out;
}

export interface FtsColumns {
  title: string;
  places: string;
  programme: string;
  body: string;
}

/**
 * The folded text columns the FTS5 index reads, weighted title > places > programme >
 * body. Places hold the areas, their districts (bydeler) and municipalities, the free
 * location text and the country's names; programme the programmes' and organisations'
 * names in every language they have.
 */
export function ftsColumns(doc: SearchDocument): FtsColumns {
  const join = (parts: (string | null | undefined)[]) => foldText(parts.filter(Boolean).join(' \n '));
  return {
    title: join([doc.titleNb, doc.titleOriginal, doc.titleEn]),
    places: join([...doc.areaNames, ...doc.districts, ...doc.municipalities, doc.locationText, ...doc.countryNames]),
    programme: join([...doc.programmeNames, ...doc.organisationNames]),
    body: join([doc.summaryNb, doc.summaryEn, doc.outcomesNb, doc.outcomes, ...doc.knowledgeText, ...doc.termLabels]),
  };
}

/** The variants column of a document (stems and plain spellings of every column's words; variantsText). */
export function ftsVariants(cols: FtsColumns): string {
  return variantsText([cols.title, cols.places, cols.programme, cols.body], true);
}

/** One initiative's row of search_documents: the text columns FTS5 indexes, variants included. */
export interface SearchDocumentRow extends FtsColumns {
  id: number;
  variants: string;
}

export function searchDocumentRow(doc: SearchDocument): SearchDocumentRow {
  const cols = ftsColumns(doc);
  return { id: doc.id, ...cols, variants: ftsVariants(cols) };
}

/** Writes a row unless it is already there as it is (then no trigger fires). */
function upsertStatement(sqlite: Database.Database): Database.Statement {
  return sqlite.prepare(
    `INSERT INTO search_documents (initiative_id, title, places, programme, body, variants)
     VALUES (@id, @title, @places, @programme, @body, @variants)
     ON CONFLICT (initiative_id) DO UPDATE SET title = excluded.title, places = excluded.places,
       programme = excluded.programme, body = excluded.body, variants = excluded.variants
     WHERE title IS NOT excluded.title OR places IS NOT excluded.places
       OR programme IS NOT excluded.programme OR body IS NOT excluded.body OR variants IS NOT excluded.variants`,
  );
}

const DELETE_UNPUBLISHED = `DELETE FROM search_documents WHERE initiative_id NOT IN (SELECT i.id FROM initiatives i WHERE ${PUBLISHED})`;

/**
 * Rewrites the search_documents rows (and so, through triggers, the FTS5 index) for the
 * given initiatives, or for all of them. Call inside the transaction that changed them.
 */
export function refreshSearchDocuments(sqlite: Database.Database, ids?: number[]): number {
  const upsert = upsertStatement(sqlite);
  const write = (docs: SearchDocument[]) => {
    for (const doc of docs) upsert.run(searchDocumentRow(doc));
  };
  if (ids === undefined) {
    let written = 0;
    forEachSearchDocumentBatch(sqlite, 2000, (docs) => {
      write(docs);
      written += docs.length;
    });
    // An initiative that left the published state (or is gone) loses its document.
    sqlite.prepare(DELETE_UNPUBLISHED).run();
    releaseWordCaches(); // the whole vocabulary was stemmed: not kept for the searches to come
    return written;
  }
  const docs = loadSearchDocuments(sqlite, ids);
  write(docs);
  sqlite
    .prepare(
      `DELETE FROM search_documents WHERE initiative_id IN (SELECT value FROM json_each(?))
         AND initiative_id NOT IN (SELECT value FROM json_each(?))`,
    )
    .run(JSON.stringify(ids), JSON.stringify(docs.map((d) => d.id)));
  return docs.length;
}

/**
 * Every published initiative's row, `batchSize` at a time in id order, built in this
 * thread (document-thread.ts builds them in a worker instead).
 */
export async function* searchDocumentRows(sqlite: Database.Database, batchSize: number): AsyncGenerator<SearchDocumentRow[]> {
  let after = 0;
  for (;;) {
    const docs = readSearchDocumentBatch(sqlite, after, batchSize);
    if (docs.length === 0) break;
    after = docs[docs.length - 1].id;
    yield docs.map(searchDocumentRow);
  }
  releaseWordCaches();
}

/**
 * Rewrites every initiative's row and the FTS5 index from scratch, for a full rebuild:
 * `rows` gives every published initiative's row in id order (searchDocumentRows, or built
 * in another thread while this one indexes the batch before). The index is emptied first
 * and each row indexed as it arrives, instead of FTS5's 'rebuild' reading the table again
 * afterwards; rows already there as they are are not rewritten. Call inside a transaction
 * on a connection nothing else uses meanwhile (it awaits the batches): the table's triggers
 * are set aside while the rows are indexed here and put back before it returns, and if it
 * throws, rolling the transaction back restores them with everything else.
 */
export async function rewriteAllSearchDocuments(sqlite: Database.Database, rows: AsyncIterable<SearchDocumentRow[]>): Promise<number> {
  if (!sqlite.inTransaction) throw new Error('rewriteAllSearchDocuments must run inside a transaction');
  const triggers = sqlite
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_documents'`)
    .all() as { name: string; sql: string }[];
  for (const t of triggers) sqlite.exec(`DROP TRIGGER "${t.name.replace(/"/g, '""')}"`);
  sqlite.prepare(`INSERT INTO search_fts(search_fts) VALUES('delete-all')`).run();
  const upsert = upsertStatement(sqlite);
  const index = sqlite.prepare(
    `INSERT INTO search_fts (rowid, title, places, programme, body, variants)
     VALUES (@id, @title, @places, @programme, @body, @variants)`,
  );
  let written = 0;
  for await (const batch of rows) {
    for (const row of batch) {
      upsert.run(row);
      index.run(row);
    }
    written += batch.length;
  }
  sqlite.prepare(DELETE_UNPUBLISHED).run(); // never indexed above
  for (const t of triggers) sqlite.exec(t.sql);
  return written;
}
