// The sync worker: the Meilisearch consumer of the change feed (change-feed.ts; the feed
// is filled by triggers, in the same transaction as each catalogue write). It reads a
// batch of entries after its cursor and the current documents of their initiatives
// together, sends upserts (or deletes, for initiatives that no longer exist), waits for
// each task, and only then moves its cursor past the batch. On any failure the cursor
// stays, the error is recorded, and the worker backs off (doubling up to maxBackoffMs).
// No entry is skipped. Entries of other record kinds are passed over here: their
// documents are searched in the embedded index (docs/architecture.md).
//
// Because every send carries the initiative's state at send time, order does not matter
// and duplicates are harmless. While `npm run reindex` builds a new index it sets
// meta.search_reindex; the worker pauses, so nothing is written to the index about to be
// replaced, and drains what is left into the new one afterwards.
import type Database from 'better-sqlite3';
import { loadSearchDocuments } from './documents.ts';
import { advanceConsumer, consumerCursor, enqueueAll as enqueueAllDocuments, latestEntry, pendingFor, readFeed, registerConsumer } from './change-feed.ts';
import type { FacetRegistry } from './facets.ts';
import { MEILI_DOCUMENT_VERSION, toMeiliDocument, type MeiliDocument } from './meilisearch-documents.ts';

export interface OutboxTarget {
  /** The facets its documents carry (the app's registry unless given). */
  readonly facets?: FacetRegistry;
  ensureIndex(): Promise<{ created: boolean }>;
  upsertDocuments(docs: MeiliDocument[]): Promise<void>;
  deleteDocuments(ids: number[]): Promise<void>;
  documentCount(): Promise<number>;
}

export interface OutboxLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OutboxOptions {
  batchSize?: number;
  pollMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  log?: OutboxLogger;
  now?: () => number;
}

export interface OutboxStats {
  pending: number;
  /** Entries that failed at least once and are still waiting. */
  retrying: number;
  lastError: string | null;
  lastSyncAt: string | null;
  paused: boolean;
}

/** A reindex flag older than this is treated as left behind by a crashed reindex. */
export const REINDEX_FLAG_TTL_MS = 15 * 60_000;
export const REINDEX_FLAG = 'search_reindex';
const DOCUMENTS_VERSION_KEY = 'meili_documents';

/** The version of the documents Meilisearch should hold: ours and the FTS columns' (meta.search_documents). */
function expectedDocumentsVersion(sqlite: Database.Database): number {
  const fts = (sqlite.prepare(`SELECT value FROM meta WHERE key = 'search_documents'`).pluck().get() as number | undefined) ?? 0;
  return MEILI_DOCUMENT_VERSION * 1000 + fts;
}

function setMeta(sqlite: Database.Database, key: string, value: number): void {
  sqlite.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(key, value);
}

export const MEILI_CONSUMER = 'meilisearch';

/** Queues every initiative for sync (after a document format change or into an empty index). */
export function enqueueAll(sqlite: Database.Database): number {
  return enqueueAllDocuments(sqlite, ['initiative']);
}

export function reindexFlag(sqlite: Database.Database): number | null {
  return (sqlite.prepare(`SELECT value FROM meta WHERE key = ?`).pluck().get(REINDEX_FLAG) as number | undefined) ?? null;
}

export function setReindexFlag(sqlite: Database.Database, startedAt: number | null): void {
  if (startedAt === null) sqlite.prepare(`DELETE FROM meta WHERE key = ?`).run(REINDEX_FLAG);
  else setMeta(sqlite, REINDEX_FLAG, startedAt);
}

