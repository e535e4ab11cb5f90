// The published initiatives in the format the importer reads (a JSON list of initiative
// inputs, each with the sources it cites as `newSources`), so an export can be imported
// again: into the same catalogue it changes nothing.
import type Database from 'better-sqlite3';
import { readRecordInput } from './read-input.ts';
import { valueAt } from './kinds.ts';

const SOURCE_PATHS = ['sourceUrls', 'lessonsSourceUrl', 'continuation.sourceUrl'];
const ROW_SOURCE_LISTS = ['participation', 'anchoring', 'organisations', 'funding'];

export function exportInitiatives(sqlite: Database.Database): Record<string, unknown>[] {
  const refs = sqlite.prepare(`SELECT ref FROM initiatives WHERE state = 'published' ORDER BY ref`).pluck().all() as string[];
  const source = sqlite.prepare(`SELECT url, title, publisher, year FROM sources WHERE url = ?`);
  return refs.map((ref) => {
    const input = readRecordInput(sqlite, 'initiative', ref)!.input as Record<string, unknown>;
    const urls = new Set<string>();
    for (const p of SOURCE_PATHS) {
      const v = valueAt(input, p);
      for (const u of Array.isArray(v) ? v : [v]) if (typeof u === 'string') urls.add(u);
    }
    for (const list of ROW_SOURCE_LISTS) {
      for (const row of (input[list] as { sourceUrl?: string | null }[]) ?? []) if (row.sourceUrl) urls.add(row.sourceUrl);
    }
    const newSources = [...urls].map((u) => source.get(u)).filter(Boolean);
    return { ...input, newSources };
  });
}
