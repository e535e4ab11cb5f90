// Events: the list, and one event with its organisers by role, its talks, and what was
// looked for and not found.
import type Database from 'better-sqlite3';
import type { Event, EventSummary } from '../../schemas/records.ts';
import { listResourcesOfEvent } from './resources.ts';
import { all, idByRef, jsonList, linkColumns, linkOf, one, published, qualityOf, sourceById, textOf, type Row } from './shared.ts';

export type { Event, EventSummary };

const SUMMARY_SQL = `SELECT e.*, (SELECT count(*) FROM resources r WHERE r.event_id = e.id AND ${published('r')}) AS resource_count FROM events e`;

function toSummary(r: Row): EventSummary {
  return {
    ref: r.ref as string,
    slug: r.slug as string,
    name: { nb: r.name_nb as string, en: r.name_en as string },
    date: r.date as string | null,
    place: textOf(r, 'place'),
    resourceCount: r.resource_count as number,
  };
}

/** Every event, newest first (undated last). */
export function listEvents(sqlite: Database.Database): EventSummary[] {
  return all(sqlite, `${SUMMARY_SQL} WHERE ${published('e')} ORDER BY e.date IS NULL, e.date DESC, e.id`).map(toSummary);
}

function toEvent(sqlite: Database.Database, r: Row): Event {
  const id = r.id as number;
  return {
    ...toSummary(r),
    dateNote: textOf(r, 'date_note'),
    audience: textOf(r, 'audience'),
    description: textOf(r, 'description'),
    notFound: { nb: jsonList(r.not_found_nb), en: jsonList(r.not_found_en) },
    organisers: all(
      sqlite,
      `SELECT ${linkColumns('organisation', 'o')}, eo.role FROM event_organisations eo JOIN organisations o ON o.id = eo.organisation_id AND ${published('o')}
       WHERE eo.event_id = ? ORDER BY eo.position`,
      id,
    ).map((row) => ({ ...linkOf(row)!, role: row.role as string, source: null })),
    source: sourceById(sqlite, r.source_id),
    resources: listResourcesOfEvent(sqlite, id),
    ...qualityOf(r),
  };
}

export function getEventBySlug(sqlite: Database.Database, slug: string): Event | null {
  const row = one(sqlite, `${SUMMARY_SQL} WHERE e.slug = ? AND ${published('e')}`, slug);
  return row ? toEvent(sqlite, row) : null;
}

export function getEventByRef(sqlite: Database.Database, ref: string): Event | null {
  const id = idByRef(sqlite, 'event', ref);
  const row = id === null ? null : one(sqlite, `${SUMMARY_SQL} WHERE e.id = ?`, id);
  return row ? toEvent(sqlite, row) : null;
}
