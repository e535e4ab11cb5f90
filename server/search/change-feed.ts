// The one way search learns about changes. Triggers on every table a search document
// reads (migrations/0004_change_feed.sql) write (kind, record_id) rows to search_outbox
// in the transaction that made the change. Each engine consumes the feed from its own
// cursor in search_consumers:
//   - the embedded index (applyToEmbeddedIndex below) before it answers a search, so a
//     change is in the next search of every process;
//   - the Meilisearch worker (outbox.ts) in batches, retrying with back-off.
// Rows every consumer has passed are deleted, so the feed does not grow without a reader.
// Nothing else writes search documents (a full rebuild, reindex.ts, applies the whole feed
// at once through applyAllToEmbeddedIndex).
import type Database from 'better-sqlite3';
import type { RecordKind } from '../../db/schema.ts';
import { refreshSearchDocuments, rewriteAllSearchDocuments, type SearchDocumentRow } from './documents.ts';
import { RECORD_DOCUMENT_KINDS, writeRecordDocuments, type RecordDocumentKind } from './record-documents.ts';
import { isDatabaseBusy, noteStorageError } from '../domain/storage.ts';
import { checkpointWal, openDatabase } from '../../db/client.ts';

/** After applying more entries than this, the WAL is checkpointed (if it grew big). */
const BIG_BATCH = 5000;
/** A feed of more entries than this is applied through a connection of its own (applyToEmbeddedIndex). */
export const SIDE_CONNECTION_FROM = 500;

export const EMBEDDED_CONSUMER = 'embedded';
/** A consumer not heard from for this long no longer holds back pruning; it must reindex. */
export const CONSUMER_STALE_MS = 7 * 24 * 60 * 60 * 1000;
/** Above this many changed documents, rebuilding a whole kind is cheaper than one by one. */
const REBUILD_SHARE = 0.25;

export interface FeedBatch {
  /** The highest entry id read; the cursor moves here once the batch is applied. */
  lastId: number;
  /** Record ids per kind (each at most once). */
  changed: Map<RecordKind, number[]>;
  entries: number;
}

/**
 * The id of the newest entry ever written, also when pruning has emptied the feed (ids
 * are AUTOINCREMENT, so sqlite_sequence keeps the last one): a consumer registered here
 * has seen everything before, and the next entry is exactly one past it.
 */
export function latestEntry(sqlite: Database.Database): number {
  return (
    (sqlite
      .prepare(
        `SELECT max(coalesce((SELECT max(id) FROM search_outbox), 0),
                    coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'search_outbox'), 0))`,
      )
      .pluck()
      .get() as number) ?? 0
  );
}

export function consumerCursor(sqlite: Database.Database, consumer: string): number | null {
  return (sqlite.prepare(`SELECT cursor FROM search_consumers WHERE name = ?`).pluck().get(consumer) as number | undefined) ?? null;
}

/** Registers a consumer (at `from`, default the start of the feed) if it is not known yet. */
export function registerConsumer(sqlite: Database.Database, consumer: string, from = 0): void {
  sqlite.prepare(`INSERT OR IGNORE INTO search_consumers (name, cursor) VALUES (?, ?)`).run(consumer, from);
}

/**
 * Removes a consumer, so it no longer holds back pruning. For an engine this process does
 * not run (Meilisearch after a switch back to SEARCH_ENGINE=sqlite): if it comes back, it
 * joins anew with a full send (OutboxWorker.start), so nothing is lost.
 */
export function dropConsumer(sqlite: Database.Database, consumer: string): boolean {
  const dropped = sqlite.prepare(`DELETE FROM search_consumers WHERE name = ?`).run(consumer).changes > 0;
  if (dropped) pruneFeed(sqlite);
  return dropped;
}

/** Entries a consumer has not applied yet. */
export function pendingFor(sqlite: Database.Database, consumer: string): number {
  const cursor = consumerCursor(sqlite, consumer) ?? 0;
  return sqlite.prepare(`SELECT count(*) FROM search_outbox WHERE id > ?`).pluck().get(cursor) as number;
}

/** Reads up to `limit` entries after the consumer's cursor (all when limit is omitted). */
export function readFeed(sqlite: Database.Database, consumer: string, limit?: number): FeedBatch {
  const cursor = consumerCursor(sqlite, consumer) ?? 0;
  const rows = sqlite
    .prepare(`SELECT id, kind, record_id FROM search_outbox WHERE id > ? ORDER BY id${limit ? ' LIMIT ?' : ''}`)
    .raw()
    .all(...(limit ? [cursor, limit] : [cursor])) as [number, RecordKind, number][];
  const changed = new Map<RecordKind, Set<number>>();
  let lastId = cursor;
  for (const [id, kind, recordId] of rows) {
    lastId = id;
    if (!changed.has(kind)) changed.set(kind, new Set());
    changed.get(kind)!.add(recordId);
  }
  return { lastId, entries: rows.length, changed: new Map([...changed].map(([k, v]) => [k, [...v]])) };
}

