// Filling Meilisearch without ever answering from a half-filled index.
//
// A complete index is built under a new name (`<index>_reindex_<time>`, with the settings)
// and swapped in, in one task, only once it holds every document. Used by `npm run
// reindex` and by the sync worker on first start, after a document-format or settings
// change, and when the live index went missing. Until the live index holds the current
// format (meta, see liveIndexIsCurrent), searches are answered by the embedded engine,
// which is complete and current; after a swap Meilisearch answers again.
//
// Nothing written meanwhile is lost. The rebuild holds the `meili-rebuild` lease
// (renewed while it works), which pauses the drainer. It also joins the change feed as
// its own consumer at the snapshot it read, so the feed keeps every later entry, and it
// replays those entries into the new index twice: before the swap (so the new index is
// current when it goes live) and after it (for what changed during the swap). Only then
// does the drainer's cursor move, to where the replay ended. Each send carries the
// initiative's state at send time, so a replayed entry is harmless.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { countSearchable, loadSearchDocuments, readSearchDocumentBatch } from '../documents.ts';
import { advanceConsumer, consumerCursor, latestEntry, readFeed, registerConsumer } from '../change-feed.ts';
import type { FacetRegistry } from '../facets.ts';
import { MEILI_DOCUMENT_VERSION, meiliSettings, toMeiliDocument, type MeiliDocument } from '../meilisearch-documents.ts';
import { REBUILD_LEASE, leaseHolder, newLeaseOwner, withLease, type LeaseHolder } from './lease.ts';

/** The Meilisearch change-feed consumer (the drainer in outbox.ts). */
export const MEILI_CONSUMER = 'meilisearch';
/** The rebuild's own place in the feed while it runs; removed afterwards. */
export const REBUILD_CONSUMER = 'meilisearch-rebuild';
/** How long a rebuild's lease lasts without renewal (it renews every third of this). */
export const REBUILD_LEASE_TTL_MS = 60_000;

const DOCUMENTS_KEY = 'meili_documents';
const SETTINGS_KEY = 'meili_settings';

export interface SwapEngine {
  readonly index: string;
  readonly facets: FacetRegistry;
  ensureIndex(uid?: string): Promise<{ created: boolean }>;
  createIndexIfMissing(uid?: string): Promise<boolean>;
  upsertDocuments(docs: MeiliDocument[], uid?: string): Promise<void>;
  deleteDocuments(ids: number[], uid?: string): Promise<void>;
  documentCount(uid?: string): Promise<number>;
  swapWithLive(other: string): Promise<void>;
  deleteIndex(uid: string): Promise<void>;
}

export interface IndexState {
  documents: number;
  settings: number;
}

/** A whole number that changes whenever the settings sent to Meilisearch change (synonyms from the glossary included). */
export function settingsFingerprint(facets: FacetRegistry): number {
  let fingerprint = fingerprints.get(facets);
  if (fingerprint === undefined) {
    const digest = crypto.createHash('sha256').update(JSON.stringify(meiliSettings(facets))).digest();
    fingerprint = digest.readUInt32BE(0) & 0x7fffffff;
    fingerprints.set(facets, fingerprint);
  }
  return fingerprint;
}
const fingerprints = new WeakMap<FacetRegistry, number>();

/** The format the live index must hold: our document version with the FTS columns' version, and the settings. */
export function expectedIndexState(sqlite: Database.Database, facets: FacetRegistry): IndexState {
  const fts = (sqlite.prepare(`SELECT value FROM meta WHERE key = 'search_documents'`).pluck().get() as number | undefined) ?? 0;
  return { documents: MEILI_DOCUMENT_VERSION * 1000 + fts, settings: settingsFingerprint(facets) };
}

function readMeta(sqlite: Database.Database, key: string): number | undefined {
  return sqlite.prepare(`SELECT value FROM meta WHERE key = ?`).pluck().get(key) as number | undefined;
}

