// The sync worker: the Meilisearch consumer of the change feed (change-feed.ts; the feed
// is filled by triggers, in the same transaction as each catalogue write). It reads a
// batch of entries after its cursor and the current documents of their initiatives
// together, sends upserts (or deletes, for initiatives that no longer exist), waits for
// each task, and only then moves its cursor past the batch. On any failure the cursor
// stays, the error is recorded, and the worker backs off (doubling up to maxBackoffMs).
// No entry is skipped. Entries of other record kinds are passed over here: their
// documents are searched in the embedded index (docs/architecture.md).
//
// One drainer across processes: a worker drains only while it holds the `meili-drainer`
// lease (meili/lease.ts), renewed on every tick and by a heartbeat, released on close;
// the workers of other processes stand by and take over when it expires. Two drainers
// could otherwise send the same initiative read at different moments, and the older
// state could land last.
//
// Filling happens in a new index, never the live one: on first contact the worker checks
// the server's version, and when the live index is missing, empty, in an older document
// format or with other settings, or the worker was away so long that the feed was pruned
// past it, it builds a complete new index and swaps it in (meili/index-swap.ts). While a
// rebuild (its own or `npm run reindex`'s) holds the `meili-rebuild` lease, the worker
// pauses; the rebuild replays what changed meanwhile and moves the cursor.
//
// Because every send carries the initiative's state at send time, duplicates are harmless.
import type Database from 'better-sqlite3';
import { loadSearchDocuments } from './documents.ts';
import { advanceConsumer, consumerCursor, enqueueAll as enqueueAllDocuments, latestEntry, pendingFor, readFeed, registerConsumer } from './change-feed.ts';
import type { FacetRegistry } from './facets.ts';
import { FACETS } from './facets.ts';
import { toMeiliDocument } from './meilisearch-documents.ts';
import type { VersionVerdict } from './meili/server-version.ts';
import { DRAINER_LEASE, acquireLease, leaseHolder, newLeaseOwner, releaseLease, renewLease } from './meili/lease.ts';
import {
  MEILI_CONSUMER,
  RebuildBusyError,
  liveIndexIsCurrent,
  markLiveIndex,
  rebuildAndSwap,
  rebuildRunning,
  type SwapEngine,
} from './meili/index-swap.ts';

export { MEILI_CONSUMER };

export interface OutboxTarget extends SwapEngine {
  checkServerVersion(): Promise<VersionVerdict>;
  indexExists(uid?: string): Promise<boolean>;
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
  /** This worker's name in the lease table (unique per process unless given). */
  owner?: string;
  /** How long the drainer lease lasts without renewal. */
  leaseTtlMs?: number;
  /** Batch size of a rebuild into a new index. */
  rebuildBatchSize?: number;
  /**
   * How often the worker checks again what it checked on first contact (server version,
   * live index present and filled): a server restored from scratch meanwhile is then
   * refilled through a new index.
   */
  revalidateMs?: number;
}

export interface OutboxStats {
  pending: number;
  /** Entries that failed at least once and are still waiting. */
  retrying: number;
  lastError: string | null;
  lastSyncAt: string | null;
  /** A rebuild (this worker's or `npm run reindex`) holds the index: sending waits. */
  paused: boolean;
  /** Whether this process drains (holds the drainer lease) or stands by for another. */
  drainer: 'this-process' | 'other-process' | 'none';
}

/** How long the drainer lease lasts without renewal (renewed every tick and every third of this). */
export const DRAINER_LEASE_TTL_MS = 30_000;

/** Queues every initiative for sync (after a document format change or into an empty index). */
export function enqueueAll(sqlite: Database.Database): number {
  return enqueueAllDocuments(sqlite, ['initiative']);
}

