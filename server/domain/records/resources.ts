// Resources: talks, presentations, videos, reports, evaluations, articles and plans, with
// their people, links and subjects; the list with its filters; and the resources about an
// initiative, area or programme, by an organisation's people, or of an event.
import type Database from 'better-sqlite3';
import type { Resource, ResourceFilters, ResourceSummary } from '../../schemas/records.ts';
import { searchRecords } from '../../search/record-search.ts';
import { BadRequestError, type MessageRef } from '../../errors.ts';
import { all, idByRef, jsonList, linkColumns, linkOf, one, published, qualityOf, textOf, type Row } from './shared.ts';

/** A resource's year: its own, else the year of its date, else its event's. */
const YEAR_SQL = `coalesce(r.year, CAST(substr(r.date, 1, 4) AS INTEGER), CAST(substr(e.date, 1, 4) AS INTEGER))`;

/**
 * A resource with its event: `e` for the year (an event's date counts whatever its state),
 * `pe` for the link, only when the event is published.
 */
const FROM_SQL = `FROM resources r LEFT JOIN events e ON e.id = r.event_id
  LEFT JOIN events pe ON pe.id = r.event_id AND ${published('pe')}`;

const SUMMARY_SQL = `
  SELECT r.id, r.ref, r.slug, r.kind, r.title_original, r.title_nb, r.title_en, r.language, r.date, r.year,
    ${linkColumns('event', 'pe', 'e_')},
    (SELECT json_group_array(name) FROM (SELECT name FROM resource_people WHERE resource_id = r.id ORDER BY position)) AS people_json
  ${FROM_SQL}`;

/** Newest first; undated last, then by title. */
const ORDER_SQL = `ORDER BY ${YEAR_SQL} IS NULL, ${YEAR_SQL} DESC, r.date DESC, coalesce(r.title_nb, r.title_original)`;

function toSummary(r: Row): ResourceSummary {
  return {
    ref: r.ref as string,
    slug: r.slug as string,
    kind: r.kind as string,
    titleOriginal: r.title_original as string,
    titleNb: (r.title_nb as string | null) ?? null,
    titleEn: (r.title_en as string | null) ?? null,
    language: (r.language as string | null) ?? null,
    date: (r.date as string | null) ?? null,
    year: (r.year as number | null) ?? null,
    event: linkOf(r, 'e_'),
    people: jsonList(r.people_json),
  };
}

/** Resources whose id is in the subquery `where` (one `?` parameter). */
function summariesWhere(sqlite: Database.Database, where: string, param: number): ResourceSummary[] {
  return all(sqlite, `${SUMMARY_SQL} WHERE ${published('r')} AND ${where} ${ORDER_SQL}`, param).map(toSummary);
}

export function listResourcesAboutInitiative(sqlite: Database.Database, initiativeId: number): ResourceSummary[] {
  return summariesWhere(sqlite, `r.id IN (SELECT resource_id FROM resource_initiatives WHERE initiative_id = ?)`, initiativeId);
}

export function listResourcesAboutArea(sqlite: Database.Database, areaId: number): ResourceSummary[] {
  return summariesWhere(sqlite, `r.id IN (SELECT resource_id FROM resource_areas WHERE area_id = ?)`, areaId);
}

export function listResourcesAboutProgramme(sqlite: Database.Database, programmeId: number): ResourceSummary[] {
  return summariesWhere(sqlite, `r.id IN (SELECT resource_id FROM resource_programmes WHERE programme_id = ?)`, programmeId);
}

/** Talks and reports by people of an organisation (as it was at the time). */
export function listResourcesByOrganisation(sqlite: Database.Database, organisationId: number): ResourceSummary[] {
  return summariesWhere(sqlite, `r.id IN (SELECT resource_id FROM resource_people WHERE organisation_id = ?)`, organisationId);
}

/** The talks (and other resources) of an event. */
export function listResourcesOfEvent(sqlite: Database.Database, eventId: number): ResourceSummary[] {
  return all(sqlite, `${SUMMARY_SQL} WHERE r.event_id = ? AND ${published('r')} ORDER BY r.date, r.id`, eventId).map(toSummary);
}

/**
 * Resources matching every given filter (AND): kind; country, programme or area among its
 * subjects (a programme's or an initiative's country counts); year; an organisation of
 * one of its people or of its event. With `q`, ordered by how well the words match
 * (searchRecords); else newest first. Filter values are codes and slugs (unknown ones
 * match nothing; the route rejects them first).
 */
