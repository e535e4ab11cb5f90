// Areas: the list by country, and one area with its type, population (structured and as
// the source words it), programmes with periods, initiatives, resources about it, sources.
import type Database from 'better-sqlite3';
import type { Area, AreaSummary } from '../../schemas/records.ts';
import { listInitiativesOfArea } from './initiatives.ts';
import { listResourcesAboutArea } from './resources.ts';
import { all, idByRef, linkColumns, linkOf, one, published, qualityOf, sourceById, sourcesOf, textOf, type Row } from './shared.ts';

export type { Area, AreaSummary };

const SUMMARY_SQL = `
  SELECT a.*, (SELECT count(*) FROM initiative_areas ia JOIN initiatives i ON i.id = ia.initiative_id AND ${published('i')}
    WHERE ia.area_id = a.id) AS initiative_count
  FROM areas a`;

function toSummary(r: Row): AreaSummary {
  return {
    ref: r.ref as string,
    slug: r.slug as string,
    name: r.name as string,
    district: r.district as string | null,
    municipality: r.municipality as string | null,
    country: r.country_code as string,
    areaType: r.area_type as string | null,
    initiativeCount: r.initiative_count as number,
  };
}

/** Every area, by country order, then municipality and name. */
export function listAreas(sqlite: Database.Database): AreaSummary[] {
  return all(
    sqlite,
    `${SUMMARY_SQL} LEFT JOIN countries c ON c.code = a.country_code WHERE ${published('a')}
     ORDER BY c.sort_order, a.municipality IS NULL, a.municipality, a.name`,
  ).map(toSummary);
}

function toArea(sqlite: Database.Database, r: Row): Area {
  const id = r.id as number;
  const count = r.population_count as number | null;
  const latitude = r.latitude as number | null;
  const longitude = r.longitude as number | null;
  return {
    ...toSummary(r),
    population: textOf(r, 'population'),
    populationCount:
      count === null
        ? null
        : { count, year: r.population_year as number | null, source: sourceById(sqlite, r.population_source_id) },
    description: textOf(r, 'description'),
    coordinates:
      latitude === null || longitude === null
        ? null
        : { latitude, longitude, note: r.coordinates_note as string | null, source: sourceById(sqlite, r.coordinates_source_id) },
    programmes: all(
      sqlite,
      `SELECT ${linkColumns('programme', 'p')}, ap.period_start, ap.period_end FROM area_programmes ap
       JOIN programmes p ON p.id = ap.programme_id AND ${published('p')} WHERE ap.area_id = ? ORDER BY ap.period_start, p.name_original`,
      id,
    ).map((row) => ({ ...linkOf(row)!, periodStart: row.period_start as number | null, periodEnd: row.period_end as number | null })),
    initiatives: listInitiativesOfArea(sqlite, id),
    resources: listResourcesAboutArea(sqlite, id),
    sources: sourcesOf(sqlite, 'area_sources', 'area_id', id),
    ...qualityOf(r),
  };
}

export function getAreaBySlug(sqlite: Database.Database, slug: string): Area | null {
  const row = one(sqlite, `${SUMMARY_SQL} WHERE a.slug = ? AND ${published('a')}`, slug);
  return row ? toArea(sqlite, row) : null;
}

export function getAreaByRef(sqlite: Database.Database, ref: string): Area | null {
  const id = idByRef(sqlite, 'area', ref);
  const row = id === null ? null : one(sqlite, `${SUMMARY_SQL} WHERE a.id = ?`, id);
  return row ? toArea(sqlite, row) : null;
}
