// Programmes: the list by country, and one programme with its organisations by role,
// budget lines, areas with their periods, initiatives, resources about it and sources.
import type Database from 'better-sqlite3';
import type { Programme, ProgrammeSummary } from '../../schemas/records.ts';
import { listFundingLines, listInitiativesOfProgramme } from './initiatives.ts';
import { listResourcesAboutProgramme } from './resources.ts';
import { all, idByRef, jsonList, linkColumns, linkOf, one, published, qualityOf, sourceById, sourcesOf, textOf, type Row } from './shared.ts';

export type { Programme, ProgrammeSummary };

const SUMMARY_SQL = `
  SELECT p.*, (SELECT count(DISTINCT ip.initiative_id) FROM initiative_programmes ip JOIN initiatives i ON i.id = ip.initiative_id AND ${published('i')}
      WHERE ip.programme_id = p.id) AS initiative_count,
    (SELECT count(*) FROM area_programmes ap JOIN areas a ON a.id = ap.area_id AND ${published('a')} WHERE ap.programme_id = p.id) AS area_count
  FROM programmes p`;

function toSummary(r: Row): ProgrammeSummary {
  return {
    ref: r.ref as string,
    slug: r.slug as string,
    nameOriginal: r.name_original as string,
    nameNb: r.name_nb as string | null,
    nameEn: r.name_en as string,
    country: r.country_code as string,
    level: r.level as string | null,
    periodStart: r.period_start as number | null,
    periodEnd: r.period_end as number | null,
    initiativeCount: r.initiative_count as number,
    areaCount: r.area_count as number,
  };
}

/** Every programme, by country order, then start year and name. */
export function listProgrammes(sqlite: Database.Database): ProgrammeSummary[] {
  return all(
    sqlite,
    `${SUMMARY_SQL} LEFT JOIN countries c ON c.code = p.country_code WHERE ${published('p')}
     ORDER BY c.sort_order, p.period_start IS NULL, p.period_start, p.name_original`,
  ).map(toSummary);
}

function toProgramme(sqlite: Database.Database, r: Row): Programme {
  const id = r.id as number;
  return {
    ...toSummary(r),
    responsible: { nb: jsonList(r.responsible_nb), en: jsonList(r.responsible_en) },
    goals: textOf(r, 'goals'),
    budget: textOf(r, 'budget'),
    structure: textOf(r, 'structure'),
    population: textOf(r, 'population'),
    evaluations: { nb: jsonList(r.evaluations_nb), en: jsonList(r.evaluations_en) },
    keyFindings: textOf(r, 'key_findings'),
    note: textOf(r, 'note'),
    organisations: all(
      sqlite,
      `SELECT ${linkColumns('organisation', 'o')}, po.role, po.source_id FROM programme_organisations po
       JOIN organisations o ON o.id = po.organisation_id AND ${published('o')} WHERE po.programme_id = ? ORDER BY po.position`,
      id,
    ).map((row) => ({ ...linkOf(row)!, role: row.role as string, source: sourceById(sqlite, row.source_id) })),
    budgetLines: listFundingLines(sqlite, 'programme_id', id),
    areas: all(
      sqlite,
      `SELECT ${linkColumns('area', 'a')}, ap.period_start, ap.period_end FROM area_programmes ap JOIN areas a ON a.id = ap.area_id AND ${published('a')}
       WHERE ap.programme_id = ? ORDER BY a.name`,
      id,
    ).map((row) => ({ ...linkOf(row)!, periodStart: row.period_start as number | null, periodEnd: row.period_end as number | null })),
    initiatives: listInitiativesOfProgramme(sqlite, id),
    resources: listResourcesAboutProgramme(sqlite, id),
    sources: sourcesOf(sqlite, 'programme_sources', 'programme_id', id),
    ...qualityOf(r),
  };
}

/** The slugs of every published programme. */
export function listProgrammeSlugs(sqlite: Database.Database): string[] {
  return all<{ slug: string }>(sqlite, `SELECT p.slug FROM programmes p WHERE ${published('p')}`).map((r) => r.slug);
}

export function getProgrammeBySlug(sqlite: Database.Database, slug: string): Programme | null {
  const row = one(sqlite, `${SUMMARY_SQL} WHERE p.slug = ? AND ${published('p')}`, slug);
  return row ? toProgramme(sqlite, row) : null;
}

export function getProgrammeByRef(sqlite: Database.Database, ref: string): Programme | null {
  const id = idByRef(sqlite, 'programme', ref);
  const row = id === null ? null : one(sqlite, `${SUMMARY_SQL} WHERE p.id = ?`, id);
  return row ? toProgramme(sqlite, row) : null;
}
