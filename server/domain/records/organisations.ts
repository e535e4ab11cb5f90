// Organisations: the list, and one organisation with its roles in initiatives,
// programmes and events, and the talks and reports by its people.
import type Database from 'better-sqlite3';
import type { Organisation, OrganisationSummary } from '../../schemas/records.ts';
import { listResourcesByOrganisation } from './resources.ts';
import { all, idByRef, linkColumns, linkOf, one, published, qualityOf, sourceById, textOf, type Row } from './shared.ts';

export type { Organisation, OrganisationSummary };

function toSummary(r: Row): OrganisationSummary {
  return {
    ref: r.ref as string,
    slug: r.slug as string,
    name: r.name as string,
    shortName: r.short_name as string | null,
    nameEn: r.name_en as string | null,
    kind: r.kind as string,
    country: r.country_code as string | null,
  };
}

/** Every organisation, by country order (none last), then name. */
export function listOrganisations(sqlite: Database.Database): OrganisationSummary[] {
  return all(
    sqlite,
    `SELECT o.* FROM organisations o LEFT JOIN countries c ON c.code = o.country_code WHERE ${published('o')}
     ORDER BY c.sort_order IS NULL, c.sort_order, o.name COLLATE NOCASE`,
  ).map(toSummary);
}

/** The last check of the website, if it was of the website the organisation has now. */
function websiteCheckOf(sqlite: Database.Database, id: number, website: string | null) {
  if (!website) return null;
  const row = one(
    sqlite,
    `SELECT link_status, last_checked FROM organisation_website_checks WHERE organisation_id = ? AND url = ?`,
    id,
    website,
  );
  return row ? { linkStatus: row.link_status as string, lastChecked: row.last_checked as string | null } : null;
}

function toOrganisation(sqlite: Database.Database, r: Row): Organisation {
  const id = r.id as number;
  const roles = (kind: 'initiative' | 'programme' | 'event', sql: string, ...params: unknown[]) =>
    all(sqlite, sql, ...params).map((row) => ({ ...linkOf(row)!, role: row.role as string }));
  return {
    ...toSummary(r),
    website: r.website as string | null,
    websiteCheck: websiteCheckOf(sqlite, id, r.website as string | null),
    description: textOf(r, 'description'),
    source: sourceById(sqlite, r.source_id),
    // A funder of a funding line counts as a funder of the initiative, named once.
    initiatives: roles(
      'initiative',
      `SELECT ${linkColumns('initiative', 'i')}, x.role FROM (
         SELECT initiative_id, role, position FROM initiative_organisations WHERE organisation_id = ?
         UNION SELECT initiative_id, 'funder', 1000 FROM funding_lines WHERE funder_id = ? AND initiative_id IS NOT NULL) x
       JOIN initiatives i ON i.id = x.initiative_id AND ${published('i')}
       GROUP BY i.id, x.role ORDER BY i.period_start IS NULL, i.period_start DESC, i.id, min(x.position)`,
      id,
      id,
    ),
    programmes: roles(
      'programme',
      `SELECT ${linkColumns('programme', 'p')}, x.role FROM (
         SELECT programme_id, role FROM programme_organisations WHERE organisation_id = ?
         UNION SELECT programme_id, 'funder' FROM funding_lines WHERE funder_id = ? AND programme_id IS NOT NULL) x
       JOIN programmes p ON p.id = x.programme_id AND ${published('p')} ORDER BY p.period_start, p.id, x.role`,
      id,
      id,
    ),
    events: roles(
      'event',
      `SELECT ${linkColumns('event', 'e')}, eo.role FROM event_organisations eo JOIN events e ON e.id = eo.event_id AND ${published('e')}
       WHERE eo.organisation_id = ? ORDER BY e.date DESC, e.id, eo.position`,
      id,
    ),
    resources: listResourcesByOrganisation(sqlite, id),
    ...qualityOf(r),
  };
}

export function getOrganisationBySlug(sqlite: Database.Database, slug: string): Organisation | null {
  const row = one(sqlite, `SELECT * FROM organisations o WHERE o.slug = ? AND ${published('o')}`, slug);
  return row ? toOrganisation(sqlite, row) : null;
}

export function getOrganisationByRef(sqlite: Database.Database, ref: string): Organisation | null {
  const id = idByRef(sqlite, 'organisation', ref);
  const row = id === null ? null : one(sqlite, `SELECT * FROM organisations WHERE id = ?`, id);
  return row ? toOrganisation(sqlite, row) : null;
}