export class OutboxWorker {
  readonly owner: string;
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private holding = false;
  private running: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private ready = false;
  private preparedAt = 0;
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
  private readonly leaseTtlMs: number;
  private readonly facets: FacetRegistry;

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
    this.owner = options.owner ?? newLeaseOwner('drainer');
    this.leaseTtlMs = options.leaseTtlMs ?? DRAINER_LEASE_TTL_MS;
    this.facets = target.facets ?? FACETS;
  }

  /**
   * Joins the change feed. A new consumer starts at the feed's end: the live index is not
   * current yet, so the first drainer fills a new index from SQLite (covering everything
   * before) and the feed brings everything after.
   */
  start(): void {
    this.sqlite.transaction(() => {
      if (consumerCursor(this.sqlite, MEILI_CONSUMER) !== null) return;
      registerConsumer(this.sqlite, MEILI_CONSUMER, latestEntry(this.sqlite));
    }).immediate();
    this.schedule(0);
  }

  /** Takes or renews the drainer lease; false while another process holds it. */
  private holdLease(): boolean {
    const held = acquireLease(this.sqlite, DRAINER_LEASE, this.owner, this.leaseTtlMs, this.now());
    if (held && !this.heartbeat && !this.closed) {
      // A long batch or rebuild must not let the lease run out under it.
      this.heartbeat = setInterval(() => {
        try {
          if (this.holding && !renewLease(this.sqlite, DRAINER_LEASE, this.owner, this.leaseTtlMs, this.now())) this.holding = false;
        } catch {
          this.holding = false; // the database is gone (closing): the lease runs out by itself
        }
      }, Math.max(10, Math.floor(this.leaseTtlMs / 3)));
      this.heartbeat.unref();
    }
    if (held && !this.holding) this.options.log?.info({ owner: this.owner }, 'search sync: this process drains the change feed');
    if (!held && this.holding) this.ready = false;
    this.holding = held;
    return held;
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
    return rebuildRunning(this.sqlite, this.owner, this.now());
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
    if (this.closed || this.paused()) return true;
    if (!this.holdLease()) return true;
    try {
      if (this.ready && this.now() - this.preparedAt >= (this.options.revalidateMs ?? 5 * 60_000)) this.ready = false;
      if (!this.ready) await this.prepare();
      while (!this.closed && (await this.sendBatch(options.ignoreSchedule ?? false)) > 0) {
        if (this.paused() || !this.holdLease()) break;
      }
      return true;
    } catch (err) {
      if (err instanceof RebuildBusyError) return true; // `npm run reindex` started meanwhile
      // Check everything again on the next contact (the server may have been replaced).
      this.ready = false;
      this.failures++;
      this.lastError = (err as Error).message;
      this.sqlite.prepare(`UPDATE search_consumers SET last_error = ? WHERE name = ?`).run(this.lastError, MEILI_CONSUMER);
      this.options.log?.warn({ reason: this.lastError, failures: this.failures, retryInMs: this.backoffMs() }, 'search sync failed; entries kept for retry');
      return false;
    }
  }

  /**
   * First contact: a supported server, and a live index that holds every initiative in the
   * current format; otherwise a new index is built and swapped in.
   */
  private async prepare(): Promise<void> {
    const verdict = await this.target.checkServerVersion();
    if (!verdict.ok) {
      this.options.log?.error({ version: verdict.version }, verdict.reason);
      throw new Error(verdict.reason);
    }
    if (verdict.warning) this.options.log?.warn({ version: verdict.version }, verdict.warning);
    const exists = await this.target.indexExists();
    // A consumer that was away so long that the feed was pruned past it starts over.
    const cursor = consumerCursor(this.sqlite, MEILI_CONSUMER) ?? 0;
    const oldest = this.sqlite.prepare(`SELECT min(id) FROM search_outbox`).pluck().get() as number | null;
    const gap = oldest !== null && oldest > cursor + 1;
    const initiatives = this.sqlite.prepare(`SELECT count(*) FROM initiatives`).pluck().get() as number;
    const empty = exists && initiatives > 0 && (await this.target.documentCount()) === 0;
    // Searches go to the embedded engine until the new index is swapped in.
    if (!exists || empty) markLiveIndex(this.sqlite, null);
    const current = liveIndexIsCurrent(this.sqlite, this.facets);
    if (!exists || empty || !current || gap) {
      const reason = !exists ? 'no live index' : empty ? 'empty index' : !current ? 'document format or settings changed' : 'missed changes';
      this.options.log?.info({ reason }, 'search sync: building a new index to swap in');
      const report = await rebuildAndSwap(this.sqlite, this.target, {
        owner: this.owner,
        batchSize: this.options.rebuildBatchSize,
        now: this.now,
      });
      this.options.log?.info({ documents: report.documents, replayed: report.replayed }, 'search sync: new index swapped in');
    }
    this.ready = true;
    this.preparedAt = this.now();
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
      drainer: this.holding ? 'this-process' : leaseHolder(this.sqlite, DRAINER_LEASE, this.now()) ? 'other-process' : 'none',
    };
  }

  /** Stops the loop and waits for a batch in flight. Entries not yet sent stay in the outbox. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.queue;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    // Let a standby process take over at once rather than after the TTL.
    if (this.holding) releaseLease(this.sqlite, DRAINER_LEASE, this.owner);
    this.holding = false;
  }
}
