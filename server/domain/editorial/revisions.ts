// Every editorial change writes a revision: who, when, which fields changed, and the
// record's input before and after. Records loaded by the seed or an import before any
// edit are at revision 0.
import type Database from 'better-sqlite3';
import type { RecordKind } from '../../../db/schema.ts';
import type { RecordState } from './kinds.ts';

export type RevisionAction = 'create' | 'edit' | 'state' | 'restore' | 'import';

export interface Revision {
  id: number;
  number: number;
  userEmail: string | null;
  action: RevisionAction;
  state: RecordState;
  fields: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  note: string | null;
  createdAt: string;
}

export function currentRevision(sqlite: Database.Database, kind: RecordKind, ref: string): number {
  return (sqlite.prepare(`SELECT coalesce(max(number), 0) FROM revisions WHERE kind = ? AND ref = ?`).pluck().get(kind, ref) as number) ?? 0;
}

/** Top-level fields whose values differ. */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after[k] ?? null));
}

export function writeRevision(
  sqlite: Database.Database,
  r: { kind: RecordKind; ref: string; userId: number | null; action: RevisionAction; state: RecordState; before: Record<string, unknown> | null; after: Record<string, unknown>; note?: string | null },
): number {
  const number = currentRevision(sqlite, r.kind, r.ref) + 1;
  sqlite
    .prepare(
      `INSERT INTO revisions (kind, ref, number, user_id, action, state, fields, before, after, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(r.kind, r.ref, number, r.userId, r.action, r.state, JSON.stringify(changedFields(r.before, r.after)), r.before ? JSON.stringify(r.before) : null, JSON.stringify(r.after), r.note ?? null);
  return number;
}

interface RevisionRow {
  id: number;
  number: number;
  email: string | null;
  action: RevisionAction;
  state: RecordState;
  fields: string;
  before: string | null;
  after: string;
  note: string | null;
  created_at: string;
}

const toRevision = (r: RevisionRow): Revision => ({
  id: r.id,
  number: r.number,
  userEmail: r.email,
  action: r.action,
  state: r.state,
  fields: JSON.parse(r.fields),
  before: r.before ? JSON.parse(r.before) : null,
  after: JSON.parse(r.after),
  note: r.note,
  createdAt: r.created_at,
});

/** A record's revisions, newest first. */
export function listRevisions(sqlite: Database.Database, kind: RecordKind, ref: string): Revision[] {
  return (
    sqlite
      .prepare(`SELECT r.*, u.email FROM revisions r LEFT JOIN users u ON u.id = r.user_id WHERE r.kind = ? AND r.ref = ? ORDER BY r.number DESC`)
      .all(kind, ref) as RevisionRow[]
  ).map(toRevision);
}

export function getRevision(sqlite: Database.Database, kind: RecordKind, ref: string, number: number): Revision | null {
  const row = sqlite
    .prepare(`SELECT r.*, u.email FROM revisions r LEFT JOIN users u ON u.id = r.user_id WHERE r.kind = ? AND r.ref = ? AND r.number = ?`)
    .get(kind, ref, number) as RevisionRow | undefined;
  return row ? toRevision(row) : null;
}

export interface FieldDiff {
  field: string;
  before: string;
  after: string;
}

/** A readable diff of the fields that changed: each side as indented JSON. */
export function diffRevision(rev: Pick<Revision, 'before' | 'after' | 'fields'>): FieldDiff[] {
  const show = (v: unknown) => (v === undefined || v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  return rev.fields.map((field) => ({ field, before: show(rev.before?.[field]), after: show(rev.after[field]) }));
}
