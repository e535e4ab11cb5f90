// Reading the catalogue: records by slug, lists by country, vocabulary labels, and the
// hit rows a search result shows (fetched in one query, not one per hit).
// Plain functions of the database; not-found is null.
import type Database from 'better-sqlite3';
import type { Locale } from '../search/types.ts';

export type { Label, Vocabulary } from './labels.ts';
export { loadVocabulary } from './labels.ts';
import type { Label } from './labels.ts';

export interface SourceRef {
  url: string;
  title: string;
  publisher: string | null;
  year: number | null;
  type: string | null;
  language: string | null;
}

export interface NamedRef {
  slug: string;
  name: string;
}

export interface ProgrammeRef {
  slug: string;
  nameOriginal: string;
  nameEn: string;
}

export interface InitiativeSummary {
  id: number;
  slug: string;
  titleNb: string | null;
  titleOriginal: string | null;
  originalLanguage: string | null;
  titleEn: string;
  summaryNb: string;
  summaryEn: string;
  outcomes: string | null;
  country: string;
  programme: ProgrammeRef | null;
  areas: NamedRef[];
  locationText: string | null;
  periodStart: number | null;
  periodEnd: number | null;
  measureTypes: string[];
  themes: string[];
  targetGroups: string[];
}

export interface Initiative extends InitiativeSummary {
  seedRef: string | null;
  targetGroupsOriginal: string[];
  confidence: string;
  notes: string | null;
  sources: SourceRef[];
  createdAt: string;
  updatedAt: string;
}

interface InitiativeRow {
  id: number;
  slug: string;
  ref: string;
  title_nb: string | null;
  title_original: string | null;
  original_language: string | null;
  title_en: string;
  summary_nb: string;
  summary_en: string;
  outcomes: string | null;
  country_code: string;
  location_text: string | null;
  period_start: number | null;
  period_end: number | null;
  target_groups_original: string;
  confidence: string;
  notes: string | null;
  created_at: string;
  updated_at: string;
  p_slug: string | null;
  p_name_original: string | null;
  p_name_en: string | null;
  areas_json: string;
  terms_json: string;
}

const INITIATIVE_SQL = `
  SELECT i.*, p.slug AS p_slug, p.name_original AS p_name_original, p.name_en AS p_name_en,
    i.outcomes_en AS outcomes, i.notes_en AS notes,
    (SELECT json_group_array(json_object('slug', a.slug, 'name', a.name)) FROM
       (SELECT a.slug, a.name FROM initiative_areas ia JOIN areas a ON a.id = ia.area_id
        WHERE ia.initiative_id = i.id ORDER BY ia.position) a) AS areas_json,
    (SELECT json_group_array(json_array(t.kind, t.code)) FROM
       (SELECT t.kind, t.code FROM initiative_terms t
        LEFT JOIN terms v ON v.kind = t.kind AND v.code = t.code
        WHERE t.initiative_id = i.id ORDER BY t.kind, v.sort_order, t.code) t) AS terms_json
  FROM initiatives i
  LEFT JOIN programmes p ON p.id = (SELECT ip.programme_id FROM initiative_programmes ip
                                    WHERE ip.initiative_id = i.id ORDER BY ip.role <> 'part-of', ip.position LIMIT 1)`;

function toSummary(row: InitiativeRow): InitiativeSummary {
  const terms = JSON.parse(row.terms_json) as [string, string][];
  const of = (kind: string) => terms.filter(([k]) => k === kind).map(([, c]) => c);
  return {
    id: row.id,
    slug: row.slug,
    titleNb: row.title_nb,
    titleOriginal: row.title_original,
    originalLanguage: row.original_language,
    titleEn: row.title_en,
    summaryNb: row.summary_nb,
    summaryEn: row.summary_en,
    outcomes: row.outcomes,
    country: row.country_code,
    programme: row.p_slug ? { slug: row.p_slug, nameOriginal: row.p_name_original!, nameEn: row.p_name_en! } : null,
    areas: JSON.parse(row.areas_json) as NamedRef[],
    locationText: row.location_text,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    measureTypes: of('measure'),
    themes: of('theme'),
    targetGroups: of('target'),
  };
}

function sourcesOf(sqlite: Database.Database, table: string, column: string, id: number): SourceRef[] {
  return sqlite
    .prepare(
      `SELECT s.url, s.title, s.publisher, s.year, s.type, s.language FROM ${table} l
       JOIN sources s ON s.id = l.source_id WHERE l.${column} = ? ORDER BY l.position`,
    )
    .all(id) as SourceRef[];
}