/** Whether the live index was filled completely in the current format (then Meilisearch may answer). */
export function liveIndexIsCurrent(sqlite: Database.Database, facets: FacetRegistry): boolean {
  const expected = expectedIndexState(sqlite, facets);
  return readMeta(sqlite, DOCUMENTS_KEY) === expected.documents && readMeta(sqlite, SETTINGS_KEY) === expected.settings;
}

export function markLiveIndex(sqlite: Database.Database, state: IndexState | null): void {
  sqlite.transaction(() => {
    if (state === null) {
      sqlite.prepare(`DELETE FROM meta WHERE key IN (?, ?)`).run(DOCUMENTS_KEY, SETTINGS_KEY);
      return;
    }
    const set = sqlite.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    set.run(DOCUMENTS_KEY, state.documents);
    set.run(SETTINGS_KEY, state.settings);
  })();
}

/** Someone else is rebuilding the index. */
export class RebuildBusyError extends Error {
  override name = 'RebuildBusyError';
  constructor(readonly holder: LeaseHolder | null) {
    super(`another rebuild of the Meilisearch index is running (${holder?.owner ?? 'unknown'}, lease until ${holder ? new Date(holder.expiresAt).toISOString() : '?'})`);
  }
}

/** Whether a rebuild (other than `self`) holds the lease: the drainer then pauses. */
export function rebuildRunning(sqlite: Database.Database, self?: string, now = Date.now()): boolean {
  const holder = leaseHolder(sqlite, REBUILD_LEASE, now);
  return holder !== null && holder.owner !== self;
}

export interface RebuildReport {
  documents: number;
  index: string;
  /** Feed entries written after the snapshot and replayed into the new index. */
  replayed: number;
  clearedOutboxEntries: number;
}

export interface RebuildOptions {
  batchSize?: number;
  progress?: (line: string) => void;
  now?: () => number;
  owner?: string;
  leaseTtlMs?: number;
  /** Called after each batch (tests use it to write while the rebuild runs). */
  afterBatch?: (done: number, total: number) => void | Promise<void>;
}

/** Builds a complete new index from SQLite and swaps it in as the live one. */
export async function rebuildAndSwap(sqlite: Database.Database, engine: SwapEngine, options: RebuildOptions = {}): Promise<RebuildReport> {
  const progress = options.progress ?? (() => {});
  const now = options.now ?? Date.now;
  const owner = options.owner ?? newLeaseOwner('rebuild');
  const ttl = options.leaseTtlMs ?? REBUILD_LEASE_TTL_MS;
  return withLease(
    sqlite,
    REBUILD_LEASE,
    owner,
    ttl,
    async (renew) => {
      const keep = () => {
        if (!renew()) throw new Error('the rebuild lost its lease (stalled longer than its TTL); nothing was swapped');
      };
      const batchSize = options.batchSize ?? 500;
      const fresh = `${engine.index}_reindex_${now()}`;
      let created = false;
      try {
        // The rebuild's place in the feed. Every change after it is replayed into the new
        // index below, so the documents are read batch by batch while the catalogue goes on
        // changing (a batch read after a change already has it; the replay sends it again,
        // and upserts and deletes are idempotent): the whole catalogue is never held at once.
        const snapshot = sqlite
          .transaction(() => {
            sqlite.prepare(`DELETE FROM search_consumers WHERE name = ?`).run(REBUILD_CONSUMER);
            const lastEntry = latestEntry(sqlite);
            registerConsumer(sqlite, REBUILD_CONSUMER, lastEntry);
            return { lastEntry, state: expectedIndexState(sqlite, engine.facets), total: countSearchable(sqlite) };
          })
          .immediate();
        progress(`${snapshot.total} initiatives to index from SQLite`);

        await engine.ensureIndex(fresh);
        created = true;
        progress(`created ${fresh} with the index settings`);
        for (let done = 0, after = 0; ; ) {
          const docs = readSearchDocumentBatch(sqlite, after, batchSize);
          if (docs.length === 0) break;
          await engine.upsertDocuments(
            docs.map((d) => toMeiliDocument(d, engine.facets)),
            fresh,
          );
          keep();
          done += docs.length;
          after = docs[docs.length - 1].id;
          progress(`indexed ${done}/${snapshot.total}`);
          await options.afterBatch?.(done, snapshot.total);
        }
        const count = await checkComplete(sqlite, engine, fresh);
        let replayed = count.replayed;
        keep();

        // The live index must exist for the swap; the swap brings the new settings along.
        await engine.createIndexIfMissing(engine.index);
        await engine.swapWithLive(fresh);
        progress(`swapped ${fresh} in as ${engine.index}`);
        replayed += await replayFeed(sqlite, engine, engine.index);
        if (replayed > 0) progress(`replayed ${replayed} changes made during the rebuild`);
        const before = sqlite.prepare(`SELECT count(*) FROM search_outbox`).pluck().get() as number;
        sqlite
          .transaction(() => {
            markLiveIndex(sqlite, snapshot.state);
            advanceConsumer(sqlite, MEILI_CONSUMER, consumerCursor(sqlite, REBUILD_CONSUMER) ?? snapshot.lastEntry);
            sqlite.prepare(`DELETE FROM search_consumers WHERE name = ?`).run(REBUILD_CONSUMER);
          })
          .immediate();
        const cleared = before - (sqlite.prepare(`SELECT count(*) FROM search_outbox`).pluck().get() as number);
        progress(`moved the sync cursor past the feed entries the rebuild covered`);
        // `fresh` now names the old index.
        await engine.deleteIndex(fresh);
        created = false;
        return { documents: count.documents, index: engine.index, replayed, clearedOutboxEntries: cleared };
      } finally {
        sqlite.prepare(`DELETE FROM search_consumers WHERE name = ?`).run(REBUILD_CONSUMER);
        if (created) {
          await engine.deleteIndex(fresh).catch(() => progress(`could not delete ${fresh}; delete it by hand`));
        }
      }
    },
    { now, busy: (holder) => new RebuildBusyError(holder) },
  );
}