export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private ready = false;
  private failures = 0;
  private limit: number;
  private lastError: string | null = null;
  private lastSyncAt: number | null = null;
  /** After a failure, when the next batch is due (unless a caller ignores the schedule). */
  private retryAt = 0;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => number;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly target: OutboxTarget,
    private readonly options: OutboxOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.limit = this.batchSize;
    this.pollMs = options.pollMs ?? 1000;
    this.minBackoffMs = options.minBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Joins the change feed. A new consumer starts at the feed's end with every initiative
   * queued (in one transaction), so nothing committed before or after is missed.
   */
  start(): void {
    this.sqlite.transaction(() => {
      if (consumerCursor(this.sqlite, MEILI_CONSUMER) !== null) return;
      registerConsumer(this.sqlite, MEILI_CONSUMER, latestEntry(this.sqlite));
      enqueueAll(this.sqlite);
    }).immediate();
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick().finally(() => {
        this.running = null;
      });
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const ok = await this.drain();
    this.schedule(ok ? this.pollMs : this.backoffMs());
  }

  /** The wait before the next attempt after `failures` failures in a row. */
  backoffMs(): number {
    return Math.min(this.maxBackoffMs, this.minBackoffMs * 2 ** Math.max(0, this.failures - 1));
  }

  private paused(): boolean {
    const flag = reindexFlag(this.sqlite);
    return flag !== null && this.now() - flag < REINDEX_FLAG_TTL_MS;
  }

  /**
   * Sends everything pending (honouring the retry schedule unless `ignoreSchedule`).
   * Returns false if a step failed; the entries then stay for the next attempt.
   */
  drain(options: { ignoreSchedule?: boolean } = {}): Promise<boolean> {
    // One drain at a time: the timer's and a caller's would otherwise send the same batch.
    const run = this.queue.then(() => this.drainNow(options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async drainNow(options: { ignoreSchedule?: boolean }): Promise<boolean> {
    if (this.paused()) return true;
    try {
      if (!this.ready) await this.prepare();
      while (!this.closed && (await this.sendBatch(options.ignoreSchedule ?? false)) > 0) {
        if (this.paused()) break;
      }
      return true;
    } catch (err) {
      this.failures++;
      this.lastError = (err as Error).message;
      this.options.log?.warn({ reason: this.lastError, failures: this.failures, retryInMs: this.backoffMs() }, 'search sync failed; entries kept for retry');
      return false;
    }
  }

  /** First contact: index and settings in place, and a full resend if the index is empty or outdated. */
  private async prepare(): Promise<void> {
    const { created } = await this.target.ensureIndex();
    // A consumer that was away so long that the feed was pruned past it starts over.
    const cursor = consumerCursor(this.sqlite, MEILI_CONSUMER) ?? 0;
    const oldest = this.sqlite.prepare(`SELECT min(id) FROM search_outbox`).pluck().get() as number | null;
    const gap = oldest !== null && oldest > cursor + 1;
    const expected = expectedDocumentsVersion(this.sqlite);
    const stored = this.sqlite.prepare(`SELECT value FROM meta WHERE key = ?`).pluck().get(DOCUMENTS_VERSION_KEY) as number | undefined;
    const initiatives = this.sqlite.prepare(`SELECT count(*) FROM initiatives`).pluck().get() as number;
    const empty = initiatives > 0 && (created || (await this.target.documentCount()) === 0);
    if (stored !== expected || empty || gap) {
      const queued = this.sqlite.transaction(() => {
        const n = enqueueAll(this.sqlite);
        setMeta(this.sqlite, DOCUMENTS_VERSION_KEY, expected);
        return n;
      })();
      const reason = empty ? 'empty index' : gap ? 'missed changes' : 'document format changed';
      this.options.log?.info({ queued, reason }, 'search sync: resending every initiative');
    }
    this.ready = true;
  }

  /** One batch: returns how many feed entries it applied (0 when nothing was due). */
  private async sendBatch(ignoreSchedule: boolean): Promise<number> {
    if (!ignoreSchedule && this.failures > 0 && this.now() < this.retryAt) return 0;
    const read = this.sqlite
      .transaction(() => {
        const batch = readFeed(this.sqlite, MEILI_CONSUMER, this.limit);
        if (batch.entries === 0) return null;
        const ids = batch.changed.get('initiative') ?? [];
        return { batch, ids, docs: loadSearchDocuments(this.sqlite, ids) };
      })
      .deferred();
    if (!read) return 0;
    const present = new Set(read.docs.map((d) => d.id));
    const gone = read.ids.filter((id) => !present.has(id));
    try {
      if (read.docs.length) await this.target.upsertDocuments(read.docs.map((d) => toMeiliDocument(d, this.target.facets)));
      if (gone.length) await this.target.deleteDocuments(gone);
    } catch (err) {
      const reason = (err as Error).message;
      this.retryAt = this.now() + this.backoffMs() * 2;
      this.sqlite.prepare(`UPDATE search_consumers SET last_error = ? WHERE name = ?`).run(reason, MEILI_CONSUMER);
      // A rejected task may be one bad document: smaller batches let the others through.
      if (/task \d+/.test(reason)) this.limit = Math.max(1, Math.floor(this.limit / 2));
      throw err;
    }
    advanceConsumer(this.sqlite, MEILI_CONSUMER, read.batch.lastId);
    if (this.failures > 0) this.options.log?.info({ after: this.failures }, 'search sync recovered');
    this.failures = 0;
    this.lastError = null;
    this.lastSyncAt = this.now();
    this.limit = Math.min(this.batchSize, this.limit * 2);
    return read.batch.entries;
  }

  stats(): OutboxStats {
    const pending = pendingFor(this.sqlite, MEILI_CONSUMER);
    return {
      pending,
      retrying: this.failures > 0 ? pending : 0,
      lastError: this.lastError,
      lastSyncAt: this.lastSyncAt === null ? null : new Date(this.lastSyncAt).toISOString(),
      paused: this.paused(),
    };
  }

  /** Stops the loop and waits for a batch in flight. Entries not yet sent stay in the outbox. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
