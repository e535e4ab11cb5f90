// The admin's list of one record kind: every state, newest change first.
import type Database from 'better-sqlite3';
import type { KindInfo, RecordState } from './kinds.ts';

export interface RecordListItem {
  ref: string;
  title: string;
  state: RecordState;
  updatedAt: string;
}

const TITLE: Record<string, string> = {
  initiatives: `coalesce(title_nb, title_en)`,
  areas: `name`,
  programmes: `coalesce(name_nb, name_original)`,
  organisations: `name`,
  events: `name_nb`,
  resources: `coalesce(title_nb, title_original)`,
};

export function listRecords(sqlite: Database.Database, info: KindInfo, state: RecordState | null): RecordListItem[] {
  const where = state ? `WHERE state = ?` : '';
  return (
    sqlite
      .prepare(`SELECT ref, ${TITLE[info.table]} AS title, state, updated_at AS updatedAt FROM ${info.table} ${where} ORDER BY updated_at DESC, ref`)
      .all(...(state ? [state] : [])) as RecordListItem[]
  );
}
