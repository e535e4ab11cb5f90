// Full rebuilds, for `npm run reindex`.
//
// Meilisearch: a complete new index swapped in as the live one (meili/index-swap.ts): the
// settings go to the new index only, searches never see a half index, the drainer pauses
// while the rebuild holds its lease, and changes made meanwhile are replayed into the new
// index before and after the swap.
//
// Embedded engine: rewrites search_documents and rebuilds the FTS5 index.
import type Database from 'better-sqlite3';
import { applyToEmbeddedIndex, enqueueAll } from './change-feed.ts';
import type { MeilisearchSearchEngine } from './meilisearch-engine.ts';
import { rebuildAndSwap, type RebuildOptions, type RebuildReport } from './meili/index-swap.ts';

export type ReindexReport = RebuildReport;

export async function rebuildMeilisearchIndex(
  sqlite: Database.Database,
  engine: MeilisearchSearchEngine,
  options: RebuildOptions = {},
): Promise<ReindexReport> {
  const verdict = await engine.checkServerVersion();
  if (!verdict.ok) throw new Error(verdict.reason);
  if (verdict.warning) options.progress?.(verdict.warning);
  return rebuildAndSwap(sqlite, engine, options);
}

/**
 * SEARCH_ENGINE=sqlite: queue every search document on the change feed, apply it, then
 * rebuild both FTS5 indexes. Returns the number of initiatives indexed.
 */
export function rebuildEmbeddedIndex(sqlite: Database.Database): number {
  sqlite.transaction(() => enqueueAll(sqlite))();
  applyToEmbeddedIndex(sqlite);
  const n = sqlite.prepare(`SELECT count(*) FROM search_documents`).pluck().get() as number;
  sqlite.transaction(() => {
    sqlite.prepare(`INSERT INTO search_fts(search_fts) VALUES('rebuild')`).run();
    sqlite.prepare(`INSERT INTO record_fts(record_fts) VALUES('rebuild')`).run();
  })();
  return n;
}
