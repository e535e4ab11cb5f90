// Filters of the API's record lists (programmes, areas, organisations): each value is
// checked against the catalogue, so a value that cannot match is a 400 naming it rather
// than an empty list. Filtering is on the summaries the lists already return, plus an
// area's programmes (one query).
import type Database from 'better-sqlite3';
import { BadRequestError } from '../../errors.ts';
import type { MessageRef } from '../../errors.ts';
import type { AreaSummary, OrganisationSummary, ProgrammeSummary } from '../../schemas/records.ts';
import { all, one, published } from './shared.ts';

/** The filters each list takes, and how a value is checked to exist. */
export const LIST_FILTERS = {
  programme: { country: `SELECT 1 FROM countries WHERE code = ?`, level: `SELECT 1 FROM terms WHERE kind = 'programme-level' AND code = ?` },
  area: {
    country: `SELECT 1 FROM countries WHERE code = ?`,
    programme: `SELECT 1 FROM programmes p WHERE p.slug = ? AND ${published('p')}`,
    areaType: `SELECT 1 FROM terms WHERE kind = 'area-type' AND code = ?`,
  },
  organisation: { country: `SELECT 1 FROM countries WHERE code = ?`, kind: `SELECT 1 FROM terms WHERE kind = 'organisation-kind' AND code = ?` },
} as const;
export type FilteredKind = keyof typeof LIST_FILTERS;
export type ListFilters = Record<string, string>;

/** Checks the query's filters of `kind`'s list; every unknown value is named in one 400. */
export function parseListFilters(sqlite: Database.Database, kind: FilteredKind, query: Record<string, unknown>): ListFilters {
  const errors: MessageRef[] = [];
  const filters: ListFilters = {};
  for (const [name, sql] of Object.entries(LIST_FILTERS[kind])) {
    const raw = query[name];
    if (raw === undefined) continue;
    if (Array.isArray(raw)) {
      errors.push({ key: 'validation.once', params: { param: name } });
      continue;
    }
    // Country codes are upper case (SE, GB-SCT); the rest lower.
    const v = name === 'country' ? String(raw).trim().toUpperCase() : String(raw).trim();
    if (v === '') continue;
    if (one(sqlite, sql, v)) filters[name] = v;
    else errors.push({ key: 'validation.unknownValue', params: { param: name, value: v } });
  }
  if (errors.length) throw new BadRequestError(errors);
  return filters;
}

export function filterProgrammes(list: ProgrammeSummary[], f: ListFilters): ProgrammeSummary[] {
  return list.filter((p) => (!f.country || p.country === f.country) && (!f.level || p.level === f.level));
}

export function filterOrganisations(list: OrganisationSummary[], f: ListFilters): OrganisationSummary[] {
  return list.filter((o) => (!f.country || o.country === f.country) && (!f.kind || o.kind === f.kind));
}

export function filterAreas(sqlite: Database.Database, list: AreaSummary[], f: ListFilters): AreaSummary[] {
  const inProgramme = f.programme
    ? new Set(
        all<{ slug: string }>(
          sqlite,
          `SELECT a.slug FROM area_programmes ap JOIN areas a ON a.id = ap.area_id JOIN programmes p ON p.id = ap.programme_id WHERE p.slug = ?`,
          f.programme,
        ).map((r) => r.slug),
      )
    : null;
  return list.filter(
    (a) => (!f.country || a.country === f.country) && (!f.areaType || a.areaType === f.areaType) && (!inProgramme || inProgramme.has(a.slug)),
  );
}
