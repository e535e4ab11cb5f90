// What the search engines index for one initiative, read from SQLite (the source of
// truth). The embedded engine stores the folded text in search_documents (which its
// FTS5 table mirrors by triggers); the Meilisearch engine sends the same documents.
import type Database from 'better-sqlite3';
import { foldText } from './text.ts';

export interface SearchDocument {
  id: number;
  slug: string;
  titleNb: string | null;
  titleOriginal: string | null;
  titleEn: string;
  summaryNb: string;
  summaryEn: string;
  outcomes: string | null;
  country: string;
  programme: string | null;
  programmeNames: string[];
  areas: string[];
  areaNames: string[];
  districts: string[];
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
}

/**
 * The part of a search document that facets read (FacetDefinition.values). The embedded
 * engine loads only these fields for its facet table (loadFacetFields), which is several
 * times faster than whole documents at 100,000 initiatives.
 */
export type FacetFields = Pick<
  SearchDocument,
  'id' | 'slug' | 'country' | 'programme' | 'areas' | 'measure' | 'theme' | 'target' | 'periodStart' | 'periodEnd'
>;

interface DocumentRow {
  id: number;
  slug: string;
  title_nb: string | null;
  title_original: string | null;
  title_en: string;
  summary_nb: string;
  summary_en: string;
  outcomes: string | null;
  location_text: string | null;
  country_code: string;
  period_start: number | null;
  period_end: number | null;
  programme_slug: string | null;
  programme_original: string | null;
  programme_en: string | null;
  areas: string | null;
  terms: string | null;
  term_labels: string | null;
}

const SEP = '\u001f';

const DOCUMENT_SQL = `
  SELECT i.id, i.slug, i.title_nb, i.title_original, i.title_en, i.summary_nb, i.summary_en,
         i.outcomes, i.location_text, i.country_code, i.period_start, i.period_end,
         p.slug AS programme_slug, p.name_original AS programme_original, p.name_en AS programme_en,
         (SELECT group_concat(a.slug || char(30) || a.name || char(30) || coalesce(a.district, ''), char(31))
            FROM (SELECT a.* FROM initiative_areas ia JOIN areas a ON a.id = ia.area_id
                  WHERE ia.initiative_id = i.id ORDER BY ia.position) a) AS areas,
         (SELECT group_concat(t.kind || ':' || t.code, char(31))
            FROM initiative_terms t WHERE t.initiative_id = i.id) AS terms,
         (SELECT group_concat(v.label_nb || char(31) || v.label_en, char(31))
            FROM initiative_terms t JOIN terms v ON v.kind = t.kind AND v.code = t.code
            WHERE t.initiative_id = i.id) AS term_labels
  FROM initiatives i
  LEFT JOIN programmes p ON p.id = i.programme_id`;

function toDocument(row: DocumentRow): SearchDocument {
  const areas: string[] = [];
  const areaNames: string[] = [];
  const districts: string[] = [];
  for (const part of row.areas ? row.areas.split(SEP) : []) {
    const [slug, name, district] = part.split('\u001e');
    areas.push(slug);
    areaNames.push(name);
    if (district && !districts.includes(district)) districts.push(district);
  }
  const terms: Record<'measure' | 'theme' | 'target', string[]> = { measure: [], theme: [], target: [] };
  for (const part of row.terms ? row.terms.split(SEP) : []) {
    const i = part.indexOf(':');
    const kind = part.slice(0, i) as keyof typeof terms;
    terms[kind]?.push(part.slice(i + 1));
  }
  return {
    id: row.id,
    slug: row.slug,
    titleNb: row.title_nb,
    titleOriginal: row.title_original,
    titleEn: row.title_en,
    summaryNb: row.summary_nb,
    summaryEn: row.summary_en,
    outcomes: row.outcomes,
    country: row.country_code,
    programme: row.programme_slug,
    programmeNames: [row.programme_original, row.programme_en].filter((x): x is string => !!x),
    areas,
    areaNames,
    districts,
    locationText: row.location_text,
    measure: terms.measure.sort(),
    theme: terms.theme.sort(),
    target: terms.target.sort(),
    termLabels: row.term_labels ? [...new Set(row.term_labels.split(SEP))] : [],
    periodStart: row.period_start,
    periodEnd: row.period_end,
  };
}

/** Documents for the given initiative ids, or for the whole catalogue. */
export function loadSearchDocuments(sqlite: Database.Database, ids?: number[]): SearchDocument[] {
  if (ids === undefined) {
    return (sqlite.prepare(`${DOCUMENT_SQL} ORDER BY i.id`).all() as DocumentRow[]).map(toDocument);
  }
  const out: SearchDocument[] = [];
  const stmt = sqlite.prepare(`${DOCUMENT_SQL} WHERE i.id IN (SELECT value FROM json_each(?)) ORDER BY i.id`);
  for (let i = 0; i < ids.length; i += 500) {
    const rows = stmt.all(JSON.stringify(ids.slice(i, i + 500))) as DocumentRow[];
    for (const row of rows) out.push(toDocument(row));
  }
  return out;
}

