// Full rebuilds, for `npm run reindex`.
//
// Meilisearch: a complete new index swapped in as the live one (meili/index-swap.ts): the
// settings go to the new index only, searches never see a half index, the drainer pauses
// while the rebuild holds its lease, and changes made meanwhile are replayed into the new
// index before and after the swap.
//
// Embedded engine: rewrites search_documents and the FTS5 indexes, the documents built in
// a worker thread while the FTS5 index takes them in.
import type Database from 'better-sqlite3';
import { applyAllToEmbeddedIndex } from './change-feed.ts';
import { countSearchable, searchDocumentRows } from './documents.ts';
import { startDocumentWorker, type DocumentWorker } from './document-thread.ts';
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

/** From this many initiatives, a full rebuild builds the documents in a worker thread. */
const DOCUMENT_THREAD_FROM = 5000;

export interface EmbeddedRebuildOptions {
  /**
   * Build the search documents in a worker thread while this one indexes them (both take
   * about as long at 100,000 initiatives, so the rebuild takes about the longer of the two).
   * Default: from DOCUMENT_THREAD_FROM initiatives; the worker's start-up is not worth it
   * below. Never for a database without a file of its own (in memory), which a worker
   * cannot open.
   */
  documentThread?: boolean;
  /** Initiatives per batch (default 2,000). */
  batchSize?: number;
  /** Told how far it has come, about every tenth of the initiatives. */
  progress?: (line: string) => void;
}

/**
 * SEARCH_ENGINE=sqlite: rewrites every search document and both FTS5 indexes in one
 * immediate transaction (searches in other processes see the old index until it commits;
 * if anything fails it rolls back and the old index stays). The connection must be this
 * operation's alone while it runs, as in `npm run reindex` and a restore: other statements
 * on it would land inside the transaction. Returns the number of initiatives indexed.
 */
export async function rebuildEmbeddedIndex(sqlite: Database.Database, options: EmbeddedRebuildOptions = {}): Promise<number> {
  if (sqlite.inTransaction) throw new Error('rebuildEmbeddedIndex runs its own transaction');
  sqlite.exec('BEGIN IMMEDIATE');
  let worker: DocumentWorker | null = null;
  try {
    const total = countSearchable(sqlite);
    const batchSize = options.batchSize ?? 2000;
    // A worker opens the same file; an in-memory or anonymous temporary database has none.
    const onFile = !sqlite.memory && sqlite.name !== '';
    const threaded = (options.documentThread ?? total >= DOCUMENT_THREAD_FROM) && onFile;
    // Started once the write lock is held (it reads the state this transaction starts
    // from), and before the record documents are written, which its start-up overlaps.
    worker = threaded ? startDocumentWorker(sqlite.name, batchSize) : null;
    const rows = worker ? worker.rows : searchDocumentRows(sqlite, batchSize);
    options.progress?.('rebuilding the index of areas, programmes, organisations, events and resources, then of the initiatives');
    const n = await applyAllToEmbeddedIndex(sqlite, reportingProgress(rows, total, options.progress));
    sqlite.exec('COMMIT');
    return n;
  } catch (err) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw err;
  } finally {
    await worker?.stop();
  }
}

/** Passes the batches on, telling `progress` after each tenth of `total` has been indexed. */
async function* reportingProgress<T extends unknown[]>(
  batches: AsyncIterable<T>,
  total: number,
  progress: ((line: string) => void) | undefined,
): AsyncGenerator<T> {
  let done = 0;
  let told = 0;
  for await (const batch of batches) {
    yield batch; // resumed once the batch is indexed
    done += batch.length;
    if (progress && (done - told >= total / 10 || done === total)) {
      told = done;
      progress(`${done.toLocaleString('en')} of ${total.toLocaleString('en')} initiatives indexed`);
    }
  }
}
