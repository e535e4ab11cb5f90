// The name and address of records by id, for lists that point at them (search matches
// beside the initiative results). One query per kind for any number of ids.
import type Database from 'better-sqlite3';
import type { RecordDocumentKind } from '../search/record-documents.ts';
import type { Label } from './labels.ts';
import { prepared } from './records/shared.ts';

export interface RecordRef {
  kind: RecordDocumentKind;
  id: number;
  slug: string;
  name: Label;
}

/** The collection path of each kind (the record is at `${path}/${slug}`). */
export const RECORD_PATHS: Record<RecordDocumentKind, string> = {
  area: '/areas',
  programme: '/programmes',
  organisation: '/organisations',
  event: '/events',
  resource: '/resources',
};

const NAME_SQL: Record<RecordDocumentKind, string> = {
  area: `SELECT id, slug, name AS nb, name AS en FROM areas`,
  programme: `SELECT id, slug, coalesce(name_nb, name_original) AS nb, name_en AS en FROM programmes`,
  organisation: `SELECT id, slug, name AS nb, coalesce(name_en, name) AS en FROM organisations`,
  event: `SELECT id, slug, name_nb AS nb, name_en AS en FROM events`,
  resource: `SELECT id, slug, coalesce(title_nb, title_original) AS nb, coalesce(title_en, title_original) AS en FROM resources`,
};

/** Refs of the given records of one kind, in the order of `ids` (missing and unpublished ones left out). */
export function loadRecordRefs(sqlite: Database.Database, kind: RecordDocumentKind, ids: number[]): RecordRef[] {
  if (ids.length === 0) return [];
  const sql = `${NAME_SQL[kind]} WHERE state = 'published' AND id IN (SELECT value FROM json_each(?))`;
  const rows = prepared(sqlite, sql).all(JSON.stringify(ids)) as { id: number; slug: string; nb: string; en: string }[];
  const byId = new Map(rows.map((r) => [r.id, { kind, id: r.id, slug: r.slug, name: { nb: r.nb, en: r.en } }]));
  return ids.map((id) => byId.get(id)).filter((r): r is RecordRef => r !== undefined);
}
