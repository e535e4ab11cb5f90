// Initiatives: the whole record (participation, anchoring, continuation, organisations,
// funding, evidence, lessons, related initiatives, resources, sources), the rows a search
// hit or a list shows (in one query for any number of ids), and the initiatives of an
// area, a programme or an organisation.
import type Database from 'better-sqlite3';
import type { Initiative, InitiativeSummary } from '../../schemas/records.ts';
import { listResourcesAboutInitiative } from './resources.ts';
import { all, idByRef, jsonList, linkColumns, linkOf, one, published, qualityOf, sourceById, sourcesOf, textOf, type Row } from './shared.ts';

export type { Initiative, InitiativeSummary };

const SUMMARY_SQL = `
  SELECT i.id, i.ref, i.slug, i.title_nb, i.title_original, i.original_language, i.title_en, i.summary_nb, i.summary_en,
    i.outcomes_en AS outcomes, i.country_code, i.location_text, i.period_start, i.period_end, i.status,
    p.slug AS p_slug, p.name_original AS p_name_original, p.name_en AS p_name_en,
    (SELECT json_group_array(json_object('slug', a.slug, 'name', a.name)) FROM
       (SELECT a.slug, a.name FROM initiative_areas ia JOIN areas a ON a.id = ia.area_id AND ${published('a')}
        WHERE ia.initiative_id = i.id ORDER BY ia.position) a) AS areas_json,
    (SELECT json_group_array(json_array(t.kind, t.code)) FROM
       (SELECT t.kind, t.code FROM initiative_terms t
        LEFT JOIN terms v ON v.kind = t.kind AND v.code = t.code
        WHERE t.initiative_id = i.id ORDER BY t.kind, v.sort_order, t.code) t) AS terms_json
  FROM initiatives i
  LEFT JOIN programmes p ON p.id = (SELECT ip.programme_id FROM initiative_programmes ip
                                    JOIN programmes pp ON pp.id = ip.programme_id AND ${published('pp')}
                                    WHERE ip.initiative_id = i.id ORDER BY ip.role <> 'part-of', ip.position LIMIT 1)`;
/** Only published initiatives, whichever way they are listed. */
const WHERE_PUBLISHED = `WHERE ${published('i')}`;

function toSummary(row: Row): InitiativeSummary {
  const terms = JSON.parse(row.terms_json as string) as [string, string][];
  const of = (kind: string) => terms.filter(([k]) => k === kind).map(([, c]) => c);
  return {
    id: row.id as number,
    ref: row.ref as string,
    slug: row.slug as string,
    titleNb: row.title_nb as string | null,
    titleOriginal: row.title_original as string | null,
    originalLanguage: row.original_language as string | null,
    titleEn: row.title_en as string,
    summaryNb: row.summary_nb as string,
    summaryEn: row.summary_en as string,
    outcomes: row.outcomes as string | null,
    country: row.country_code as string,
    programme: row.p_slug
      ? { slug: row.p_slug as string, nameOriginal: row.p_name_original as string, nameEn: row.p_name_en as string }
      : null,
    areas: JSON.parse(row.areas_json as string) as InitiativeSummary['areas'],
    locationText: row.location_text as string | null,
    periodStart: row.period_start as number | null,
    periodEnd: row.period_end as number | null,
    status: row.status as string,
    measureTypes: of('measure'),
    themes: of('theme'),
    targetGroups: of('target'),
  };
}

/** The hit rows for a page of results, in the order of `ids`, in one query. */
export function getInitiativeSummaries(sqlite: Database.Database, ids: number[]): InitiativeSummary[] {
  if (ids.length === 0) return [];
  const rows = all(sqlite, `${SUMMARY_SQL} ${WHERE_PUBLISHED} AND i.id IN (SELECT value FROM json_each(?))`, JSON.stringify(ids));
  const byId = new Map(rows.map((r) => [r.id as number, toSummary(r)]));
  return ids.map((id) => byId.get(id)).filter((x): x is InitiativeSummary => x !== undefined);
}

