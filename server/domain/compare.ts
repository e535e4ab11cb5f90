// A comparison: 2–4 initiatives named by ref or slug in the URL (`ids=I001,I005`, or the
// parameter repeated). Every problem with the list is named in one 400: too few, too many,
// the same initiative twice, ids that name no initiative.
import type Database from 'better-sqlite3';
import { BadRequestError, type MessageRef } from '../errors.ts';
import type { Initiative } from '../schemas/records.ts';
import { getInitiativeByRef, getInitiativeBySlug } from './records/initiatives.ts';
import { currentSlugOf } from './records/shared.ts';

export const MIN_COMPARE = 2;
export const MAX_COMPARE = 4;
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,159}$/;

/** The ids as given: comma-separated and/or repeated, blanks dropped, order kept. */
export function splitCompareIds(raw: unknown): string[] {
  const values = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return values
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function findInitiative(sqlite: Database.Database, id: string): Initiative | null {
  if (!ID_RE.test(id)) return null;
  const current = currentSlugOf(sqlite, 'initiative', id);
  return getInitiativeByRef(sqlite, id) ?? getInitiativeBySlug(sqlite, id) ?? (current ? getInitiativeBySlug(sqlite, current) : null);
}

/** The initiatives to compare, in the order given; a BadRequestError naming every problem. */
export function loadComparison(sqlite: Database.Database, raw: unknown): Initiative[] {
  const ids = splitCompareIds(raw);
  const problems: MessageRef[] = [];
  if (ids.length < MIN_COMPARE) problems.push({ key: 'compare.error.tooFew', params: { count: ids.length, min: MIN_COMPARE } });
  if (ids.length > MAX_COMPARE) problems.push({ key: 'compare.error.tooMany', params: { count: ids.length, max: MAX_COMPARE } });
  const found: Initiative[] = [];
  const seen = new Set<string>();
  for (const id of ids.slice(0, 20)) {
    const given = id.toLowerCase();
    const initiative = seen.has(given) ? undefined : findInitiative(sqlite, id);
    if (initiative === null) {
      problems.push({ key: 'compare.error.unknown', params: { id: id.slice(0, 60) } });
    } else if (initiative === undefined || found.some((f) => f.ref === initiative.ref)) {
      // The same id twice (reported once), or a ref and a slug of one initiative.
      if (initiative !== undefined || !problems.some((p) => p.params?.id === id.slice(0, 60))) {
        problems.push({ key: 'compare.error.duplicate', params: { id: id.slice(0, 60) } });
      }
    } else {
      found.push(initiative);
    }
    seen.add(given);
  }
  if (problems.length) throw new BadRequestError(problems);
  return found;
}