/** Moves a consumer's cursor (never backwards), records its last error, and prunes. */
export function advanceConsumer(sqlite: Database.Database, consumer: string, lastId: number, error: string | null = null): void {
  sqlite
    .prepare(
      `INSERT INTO search_consumers (name, cursor, last_error) VALUES (@consumer, @lastId, @error)
       ON CONFLICT (name) DO UPDATE SET cursor = max(cursor, excluded.cursor), last_error = excluded.last_error,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
    )
    .run({ consumer, lastId, error });
  pruneFeed(sqlite);
}

/** Deletes the entries every live consumer has passed. */
export function pruneFeed(sqlite: Database.Database, now = Date.now()): number {
  const since = new Date(now - CONSUMER_STALE_MS).toISOString();
  const floor = sqlite
    .prepare(`SELECT min(cursor) FROM search_consumers WHERE updated_at >= ? OR name = ?`)
    .pluck()
    .get(since, EMBEDDED_CONSUMER) as number | null;
  if (floor === null) return 0;
  return sqlite.prepare(`DELETE FROM search_outbox WHERE id <= ?`).run(floor).changes;
}

/** Queues every document of every kind (a new document format, an empty index). */
export function enqueueAll(sqlite: Database.Database, kinds: RecordKind[] = ['initiative', ...RECORD_DOCUMENT_KINDS]): number {
  const table: Record<RecordKind, string> = {
    initiative: 'initiatives',
    area: 'areas',
    programme: 'programmes',
    organisation: 'organisations',
    event: 'events',
    resource: 'resources',
  };
  let n = 0;
  for (const kind of kinds) {
    n += sqlite.prepare(`INSERT INTO search_outbox (kind, record_id) SELECT ?, id FROM ${table[kind]}`).run(kind).changes;
  }
  return n;
}

function countOf(sqlite: Database.Database, table: string): number {
  return sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

/**
 * Brings the embedded index (search_documents, record_documents and their FTS5 tables)
 * up to the end of the feed, in one immediate transaction, so two processes never apply
 * the same entries twice. When initiatives changed, meta.catalogue moves too: the engine's
 * in-memory facet table rebuilds on it. Returns the number of entries applied.
 */
export function applyToEmbeddedIndex(sqlite: Database.Database): number {
  if (embeddedUpToDate(sqlite)) return 0;
  if (!bigFeedPending(sqlite) || sqlite.inTransaction || sqlite.memory || sqlite.name === '') return applyFeed(sqlite);
  // A big feed (a reset, an import, every document after an upgrade) is applied through a
  // connection of its own, closed afterwards. FTS5 keeps the table of pending terms it grew
  // for a big write with the connection that wrote, and walks every slot of it on each
  // later prefix query there (fts5HashEntrySort): after rewriting 100,000 documents, some
  // 0.1 ms more per word of every search, and per exactness probe, for the life of the
  // connection. The caller's connection keeps its small table; its busy timeout is used.
  const side = openDatabase(sqlite.name, { readonly: sqlite.readonly });
  try {
    side.sqlite.pragma(`busy_timeout = ${sqlite.pragma('busy_timeout', { simple: true }) as number}`);
    return applyFeed(side.sqlite);
  } finally {
    side.close();
  }
}

/** Whether more than SIDE_CONNECTION_FROM entries wait for the embedded index. */
function bigFeedPending(sqlite: Database.Database): boolean {
  const cursor = consumerCursor(sqlite, EMBEDDED_CONSUMER) ?? 0;
  const waiting = sqlite
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM search_outbox WHERE id > ? LIMIT ?)`)
    .pluck()
    .get(cursor, SIDE_CONNECTION_FROM + 1) as number;
  return waiting > SIDE_CONNECTION_FROM;
}

function applyFeed(sqlite: Database.Database): number {
  const apply = sqlite.transaction((): number => {
    registerConsumer(sqlite, EMBEDDED_CONSUMER);
    const batch = readFeed(sqlite, EMBEDDED_CONSUMER);
    if (batch.entries === 0) return 0;
    const initiatives = batch.changed.get('initiative');
    if (initiatives) {
      const whole = initiatives.length > REBUILD_SHARE * countOf(sqlite, 'initiatives');
      refreshSearchDocuments(sqlite, whole ? undefined : initiatives);
      noteCatalogueChanged(sqlite);
    }
    for (const kind of RECORD_DOCUMENT_KINDS) {
      const ids = batch.changed.get(kind as RecordDocumentKind);
      if (ids) writeRecordDocuments(sqlite, kind, ids);
    }
    advanceConsumer(sqlite, EMBEDDED_CONSUMER, batch.lastId);
    return batch.entries;
  });
  return apply.immediate();
}