const NEWEST_FIRST = `ORDER BY i.period_start IS NULL, i.period_start DESC, i.id DESC`;

/** Every initiative, newest first. */
export function listInitiatives(sqlite: Database.Database): InitiativeSummary[] {
  return all(sqlite, `${SUMMARY_SQL} ${WHERE_PUBLISHED} ${NEWEST_FIRST}`).map(toSummary);
}

/** Initiatives of a programme (any role), newest first. */
export function listInitiativesOfProgramme(sqlite: Database.Database, programmeId: number): InitiativeSummary[] {
  return all(
    sqlite,
    `${SUMMARY_SQL} ${WHERE_PUBLISHED} AND i.id IN (SELECT initiative_id FROM initiative_programmes WHERE programme_id = ?) ${NEWEST_FIRST}`,
    programmeId,
  ).map(toSummary);
}

/** Initiatives in an area, newest first. */
export function listInitiativesOfArea(sqlite: Database.Database, areaId: number): InitiativeSummary[] {
  return all(sqlite, `${SUMMARY_SQL} ${WHERE_PUBLISHED} AND i.id IN (SELECT initiative_id FROM initiative_areas WHERE area_id = ?) ${NEWEST_FIRST}`, areaId).map(
    toSummary,
  );
}

/** Initiatives an organisation had a role in, newest first (the roles are on the organisation). */
export function listInitiativesOfOrganisation(sqlite: Database.Database, organisationId: number): InitiativeSummary[] {
  return all(
    sqlite,
    `${SUMMARY_SQL} ${WHERE_PUBLISHED} AND i.id IN (SELECT initiative_id FROM initiative_organisations WHERE organisation_id = ?
                                   UNION SELECT initiative_id FROM funding_lines WHERE funder_id = ?) ${NEWEST_FIRST}`,
    organisationId,
    organisationId,
  ).map(toSummary);
}