/**
 * Replays the feed into `uid` and checks that it holds one document per initiative, as
 * of the feed position the replay reached (a write during the count is left to the
 * second replay; if writes keep coming, the count is not checked rather than guessed).
 */
async function checkComplete(sqlite: Database.Database, engine: SwapEngine, uid: string): Promise<{ documents: number; replayed: number }> {
  let replayed = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    replayed += await replayFeed(sqlite, engine, uid);
    const { expected, caughtUp } = sqlite
      .transaction(() => ({
        expected: sqlite.prepare(`SELECT count(*) FROM initiatives`).pluck().get() as number,
        caughtUp: latestEntry(sqlite) <= (consumerCursor(sqlite, REBUILD_CONSUMER) ?? 0),
      }))
      .deferred();
    if (!caughtUp) continue;
    const documents = await engine.documentCount(uid);
    if (documents !== expected) throw new Error(`${uid} holds ${documents} documents, expected ${expected}`);
    return { documents, replayed };
  }
  return { documents: await engine.documentCount(uid), replayed };
}

/**
 * Sends the current state of every initiative named in the feed after the rebuild's
 * cursor to `uid`, moving that cursor batch by batch, until the feed is caught up.
 */
async function replayFeed(sqlite: Database.Database, engine: SwapEngine, uid: string, limit = 500): Promise<number> {
  let entries = 0;
  for (;;) {
    const read = sqlite
      .transaction(() => {
        const batch = readFeed(sqlite, REBUILD_CONSUMER, limit);
        if (batch.entries === 0) return null;
        const ids = batch.changed.get('initiative') ?? [];
        return { batch, ids, docs: loadSearchDocuments(sqlite, ids) };
      })
      .deferred();
    if (!read) return entries;
    const present = new Set(read.docs.map((d) => d.id));
    const gone = read.ids.filter((id) => !present.has(id));
    if (read.docs.length) await engine.upsertDocuments(read.docs.map((d) => toMeiliDocument(d, engine.facets)), uid);
    if (gone.length) await engine.deleteDocuments(gone, uid);
    advanceConsumer(sqlite, REBUILD_CONSUMER, read.batch.lastId);
    entries += read.batch.entries;
  }
}
