// Figures for the overview pages: how many initiatives have each measure type or theme,
// per country and per programme; and every programme's period, for the timeline.
import type Database from 'better-sqlite3';
import { all, published } from './records/shared.ts';

export type MixTerm = 'measure' | 'theme';

/** Count of initiatives per (group, term code); groups without any are left out. */
export interface TermMix {
  term: MixTerm;
  groups: { key: string; name: string }[];
  codes: string[];
  counts: Record<string, Record<string, number>>;
}

/** Measure types or themes per country (key: country code). */
export function getTermMixByCountry(sqlite: Database.Database, term: MixTerm): TermMix {
  const rows = all<{ g: string; code: string; n: number }>(
    sqlite,
    `SELECT i.country_code AS g, t.code, COUNT(DISTINCT i.id) AS n FROM initiatives i
     JOIN initiative_terms t ON t.initiative_id = i.id AND t.kind = ? WHERE ${published('i')} GROUP BY g, t.code`,
    term,
  );
  const groups = all<{ key: string; name: string }>(
    sqlite,
    `SELECT code AS key, name_nb AS name FROM countries WHERE code IN (SELECT DISTINCT i.country_code FROM initiatives i WHERE ${published('i')}) ORDER BY sort_order, code`,
  );
  return toMix(sqlite, term, groups, rows);
}

/** Measure types or themes per programme (key: programme slug; any role). */
export function getTermMixByProgramme(sqlite: Database.Database, term: MixTerm): TermMix {
  const rows = all<{ g: string; code: string; n: number }>(
    sqlite,
    `SELECT p.slug AS g, t.code, COUNT(DISTINCT ip.initiative_id) AS n FROM initiative_programmes ip
     JOIN programmes p ON p.id = ip.programme_id AND ${published('p')}
     JOIN initiatives i ON i.id = ip.initiative_id AND ${published('i')}
     JOIN initiative_terms t ON t.initiative_id = ip.initiative_id AND t.kind = ? GROUP BY g, t.code`,
    term,
  );
  const groups = all<{ key: string; name: string }>(
    sqlite,
    `SELECT p.slug AS key, p.name_original AS name FROM programmes p LEFT JOIN countries c ON c.code = p.country_code
     WHERE ${published('p')} AND p.id IN (SELECT ip.programme_id FROM initiative_programmes ip JOIN initiatives i ON i.id = ip.initiative_id AND ${published('i')})
     ORDER BY c.sort_order, p.period_start IS NULL, p.period_start, p.slug`,
  );
  return toMix(sqlite, term, groups, rows);
}

function toMix(sqlite: Database.Database, term: MixTerm, groups: TermMix['groups'], rows: { g: string; code: string; n: number }[]): TermMix {
  const codes = all<{ code: string }>(sqlite, `SELECT code FROM terms WHERE kind = ? ORDER BY sort_order, code`, term).map((r) => r.code);
  const counts: TermMix['counts'] = {};
  for (const r of rows) (counts[r.g] ??= {})[r.code] = r.n;
  return { term, groups: groups.filter((g) => counts[g.key]), codes: codes.filter((c) => rows.some((r) => r.code === c)), counts };
}

export interface TimelineProgramme {
  ref: string;
  slug: string;
  name: string;
  nameEn: string;
  country: string;
  periodStart: number | null;
  periodEnd: number | null;
}

/** Every programme with its period, by country then start year. */
export function listProgrammePeriods(sqlite: Database.Database): TimelineProgramme[] {
  return all<TimelineProgramme>(
    sqlite,
    `SELECT p.ref, p.slug, p.name_original AS name, p.name_en AS nameEn, p.country_code AS country,
            p.period_start AS periodStart, p.period_end AS periodEnd
     FROM programmes p LEFT JOIN countries c ON c.code = p.country_code
     WHERE ${published('p')}
     ORDER BY c.sort_order, p.country_code, p.period_start IS NULL, p.period_start, p.period_end, p.slug`,
  );
}