function toInitiative(sqlite: Database.Database, r: Row): Initiative {
  const id = r.id as number;
  const terms = all<{ kind: string; code: string }>(
    sqlite,
    `SELECT t.kind, t.code FROM initiative_terms t LEFT JOIN terms v ON v.kind = t.kind AND v.code = t.code
     WHERE t.initiative_id = ? ORDER BY t.kind, v.sort_order, t.code`,
    id,
  );
  const of = (kind: string) => terms.filter((t) => t.kind === kind).map((t) => t.code);
  const continuation = r.continuation as string | null;
  return {
    ref: r.ref as string,
    slug: r.slug as string,
    titleNb: r.title_nb as string | null,
    titleOriginal: r.title_original as string | null,
    originalLanguage: r.original_language as string | null,
    titleEn: r.title_en as string,
    summary: textOf(r, 'summary'),
    outcomes: textOf(r, 'outcomes'),
    lessons: textOf(r, 'lessons'),
    lessonsSource: sourceById(sqlite, r.lessons_source_id),
    notes: textOf(r, 'notes'),
    country: r.country_code as string,
    locationText: r.location_text as string | null,
    areas: all(
      sqlite,
      `SELECT ${linkColumns('area', 'a')}, a.area_type FROM initiative_areas ia JOIN areas a ON a.id = ia.area_id AND ${published('a')}
       WHERE ia.initiative_id = ? ORDER BY ia.position`,
      id,
    ).map((row) => ({ ...linkOf(row)!, areaType: (row.area_type as string | null) ?? null })),
    programmes: all(
      sqlite,
      `SELECT ${linkColumns('programme', 'p')}, ip.role FROM initiative_programmes ip JOIN programmes p ON p.id = ip.programme_id AND ${published('p')}
       WHERE ip.initiative_id = ? ORDER BY ip.role <> 'part-of', ip.position`,
      id,
    ).map((row) => ({ ...linkOf(row)!, role: row.role as string })),
    periodStart: r.period_start as number | null,
    periodEnd: r.period_end as number | null,
    status: r.status as string,
    measureTypes: of('measure'),
    themes: of('theme'),
    targetGroups: of('target'),
    targetGroupsOriginal: { nb: jsonList(r.target_groups_original_nb), en: jsonList(r.target_groups_original) },
    participation: all(sqlite, `SELECT * FROM participation_entries WHERE initiative_id = ? ORDER BY position, id`, id).map((p) => ({
      method: p.method as string,
      who: textOf(p, 'who'),
      count: p.participant_count as number | null,
      stage: p.stage as string | null,
      influence: p.influence as string | null,
      text: textOf(p, 'text'),
      source: sourceById(sqlite, p.source_id),
    })),
    anchoring: all(sqlite, `SELECT * FROM anchoring_entries WHERE initiative_id = ? ORDER BY position, id`, id).map((a) => ({
      kind: a.kind as string,
      text: textOf(a, 'text'),
      source: sourceById(sqlite, a.source_id),
    })),
    continuation: continuation
      ? { code: continuation, note: textOf(r, 'continuation_note'), source: sourceById(sqlite, r.continuation_source_id) }
      : null,
    organisations: all(
      sqlite,
      `SELECT ${linkColumns('organisation', 'o')}, io.role, io.source_id FROM initiative_organisations io
       JOIN organisations o ON o.id = io.organisation_id AND ${published('o')} WHERE io.initiative_id = ? ORDER BY io.position`,
      id,
    ).map((row) => ({ ...linkOf(row)!, role: row.role as string, source: sourceById(sqlite, row.source_id) })),
    funding: listFundingLines(sqlite, 'initiative_id', id),
    evidence: { level: r.evidence_level as string, note: textOf(r, 'evidence_note') },
    related: all(
      sqlite,
      `SELECT ${linkColumns('initiative', 'x')}, ir.relation FROM initiative_relations ir JOIN initiatives x ON x.id = ir.related_id AND ${published('x')}
       WHERE ir.initiative_id = ? ORDER BY ir.relation, x.id`,
      id,
    ).map((row) => ({ ...linkOf(row)!, relation: row.relation as string })),
    resources: listResourcesAboutInitiative(sqlite, id),
    sources: sourcesOf(sqlite, 'initiative_sources', 'initiative_id', id),
    ...qualityOf(r),
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}

/** Funding lines of an initiative or budget lines of a programme, with the funder linked. */
export function listFundingLines(sqlite: Database.Database, ownerColumn: 'initiative_id' | 'programme_id', ownerId: number): Initiative['funding'] {
  return all(
    sqlite,
    `SELECT f.*, ${linkColumns('organisation', 'o', 'o_')} FROM funding_lines f LEFT JOIN organisations o ON o.id = f.funder_id AND ${published('o')}
     WHERE f.${ownerColumn} = ? ORDER BY f.position, f.id`,
    ownerId,
  ).map((f) => ({
    amount: f.amount as number | null,
    currency: f.currency as string | null,
    year: f.year as number | null,
    funder: linkOf(f, 'o_'),
    text: textOf(f, 'text'),
    source: sourceById(sqlite, f.source_id),
  }));
}

export function getInitiativeBySlug(sqlite: Database.Database, slug: string): Initiative | null {
  const row = one(sqlite, `SELECT * FROM initiatives i WHERE i.slug = ? AND ${published('i')}`, slug);
  return row ? toInitiative(sqlite, row) : null;
}

export function getInitiativeByRef(sqlite: Database.Database, ref: string): Initiative | null {
  const id = idByRef(sqlite, 'initiative', ref);
  const row = id === null ? null : one(sqlite, `SELECT * FROM initiatives WHERE id = ?`, id);
  return row ? toInitiative(sqlite, row) : null;
}