/** The folded text columns the FTS5 index reads, weighted title > places > programme > body. */
export function ftsColumns(doc: SearchDocument): { title: string; places: string; programme: string; body: string } {
  const join = (parts: (string | null | undefined)[]) => foldText(parts.filter(Boolean).join(' \n '));
  return {
    title: join([doc.titleNb, doc.titleOriginal, doc.titleEn]),
    places: join([...doc.areaNames, ...doc.districts, doc.locationText]),
    programme: join(doc.programmeNames),
    body: join([doc.summaryNb, doc.summaryEn, doc.outcomes, ...doc.termLabels]),
  };
}

/**
 * Rewrites the search_documents rows (and so, through triggers, the FTS5 index) for the
 * given initiatives, or for all of them. Call inside the transaction that changed them.
 */
export function refreshSearchDocuments(sqlite: Database.Database, ids?: number[]): number {
  const docs = loadSearchDocuments(sqlite, ids);
  const upsert = sqlite.prepare(
    `INSERT INTO search_documents (initiative_id, title, places, programme, body)
     VALUES (@id, @title, @places, @programme, @body)
     ON CONFLICT (initiative_id) DO UPDATE SET title = excluded.title, places = excluded.places,
       programme = excluded.programme, body = excluded.body
     WHERE title IS NOT excluded.title OR places IS NOT excluded.places
       OR programme IS NOT excluded.programme OR body IS NOT excluded.body`,
  );
  for (const doc of docs) upsert.run({ id: doc.id, ...ftsColumns(doc) });
  return docs.length;
}

/**
 * The facet fields of every initiative (or of `ids`), in id order, with the same values
 * loadSearchDocuments() gives. Read column by column as JSON arrays (JSON.parse turns them
 * into numbers and strings natively): building one object per row through the driver was
 * most of the facet table's build time at 100,000 initiatives.
 */
export function loadFacetFields(sqlite: Database.Database, ids?: number[]): FacetFields[] {
  const only = ids === undefined ? '' : 'WHERE i.id IN (SELECT value FROM json_each(?))';
  const params = ids === undefined ? [] : [JSON.stringify(ids)];
  const json = (sql: string) => (sqlite.prepare(sql).raw().get(...params) as (string | null)[]).map((x) => JSON.parse(x ?? '[]'));
  const [id, slug, country, programme, start, end] = json(
    `SELECT json_group_array(id), json_group_array(slug), json_group_array(country_code),
            json_group_array(programme_slug), json_group_array(period_start), json_group_array(period_end)
     FROM (SELECT i.id, i.slug, i.country_code, p.slug AS programme_slug, i.period_start, i.period_end
           FROM initiatives i LEFT JOIN programmes p ON p.id = i.programme_id ${only} ORDER BY i.id)`,
  ) as [number[], string[], string[], (string | null)[], (number | null)[], (number | null)[]];
  const out: FacetFields[] = [];
  const posOf = new Map<number, number>();
  for (let p = 0; p < id.length; p++) {
    posOf.set(id[p], p);
    out.push({
      id: id[p],
      slug: slug[p],
      country: country[p],
      programme: programme[p],
      areas: [],
      measure: [],
      theme: [],
      target: [],
      periodStart: start[p],
      periodEnd: end[p],
    });
  }
  const [areaOwner, areaSlug] = json(
    `SELECT json_group_array(initiative_id), json_group_array(slug)
     FROM (SELECT ia.initiative_id, a.slug FROM initiative_areas ia JOIN areas a ON a.id = ia.area_id
           ${only.replace('i.id', 'ia.initiative_id')} ORDER BY ia.initiative_id, ia.position)`,
  ) as [number[], string[]];
  for (let k = 0; k < areaOwner.length; k++) {
    const p = posOf.get(areaOwner[k]);
    if (p !== undefined) out[p].areas.push(areaSlug[k]);
  }
  const [termOwner, termKind, termCode] = json(
    `SELECT json_group_array(initiative_id), json_group_array(kind), json_group_array(code)
     FROM (SELECT t.initiative_id, t.kind, t.code FROM initiative_terms t
           ${only.replace('i.id', 't.initiative_id')} ORDER BY t.initiative_id, t.kind, t.code)`,
  ) as [number[], string[], string[]];
  for (let k = 0; k < termOwner.length; k++) {
    const p = posOf.get(termOwner[k]);
    const kind = termKind[k];
    if (p !== undefined && (kind === 'measure' || kind === 'theme' || kind === 'target')) out[p][kind].push(termCode[k]);
  }
  return out;
}
