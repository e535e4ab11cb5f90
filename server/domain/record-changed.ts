// When a record last changed (its updated_at), for citations: the year a reference gives.
import type Database from 'better-sqlite3';
import type { RecordKind } from '../../db/schema.ts';
import { TABLE_OF, one } from './records/shared.ts';

/** The record's last change as an ISO timestamp, or null when there is no such record. */
export function recordChangedAt(sqlite: Database.Database, kind: RecordKind, ref: string): string | null {
  return one<{ updated_at: string }>(sqlite, `SELECT updated_at FROM ${TABLE_OF[kind]} WHERE ref = ? COLLATE NOCASE`, ref)?.updated_at ?? null;
}