/**
 * The whole feed applied by rewriting the whole embedded index, for a full rebuild
 * (reindex.ts, inside its transaction): every record document and their FTS5 index, then
 * every initiative's document from `rows` (every published initiative in id order;
 * rewriteAllSearchDocuments indexes each batch as it arrives), and the consumer moved to
 * the end of the feed. Returns the number of initiative documents.
 */
export async function applyAllToEmbeddedIndex(sqlite: Database.Database, rows: AsyncIterable<SearchDocumentRow[]>): Promise<number> {
  registerConsumer(sqlite, EMBEDDED_CONSUMER);
  const end = latestEntry(sqlite);
  // The record documents and their index first: meanwhile a worker building `rows` starts.
  for (const kind of RECORD_DOCUMENT_KINDS) writeRecordDocuments(sqlite, kind);
  sqlite.prepare(`INSERT INTO record_fts(record_fts) VALUES('rebuild')`).run();
  const written = await rewriteAllSearchDocuments(sqlite, rows);
  noteCatalogueChanged(sqlite);
  advanceConsumer(sqlite, EMBEDDED_CONSUMER, end);
  return written;
}

/** Moves meta.catalogue: the engine's in-memory facet table rebuilds on it. */
function noteCatalogueChanged(sqlite: Database.Database): void {
  sqlite.prepare(`INSERT INTO meta (key, value) VALUES ('catalogue', 1) ON CONFLICT (key) DO UPDATE SET value = value + 1`).run();
}

/**
 * Whether the embedded index has applied every entry of the feed (and is registered as
 * its consumer): the check every search and every kept answer makes first, in one
 * statement prepared once per connection (preparing it on every search cost more than
 * running it).
 */
function embeddedUpToDate(sqlite: Database.Database): boolean {
  let stmt = upToDateStatements.get(sqlite);
  if (!stmt) {
    stmt = sqlite
      .prepare(
        `SELECT c.cursor IS NOT NULL AND NOT EXISTS (SELECT 1 FROM search_outbox WHERE id > c.cursor)
         FROM (SELECT (SELECT cursor FROM search_consumers WHERE name = ?) AS cursor) c`,
      )
      .pluck();
    upToDateStatements.set(sqlite, stmt);
  }
  return stmt.get(EMBEDDED_CONSUMER) === 1;
}
const upToDateStatements = new WeakMap<Database.Database, Database.Statement>();

/**
 * How long a search waits for another process's write lock before answering from the
 * index as it is, and how long it then leaves the lock alone. A full rebuild holds the lock
 * for its whole run (half a minute at 100,000 initiatives): with the connection's own busy
 * timeout (10 s) every search arriving meanwhile with a change pending would stall that
 * long, and the wait blocks the event loop (SQLite sleeps in the busy handler), so every
 * other request with it. An edit holds the lock for milliseconds.
 */
export const SEARCH_LOCK_WAIT_MS = 50;
export const SEARCH_LOCK_RETRY_MS = 1_000;
const lockBusyUntil = new WeakMap<Database.Database, number>();

/**
 * applyToEmbeddedIndex for the search path: when the database cannot be written (read-only,
 * disk full), searches go on over the index as it is, and the failure is noted for
 * /health, instead of every search failing; likewise, unnoted, while another process holds
 * the write lock (a full rebuild): a search waits SEARCH_LOCK_WAIT_MS for it at most, and
 * the searches in the next SEARCH_LOCK_RETRY_MS do not wait at all; the first search after
 * that applies what is pending. Other errors still throw.
 */
export function applyToEmbeddedIndexIfWritable(sqlite: Database.Database): number {
  if (embeddedUpToDate(sqlite)) return 0;
  const busyUntil = lockBusyUntil.get(sqlite);
  if (busyUntil !== undefined && Date.now() < busyUntil) return 0;
  try {
    const applied = withBusyTimeout(sqlite, SEARCH_LOCK_WAIT_MS, () => applyToEmbeddedIndex(sqlite));
    lockBusyUntil.delete(sqlite);
    // A big batch (a reset, an import) made the WAL big: give the space back.
    if (applied > BIG_BATCH) checkpointWal(sqlite);
    return applied;
  } catch (err) {
    if (noteStorageError(sqlite, err)) return 0;
    if (isDatabaseBusy(err)) {
      lockBusyUntil.set(sqlite, Date.now() + SEARCH_LOCK_RETRY_MS);
      return 0;
    }
    throw err;
  }
}

/** Runs `fn` with the connection's busy timeout at most `ms`, then puts the timeout back. */
function withBusyTimeout<T>(sqlite: Database.Database, ms: number, fn: () => T): T {
  const wait = sqlite.pragma('busy_timeout', { simple: true }) as number;
  if (wait <= ms) return fn();
  sqlite.pragma(`busy_timeout = ${ms}`);
  try {
    return fn();
  } finally {
    sqlite.pragma(`busy_timeout = ${wait}`);
  }
}