export function getInitiativeBySlug(sqlite: Database.Database, slug: string): Initiative | null {
  const row = sqlite.prepare(`${INITIATIVE_SQL} WHERE i.slug = ?`).get(slug) as InitiativeRow | undefined;
  if (!row) return null;
  return {
    ...toSummary(row),
    seedRef: row.ref,
    targetGroupsOriginal: JSON.parse(row.target_groups_original) as string[],
    confidence: row.confidence,
    notes: row.notes,
    sources: sourcesOf(sqlite, 'initiative_sources', 'initiative_id', row.id),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The hit rows for a page of results, in the order of `ids`, in one query. */
/** The hit rows' statement, prepared once per connection (preparing it cost more than running it). */
const summariesStmt = new WeakMap<Database.Database, Database.Statement>();

export function getInitiativeSummaries(sqlite: Database.Database, ids: number[]): InitiativeSummary[] {
  if (ids.length === 0) return [];
  let stmt = summariesStmt.get(sqlite);
  if (!stmt) {
    stmt = sqlite.prepare(`${INITIATIVE_SQL} WHERE i.id IN (SELECT value FROM json_each(?))`);
    summariesStmt.set(sqlite, stmt);
  }
  const rows = stmt.all(JSON.stringify(ids)) as InitiativeRow[];
  const byId = new Map(rows.map((r) => [r.id, toSummary(r)]));
  return ids.map((id) => byId.get(id)).filter((x): x is InitiativeSummary => x !== undefined);
}

/** Initiatives of a programme or an area, newest first. */
export function listInitiativesOf(
  sqlite: Database.Database,
  by: { programmeId: number } | { areaId: number },
): InitiativeSummary[] {
  const where =
    'programmeId' in by
      ? `WHERE i.id IN (SELECT initiative_id FROM initiative_programmes WHERE programme_id = ?)`
      : `WHERE i.id IN (SELECT initiative_id FROM initiative_areas WHERE area_id = ?)`;
  const rows = sqlite
    .prepare(`${INITIATIVE_SQL} ${where} ORDER BY i.period_start IS NULL, i.period_start DESC, i.id DESC`)
    .all('programmeId' in by ? by.programmeId : by.areaId) as InitiativeRow[];
  return rows.map(toSummary);
}

export interface ProgrammeSummary {
  id: number;
  slug: string;
  nameOriginal: string;
  nameEn: string;
  country: string;
  periodStart: number | null;
  periodEnd: number | null;
  initiativeCount: number;
  areaCount: number;
}

export interface Programme extends ProgrammeSummary {
  responsible: string[];
  goals: string | null;
  budget: string | null;
  structure: string | null;
  population: string | null;
  evaluations: string[];
  keyFindings: string | null;
  note: string | null;
  confidence: string;
  sources: SourceRef[];
  areas: (NamedRef & { periodStart: number | null; periodEnd: number | null })[];
  initiatives: InitiativeSummary[];
}

const PROGRAMME_SQL = `
  SELECT p.*, (SELECT count(DISTINCT ip.initiative_id) FROM initiative_programmes ip WHERE ip.programme_id = p.id) AS initiative_count,
    (SELECT count(*) FROM area_programmes ap WHERE ap.programme_id = p.id) AS area_count
  FROM programmes p`;

type ProgrammeRow = Record<string, unknown> & { id: number; initiative_count: number; area_count: number };

function toProgrammeSummary(r: ProgrammeRow): ProgrammeSummary {
  return {
    id: r.id,
    slug: r.slug as string,
    nameOriginal: r.name_original as string,
    nameEn: r.name_en as string,
    country: r.country_code as string,
    periodStart: r.period_start as number | null,
    periodEnd: r.period_end as number | null,
    initiativeCount: r.initiative_count,
    areaCount: r.area_count,
  };
}

export function listProgrammes(sqlite: Database.Database): ProgrammeSummary[] {
  return (
    sqlite
      .prepare(
        `${PROGRAMME_SQL} LEFT JOIN countries c ON c.code = p.country_code
         ORDER BY c.sort_order, p.period_start IS NULL, p.period_start, p.name_original`,
      )
      .all() as ProgrammeRow[]
  ).map(toProgrammeSummary);
}

export function getProgrammeBySlug(sqlite: Database.Database, slug: string): Programme | null {
  const r = sqlite.prepare(`${PROGRAMME_SQL} WHERE p.slug = ?`).get(slug) as ProgrammeRow | undefined;
  if (!r) return null;
  return {
    ...toProgrammeSummary(r),
    responsible: JSON.parse(r.responsible_en as string),
    goals: r.goals_en as string | null,
    budget: r.budget_en as string | null,
    structure: r.structure_en as string | null,
    population: r.population_en as string | null,
    evaluations: JSON.parse(r.evaluations_en as string),
    keyFindings: r.key_findings_en as string | null,
    note: r.note_en as string | null,
    confidence: r.confidence as string,
    sources: sourcesOf(sqlite, 'programme_sources', 'programme_id', r.id),
    areas: sqlite
      .prepare(
        `SELECT a.slug, a.name, ap.period_start AS periodStart, ap.period_end AS periodEnd
         FROM area_programmes ap JOIN areas a ON a.id = ap.area_id WHERE ap.programme_id = ? ORDER BY a.name`,
      )
      .all(r.id) as Programme['areas'],
    initiatives: listInitiativesOf(sqlite, { programmeId: r.id }),
  };
}

export interface AreaSummary {
  id: number;
  slug: string;
  name: string;
  district: string | null;
  municipality: string | null;
  country: string;
  initiativeCount: number;
}

export interface Area extends AreaSummary {
  population: string | null;
  notes: string | null;
  confidence: string;
  sources: SourceRef[];
  programmes: (ProgrammeRef & { periodStart: number | null; periodEnd: number | null })[];
  initiatives: InitiativeSummary[];
}

const AREA_SQL = `
  SELECT a.*, (SELECT count(*) FROM initiative_areas ia WHERE ia.area_id = a.id) AS initiative_count
  FROM areas a`;

type AreaRow = Record<string, unknown> & { id: number; initiative_count: number };

function toAreaSummary(r: AreaRow): AreaSummary {
  return {
    id: r.id,
    slug: r.slug as string,
    name: r.name as string,
    district: r.district as string | null,
    municipality: r.municipality as string | null,
    country: r.country_code as string,
    initiativeCount: r.initiative_count,
  };
}

export function listAreas(sqlite: Database.Database): AreaSummary[] {
  return (
    sqlite
      .prepare(
        `${AREA_SQL} LEFT JOIN countries c ON c.code = a.country_code
         ORDER BY c.sort_order, a.municipality IS NULL, a.municipality, a.name`,
      )
      .all() as AreaRow[]
  ).map(toAreaSummary);
}

export function getAreaBySlug(sqlite: Database.Database, slug: string): Area | null {
  const r = sqlite.prepare(`${AREA_SQL} WHERE a.slug = ?`).get(slug) as AreaRow | undefined;
  if (!r) return null;
  return {
    ...toAreaSummary(r),
    population: r.population_en as string | null,
    notes: r.description_en as string | null,
    confidence: r.confidence as string,
    sources: sourcesOf(sqlite, 'area_sources', 'area_id', r.id),
    programmes: sqlite
      .prepare(
        `SELECT p.slug, p.name_original AS nameOriginal, p.name_en AS nameEn,
                ap.period_start AS periodStart, ap.period_end AS periodEnd
         FROM area_programmes ap JOIN programmes p ON p.id = ap.programme_id
         WHERE ap.area_id = ? ORDER BY ap.period_start`,
      )
      .all(r.id) as Area['programmes'],
    initiatives: listInitiativesOf(sqlite, { areaId: r.id }),
  };
}

export { loadPlaceNames } from './labels.ts';

export function label(l: Label | undefined, locale: Locale, fallback: string): string {
  return l ? l[locale] : fallback;
}

/** The title to show in a locale: the reader's language, else the original, else English. */
export function displayTitle(
  i: Pick<InitiativeSummary, 'titleNb' | 'titleOriginal' | 'titleEn' | 'originalLanguage'>,
  locale: Locale,
): { text: string; lang: string } {
  if (locale === 'en') return { text: i.titleEn, lang: 'en' };
  if (i.titleNb) return { text: i.titleNb, lang: 'nb' };
  if (i.titleOriginal) return { text: i.titleOriginal, lang: i.originalLanguage ?? 'und' };
  return { text: i.titleEn, lang: 'en' };
}

/** The summary to show: the reader's language where written, else the other one. */
export function displaySummary(i: Pick<InitiativeSummary, 'summaryNb' | 'summaryEn'>, locale: Locale): { text: string; lang: string } {
  if (locale === 'nb' && i.summaryNb) return { text: i.summaryNb, lang: 'nb' };
  if (locale === 'en' && i.summaryEn) return { text: i.summaryEn, lang: 'en' };
  return i.summaryEn ? { text: i.summaryEn, lang: 'en' } : { text: i.summaryNb, lang: 'nb' };
}
