// What the search indexes for every searchable record that is not an initiative: areas,
// programmes, organisations, events and resources. Read from SQLite (the source of
// truth) and folded like the initiative documents, so a place, programme, organisation,
// speaker or talk title typed into search finds its record.
import type Database from 'better-sqlite3';
import type { RecordKind } from '../../db/schema.ts';
import { foldText, variantsText } from './text.ts';

export type RecordDocumentKind = Exclude<RecordKind, 'initiative'>;
export const RECORD_DOCUMENT_KINDS: RecordDocumentKind[] = ['area', 'programme', 'organisation', 'event', 'resource'];

export interface RecordDocument {
  kind: RecordDocumentKind;
  recordId: number;
  slug: string;
  /** The record's names (weighted highest). */
  title: string;
  /** Names it is known by through its links: districts, countries, organisations, people. */
  names: string;
  /** Its texts in both languages and the labels of its vocabulary codes. */
  body: string;
  /** Stems and plain spellings of all three (variantsText), matched below them. */
  variants: string;
}

const SEP = char(31);
function char(code: number): string {
  return String.fromCharCode(code);
}

/** Per kind: one row per record with three columns of raw text, SEP-separated parts. */
const SQL: Record<RecordDocumentKind, string> = {
  area: `
    SELECT a.id, a.slug,
      concat_ws(char(31), a.name) AS title,
      concat_ws(char(31), a.district, a.municipality, c.name_nb, c.name_en,
        (SELECT group_concat(concat_ws(char(31), p.name_original, p.name_nb, p.name_en), char(31))
           FROM area_programmes ap JOIN programmes p ON p.id = ap.programme_id WHERE ap.area_id = a.id)) AS names,
      concat_ws(char(31), a.description_nb, a.description_en, a.population_nb, a.population_en,
        (SELECT concat_ws(char(31), t.label_nb, t.label_en) FROM terms t WHERE t.kind = 'area-type' AND t.code = a.area_type)) AS body
    FROM areas a LEFT JOIN countries c ON c.code = a.country_code`,
  programme: `
    SELECT p.id, p.slug,
      concat_ws(char(31), p.name_original, p.name_nb, p.name_en) AS title,
      concat_ws(char(31), c.name_nb, c.name_en,
        (SELECT group_concat(concat_ws(char(31), o.name, o.short_name, o.name_en), char(31))
           FROM programme_organisations po JOIN organisations o ON o.id = po.organisation_id WHERE po.programme_id = p.id)) AS names,
      concat_ws(char(31), p.goals_nb, p.goals_en, p.key_findings_nb, p.key_findings_en, p.structure_nb, p.structure_en) AS body
    FROM programmes p LEFT JOIN countries c ON c.code = p.country_code`,
  organisation: `
    SELECT o.id, o.slug,
      concat_ws(char(31), o.name, o.short_name, o.name_en) AS title,
      concat_ws(char(31), c.name_nb, c.name_en) AS names,
      concat_ws(char(31), o.description_nb, o.description_en,
        (SELECT concat_ws(char(31), t.label_nb, t.label_en) FROM terms t WHERE t.kind = 'organisation-kind' AND t.code = o.kind)) AS body
    FROM organisations o LEFT JOIN countries c ON c.code = o.country_code`,
  event: `
    SELECT e.id, e.slug,
      concat_ws(char(31), e.name_nb, e.name_en) AS title,
      concat_ws(char(31), e.place_nb, e.place_en,
        (SELECT group_concat(concat_ws(char(31), o.name, o.short_name), char(31))
           FROM event_organisations eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = e.id)) AS names,
      concat_ws(char(31), e.description_nb, e.description_en, e.audience_nb, e.audience_en) AS body
    FROM events e`,
  resource: `
    SELECT r.id, r.slug,
      concat_ws(char(31), r.title_original, r.title_nb, r.title_en) AS title,
      concat_ws(char(31),
        (SELECT group_concat(concat_ws(char(31), rp.name, o.name, o.short_name), char(31))
           FROM resource_people rp LEFT JOIN organisations o ON o.id = rp.organisation_id WHERE rp.resource_id = r.id),
        (SELECT concat_ws(char(31), e.name_nb, e.name_en) FROM events e WHERE e.id = r.event_id),
        (SELECT group_concat(concat_ws(char(31), p.name_original, p.name_nb, p.name_en), char(31))
           FROM resource_programmes x JOIN programmes p ON p.id = x.programme_id WHERE x.resource_id = r.id),
        (SELECT group_concat(concat_ws(char(31), a.name, a.district), char(31))
           FROM resource_areas x JOIN areas a ON a.id = x.area_id WHERE x.resource_id = r.id)) AS names,
      concat_ws(char(31), r.summary_nb, r.summary_en,
        (SELECT concat_ws(char(31), t.label_nb, t.label_en) FROM terms t WHERE t.kind = 'resource-kind' AND t.code = r.kind)) AS body
    FROM resources r`,
};

