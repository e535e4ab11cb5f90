// Full rebuilds, for `npm run reindex`.
//
// Meilisearch: every document goes into a fresh index (same settings), which is then
// swapped with the live one in a single task, so searches never see an empty or half
// index. The sync worker is paused meanwhile (meta.search_reindex), and the outbox
// entries the snapshot already covers are removed after the swap; later ones stay and
// the worker sends them to the new index.
//
// Embedded engine: rewrites search_documents and rebuilds the FTS5 index.
import type Database from 'better-sqlite3';
import { loadSearchDocuments } from './documents.ts';
import { advanceConsumer, applyToEmbeddedIndex, enqueueAll, latestEntry } from './change-feed.ts';
import { toMeiliDocument } from './meilisearch-documents.ts';
import type { MeilisearchSearchEngine } from './meilisearch-engine.ts';
import { MEILI_CONSUMER, setReindexFlag } from './outbox.ts';

export interface ReindexReport {
  documents: number;
  index: string;
  clearedOutboxEntries: number;
}

type Progress = (line: string) => void;

export async function rebuildMeilisearchIndex(
  sqlite: Database.Database,
  engine: MeilisearchSearchEngine,
  options: { batchSize?: number; progress?: Progress; now?: () => number } = {},
): Promise<ReindexReport> {
  const progress = options.progress ?? (() => {});
  const now = options.now ?? Date.now;
  const batchSize = options.batchSize ?? 500;
  const fresh = `${engine.index}_reindex_${now()}`;
  let created = false;
  setReindexFlag(sqlite, now());
  try {
    // One consistent snapshot: the documents and the last outbox entry they cover.
    const snapshot = sqlite
      .transaction(() => ({
        lastEntry: latestEntry(sqlite),
        docs: loadSearchDocuments(sqlite),
      }))
      .deferred();
    progress(`read ${snapshot.docs.length} initiatives from SQLite`);

    await engine.ensureIndex(fresh);
    created = true;
    progress(`created ${fresh} with the index settings`);
    for (let i = 0; i < snapshot.docs.length; i += batchSize) {
      const batch = snapshot.docs.slice(i, i + batchSize).map((d) => toMeiliDocument(d, engine.facets));
      await engine.upsertDocuments(batch, fresh);
      progress(`indexed ${Math.min(i + batchSize, snapshot.docs.length)}/${snapshot.docs.length}`);
    }
    const count = await engine.documentCount(fresh);
    if (count !== snapshot.docs.length) {
      throw new Error(`${fresh} holds ${count} documents, expected ${snapshot.docs.length}`);
    }

    // The live index must exist (with settings) for the swap.
    await engine.ensureIndex();
    await engine.swapWithLive(fresh);
    progress(`swapped ${fresh} in as ${engine.index}`);
    // `fresh` now holds the old documents.
    await engine.deleteIndex(fresh);
    created = false;
    const before = sqlite.prepare(`SELECT count(*) FROM search_outbox`).pluck().get() as number;
    advanceConsumer(sqlite, MEILI_CONSUMER, snapshot.lastEntry);
    const cleared = before - (sqlite.prepare(`SELECT count(*) FROM search_outbox`).pluck().get() as number);
    progress(`moved the sync cursor past the ${snapshot.lastEntry} feed entries the rebuild covered`);
    return { documents: snapshot.docs.length, index: engine.index, clearedOutboxEntries: cleared };
  } finally {
    setReindexFlag(sqlite, null);
    if (created) {
      await engine.deleteIndex(fresh).catch(() => progress(`could not delete ${fresh}; delete it by hand`));
    }
  }
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
