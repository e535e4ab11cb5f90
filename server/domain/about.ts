// What the about page states about the catalogue, read from the database only: the
// programmes (name, country, period, level, and how many areas and initiatives are
// recorded for each), the meaning of the confidence marks, the counts, and the date the
// dataset last changed.
import type Database from 'better-sqlite3';
import { listProgrammes } from './records/programmes.ts';
import { published } from './records/shared.ts';
import type { ProgrammeSummary } from '../schemas/records.ts';
import { loadVocabulary, type Label } from './labels.ts';

export type AboutProgramme = ProgrammeSummary;

export interface AboutFacts {
  programmes: AboutProgramme[];
  countries: { code: string; label: Label }[];
  levels: Map<string, Label>;
  confidence: { code: string; label: Label; definition: Label | null }[];
  counts: { initiatives: number; areas: number; programmes: number };
  /** YYYY-MM-DD of the newest change to any published record, or null for an empty catalogue. */
  lastChanged: string | null;
}

/** Tables whose rows carry updated_at (db/schema.ts `timestamps`). */
const RECORD_TABLES = ['initiatives', 'areas', 'programmes', 'organisations', 'events', 'resources'] as const;

export function getAboutFacts(sqlite: Database.Database): AboutFacts {
  const vocab = loadVocabulary(sqlite);
  const programmes = listProgrammes(sqlite);
  const count = (table: string) => sqlite.prepare(`SELECT count(*) FROM ${table} r WHERE ${published('r')}`).pluck().get() as number;
  const lastChanged = sqlite
    .prepare(`SELECT max(t) FROM (${RECORD_TABLES.map((table) => `SELECT max(r.updated_at) AS t FROM ${table} r WHERE ${published('r')}`).join(' UNION ALL ')})`)
    .pluck()
    .get() as string | null;
  return {
    programmes,
    countries: vocab.order.country.map((code) => ({ code, label: vocab.country.get(code)! })),
    levels: vocab['programme-level'],
    confidence: vocab.order.confidence.map((code) => ({
      code,
      label: vocab.confidence.get(code)!,
      definition: vocab.definitions.confidence.get(code) ?? null,
    })),
    counts: { initiatives: count('initiatives'), areas: count('areas'), programmes: count('programmes') },
    lastChanged: lastChanged ? lastChanged.slice(0, 10) : null,
  };
}