const TABLE: Record<RecordDocumentKind, string> = {
  area: 'a',
  programme: 'p',
  organisation: 'o',
  event: 'e',
  resource: 'r',
};

interface Row {
  id: number;
  slug: string;
  title: string | null;
  names: string | null;
  body: string | null;
}

const fold = (raw: string | null) => foldText([...new Set((raw ?? '').split(SEP).filter(Boolean))].join(' \n '));

/** Documents of one kind's published records, for the given ids or all of them. */
export function loadRecordDocuments(sqlite: Database.Database, kind: RecordDocumentKind, ids?: number[]): RecordDocument[] {
  // Only published records are searchable: drafts, records in review and withdrawn ones
  // have no document (writeRecordDocuments deletes theirs when their state changes).
  const published = ` WHERE ${TABLE[kind]}.state = 'published'`;
  const where = ids === undefined ? published : `${published} AND ${TABLE[kind]}.id IN (SELECT value FROM json_each(?))`;
  const rows = sqlite.prepare(`${SQL[kind]}${where}`).all(...(ids === undefined ? [] : [JSON.stringify(ids)])) as Row[];
  return rows.map((r) => {
    const title = fold(r.title);
    const names = fold(r.names);
    const body = fold(r.body);
    return { kind, recordId: r.id, slug: r.slug, title, names, body, variants: variantsText([title, names, body], true) };
  });
}

/**
 * Rewrites record_documents (and so, through triggers, record_fts) for the given records
 * of a kind, or for every record of it; documents of records that no longer exist go.
 */
export function writeRecordDocuments(sqlite: Database.Database, kind: RecordDocumentKind, ids?: number[]): number {
  const docs = loadRecordDocuments(sqlite, kind, ids);
  const upsert = sqlite.prepare(
    `INSERT INTO record_documents (kind, record_id, title, names, body, variants)
     VALUES (@kind, @recordId, @title, @names, @body, @variants)
     ON CONFLICT (kind, record_id) DO UPDATE SET title = excluded.title, names = excluded.names, body = excluded.body,
       variants = excluded.variants
     WHERE title IS NOT excluded.title OR names IS NOT excluded.names OR body IS NOT excluded.body
       OR variants IS NOT excluded.variants`,
  );
  for (const d of docs) upsert.run({ kind, recordId: d.recordId, title: d.title, names: d.names, body: d.body, variants: d.variants });
  const found = JSON.stringify(docs.map((d) => d.recordId));
  if (ids === undefined) {
    sqlite.prepare(`DELETE FROM record_documents WHERE kind = ? AND record_id NOT IN (SELECT value FROM json_each(?))`).run(kind, found);
  } else {
    sqlite
      .prepare(
        `DELETE FROM record_documents WHERE kind = ? AND record_id IN (SELECT value FROM json_each(?))
           AND record_id NOT IN (SELECT value FROM json_each(?))`,
      )
      .run(kind, JSON.stringify(ids), found);
  }
  return docs.length;
}