export function listResources(sqlite: Database.Database, filters: ResourceFilters = {}): ResourceSummary[] {
  const where: string[] = [published('r')];
  const params: unknown[] = [];
  if (filters.kind) {
    where.push(`r.kind = ?`);
    params.push(filters.kind);
  }
  if (filters.country) {
    where.push(`(r.id IN (SELECT rp.resource_id FROM resource_programmes rp JOIN programmes p ON p.id = rp.programme_id AND ${published('p')} WHERE p.country_code = ?)
      OR r.id IN (SELECT ra.resource_id FROM resource_areas ra JOIN areas a ON a.id = ra.area_id AND ${published('a')} WHERE a.country_code = ?)
      OR r.id IN (SELECT ri.resource_id FROM resource_initiatives ri JOIN initiatives i ON i.id = ri.initiative_id AND ${published('i')} WHERE i.country_code = ?))`);
    params.push(filters.country, filters.country, filters.country);
  }
  if (filters.programme) {
    where.push(`r.id IN (SELECT rp.resource_id FROM resource_programmes rp JOIN programmes p ON p.id = rp.programme_id AND ${published('p')} WHERE p.slug = ?)`);
    params.push(filters.programme);
  }
  if (filters.area) {
    where.push(`r.id IN (SELECT ra.resource_id FROM resource_areas ra JOIN areas a ON a.id = ra.area_id AND ${published('a')} WHERE a.slug = ?)`);
    params.push(filters.area);
  }
  if (filters.year !== undefined) {
    where.push(`${YEAR_SQL} = ?`);
    params.push(filters.year);
  }
  if (filters.organisation) {
    where.push(`(r.id IN (SELECT rp.resource_id FROM resource_people rp JOIN organisations o ON o.id = rp.organisation_id AND ${published('o')} WHERE o.slug = ?)
      OR r.event_id IN (SELECT eo.event_id FROM event_organisations eo JOIN organisations o ON o.id = eo.organisation_id AND ${published('o')} WHERE o.slug = ?))`);
    params.push(filters.organisation, filters.organisation);
  }
  let rank: Map<number, number> | null = null;
  if (filters.q) {
    const found = searchRecords(sqlite, filters.q, { kinds: ['resource'], limit: Number.MAX_SAFE_INTEGER }).byKind.resource;
    const ids = found?.hits.map((h) => h.id) ?? [];
    if (ids.length === 0) return [];
    rank = new Map(ids.map((id, n) => [id, n]));
    where.push(`r.id IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(ids));
  }
  const sql = `${SUMMARY_SQL} WHERE ${where.join(' AND ')} ${ORDER_SQL}`;
  const rows = all(sqlite, sql, ...params);
  if (rank) rows.sort((a, b) => rank.get(a.id as number)! - rank.get(b.id as number)!);
  return rows.map(toSummary);
}

/** What the resource list can be narrowed by: the values that occur, in a stable order. */
export interface ResourceFilterValues {
  kinds: string[];
  countries: string[];
  programmes: { slug: string; nb: string; en: string }[];
  areas: { slug: string; nb: string; en: string }[];
  years: number[];
  organisations: { slug: string; nb: string; en: string }[];
}

/** The ids of published resources, as a subquery. */
const PUBLISHED_IDS = `SELECT pr.id FROM resources pr WHERE ${published('pr')}`;

export function listResourceFilterValues(sqlite: Database.Database): ResourceFilterValues {
  const named = (sql: string) => all<{ slug: string; nb: string; en: string }>(sqlite, sql);
  return {
    kinds: all<{ kind: string }>(
      sqlite,
      `SELECT DISTINCT r.kind FROM resources r LEFT JOIN terms t ON t.kind = 'resource-kind' AND t.code = r.kind WHERE ${published('r')}
       ORDER BY t.sort_order, r.kind`,
    ).map((r) => r.kind),
    countries: all<{ code: string }>(
      sqlite,
      `SELECT c.code FROM countries c WHERE c.code IN (
         SELECT p.country_code FROM resource_programmes rp JOIN programmes p ON p.id = rp.programme_id AND ${published('p')} WHERE rp.resource_id IN (${PUBLISHED_IDS})
         UNION SELECT a.country_code FROM resource_areas ra JOIN areas a ON a.id = ra.area_id AND ${published('a')} WHERE ra.resource_id IN (${PUBLISHED_IDS})
         UNION SELECT i.country_code FROM resource_initiatives ri JOIN initiatives i ON i.id = ri.initiative_id AND ${published('i')} WHERE ri.resource_id IN (${PUBLISHED_IDS}))
       ORDER BY c.sort_order, c.code`,
    ).map((r) => r.code),
    programmes: named(
      `SELECT p.slug, coalesce(p.name_nb, p.name_original) AS nb, p.name_en AS en FROM programmes p
       WHERE ${published('p')} AND p.id IN (SELECT programme_id FROM resource_programmes WHERE resource_id IN (${PUBLISHED_IDS})) ORDER BY nb`,
    ),
    areas: named(
      `SELECT a.slug, a.name AS nb, a.name AS en FROM areas a
       WHERE ${published('a')} AND a.id IN (SELECT area_id FROM resource_areas WHERE resource_id IN (${PUBLISHED_IDS})) ORDER BY a.name`,
    ),
    years: all<{ year: number }>(
      sqlite,
      `SELECT DISTINCT ${YEAR_SQL} AS year FROM resources r LEFT JOIN events e ON e.id = r.event_id WHERE ${published('r')} AND year IS NOT NULL ORDER BY year DESC`,
    ).map((r) => r.year),
    organisations: named(
      `SELECT o.slug, o.name AS nb, coalesce(o.name_en, o.name) AS en FROM organisations o
       WHERE ${published('o')} AND o.id IN (SELECT organisation_id FROM resource_people WHERE resource_id IN (${PUBLISHED_IDS})
                      UNION SELECT eo.organisation_id FROM event_organisations eo JOIN resources r ON r.event_id = eo.event_id AND ${published('r')})
       ORDER BY o.name`,
    ),
  };
}

function toResource(sqlite: Database.Database, r: Row): Resource {
  const id = r.id as number;
  const { people: _names, ...summary } = toSummary(r);
  const links = (kind: 'programme' | 'area' | 'initiative', table: string, column: string, alias: string) =>
    all(
      sqlite,
      `SELECT ${linkColumns(kind, alias)} FROM ${table} j JOIN ${kind}s ${alias} ON ${alias}.id = j.${column} AND ${published(alias)}
       WHERE j.resource_id = ? ORDER BY ${alias}.id`,
      id,
    ).map((row) => linkOf(row)!);
  return {
    ...summary,
    summary: textOf(r, 'summary'),
    notes: textOf(r, 'notes'),
    people: all(
      sqlite,
      `SELECT rp.name, rp.role, ${linkColumns('organisation', 'o', 'o_')}
       FROM resource_people rp LEFT JOIN organisations o ON o.id = rp.organisation_id AND ${published('o')} WHERE rp.resource_id = ? ORDER BY rp.position`,
      id,
    ).map((p) => ({ name: p.name as string, role: (p.role as string | null) ?? null, organisation: linkOf(p, 'o_') })),
    links: all<Resource['links'][number]>(
      sqlite,
      `SELECT kind, url, link_status AS linkStatus, last_checked AS lastChecked FROM resource_links WHERE resource_id = ? ORDER BY position`,
      id,
    ),
    subjects: {
      programmes: links('programme', 'resource_programmes', 'programme_id', 'p'),
      areas: links('area', 'resource_areas', 'area_id', 'a'),
      initiatives: links('initiative', 'resource_initiatives', 'initiative_id', 'i'),
    },
    ...qualityOf(r),
  };
}

const RECORD_SQL = `
  SELECT r.*, ${linkColumns('event', 'pe', 'e_')},
    (SELECT json_group_array(name) FROM (SELECT name FROM resource_people WHERE resource_id = r.id ORDER BY position)) AS people_json
  ${FROM_SQL}`;

export function getResourceBySlug(sqlite: Database.Database, slug: string): Resource | null {
  const row = one(sqlite, `${RECORD_SQL} WHERE r.slug = ? AND ${published('r')}`, slug);
  return row ? toResource(sqlite, row) : null;
}

export function getResourceByRef(sqlite: Database.Database, ref: string): Resource | null {
  const id = idByRef(sqlite, 'resource', ref);
  const row = id === null ? null : one(sqlite, `${RECORD_SQL} WHERE r.id = ?`, id);
  return row ? toResource(sqlite, row) : null;
}

/**
 * The resource list's filters from its (schema-checked) query: trimmed, empty ones
 * dropped, and each code or slug checked against the catalogue, so a value that cannot
 * match is a 400 naming it rather than an empty list.
 */
export function parseResourceFilters(
  sqlite: Database.Database,
  query: Partial<Record<'q' | 'kind' | 'country' | 'programme' | 'area' | 'year' | 'organisation', string>>,
): ResourceFilters {
  const errors: MessageRef[] = [];
  const filters: ResourceFilters = {};
  const value = (name: keyof typeof query) => query[name]?.trim() || undefined;
  const q = value('q');
  if (q !== undefined) {
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(q)) errors.push({ key: 'validation.controlChars', params: { param: 'q' } });
    else filters.q = q;
  }
  const checks: [keyof ResourceFilters & ('kind' | 'country' | 'programme' | 'area' | 'organisation'), string][] = [
    ['kind', `SELECT 1 FROM terms WHERE kind = 'resource-kind' AND code = ?`],
    ['country', `SELECT 1 FROM countries WHERE code = ?`],
    ['programme', `SELECT 1 FROM programmes p WHERE p.slug = ? AND ${published('p')}`],
    ['area', `SELECT 1 FROM areas a WHERE a.slug = ? AND ${published('a')}`],
    ['organisation', `SELECT 1 FROM organisations o WHERE o.slug = ? AND ${published('o')}`],
  ];
  for (const [name, sql] of checks) {
    const v = value(name);
    if (v === undefined) continue;
    if (one(sqlite, sql, v)) filters[name] = v;
    else errors.push({ key: 'validation.unknownValue', params: { param: name, value: v } });
  }
  const year = value('year');
  if (year !== undefined) {
    const n = Number(year);
    if (/^\d{4}$/.test(year) && n >= 1800 && n <= 2200) filters.year = n;
    else errors.push({ key: 'validation.year', params: { param: 'year' } });
  }
  if (errors.length) throw new BadRequestError(errors);
  return filters;
}
