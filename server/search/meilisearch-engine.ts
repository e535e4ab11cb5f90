// The Meilisearch engine: searches through one multi-search call (see meilisearch-query.ts)
// and, with the admin key, keeps the index's settings and documents (used by the sync
// worker and `npm run reindex`). Every write waits for its task and fails if the task
// did not succeed: Meilisearch applies writes asynchronously and would otherwise fail
// silently.
//
// Keys: MEILI_API_KEY is used for searching (a search-only key is enough); MEILI_ADMIN_KEY
// for settings, documents and index swaps. Either one stands in for the other when only
// one is set; with neither, requests go without a key (a local server without a master
// key). Keys never appear in an error this module throws: errors are rebuilt from codes
// and statuses, without the client's request details (which carry the Authorization
// header) and without the URL.
//
// Operation (meili/): every task is polled with the request timeout on each poll
// (task-wait.ts); the server's version is checked before the first write (server-version.ts;
// an unsupported server is refused, and searches then fall back); only the error code
// index_not_found means "no such index" (a 404 from a proxy or an unknown route does not).
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type EnqueuedTaskPromise,
  type IndexSwap,
  type Task,
} from 'meilisearch';
import { TaskWaitError, waitForTaskBounded } from './meili/task-wait.ts';
import { judgeServerVersion, type VersionVerdict } from './meili/server-version.ts';
import type { Config } from '../config.ts';
import type { EngineHealth, EngineResult, SearchEngine, SearchQuery } from './types.ts';
import { buildSearchPlan, readSearchResults, MeiliResponseError, type MeiliSearchResponse } from './meilisearch-query.ts';
import { meiliSettings, type MeiliDocument } from './meilisearch-documents.ts';
import { FACETS, type FacetRegistry } from './facets.ts';

export interface MeiliOptions {
  host: string;
  searchKey: string;
  adminKey: string;
  index: string;
  /** Per HTTP request. */
  timeoutMs: number;
  /** How long to wait for one write task to finish. */
  taskTimeoutMs?: number;
  /** The facets to file, filter and count (the app's registry unless given). */
  facets?: FacetRegistry;
}

export function meiliOptionsFromConfig(config: Config): MeiliOptions {
  return {
    host: config.MEILI_HOST,
    searchKey: config.MEILI_API_KEY || config.MEILI_ADMIN_KEY,
    adminKey: config.MEILI_ADMIN_KEY || config.MEILI_API_KEY,
    index: config.MEILI_INDEX,
    timeoutMs: config.MEILI_TIMEOUT_MS,
  };
}

/** A Meilisearch failure, described without keys, URLs or request details. */
export class MeiliUnavailableError extends Error {
  override name = 'MeiliUnavailableError';
}

function findCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** A short, safe reason for a failed Meilisearch call: shown in /health and logs. */
export function describeMeiliError(err: unknown, secrets: string[] = []): string {
  let reason: string;
  if (err instanceof MeiliUnavailableError || err instanceof MeiliResponseError || err instanceof TaskWaitError) reason = err.message;
  else if (err instanceof MeilisearchApiError) {
    const code = err.cause?.code ? ` ${err.cause.code}` : '';
    reason = `Meilisearch answered HTTP ${err.response.status}${code}`;
  } else if (err instanceof MeilisearchTaskTimeOutError) reason = `Meilisearch task ${err.cause.taskUid} did not finish in ${err.cause.timeout} ms`;
  else if (err instanceof MeilisearchRequestError) {
    reason =
      err.cause instanceof MeilisearchRequestTimeOutError
        ? `Meilisearch timed out after ${err.cause.cause.timeout} ms`
        : `Meilisearch unreachable (${findCode(err.cause) ?? 'network error'})`;
  } else if (err instanceof MeilisearchRequestTimeOutError) reason = `Meilisearch timed out after ${err.cause.timeout} ms`;
  else reason = `Meilisearch error (${(err as Error)?.name ?? 'unknown'})`;
  for (const s of secrets) if (s) reason = reason.split(s).join('(hidden)');
  return reason;
}

export class MeilisearchSearchEngine implements SearchEngine {
  readonly name = 'meilisearch';
  readonly index: string;
  readonly facets: FacetRegistry;
  private readonly searchClient: Meilisearch;
  private readonly adminClient: Meilisearch;
  private readonly secrets: string[];
  private readonly taskTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  /** Set when the server's version is not supported: searches then fail at once (and fall back). */
  private unsupported: string | null = null;

  constructor(options: MeiliOptions) {
    this.index = options.index;
    this.facets = options.facets ?? FACETS;
    this.secrets = [options.searchKey, options.adminKey].filter(Boolean);
    this.taskTimeoutMs = options.taskTimeoutMs ?? 60_000;
    this.requestTimeoutMs = options.timeoutMs;
    const client = (apiKey: string) =>
      new Meilisearch({ host: options.host, apiKey: apiKey || undefined, timeout: options.timeoutMs, clientAgents: ['omradeloft-kb'] });
    this.searchClient = client(options.searchKey);
    this.adminClient = client(options.adminKey);
  }

  /** Rethrows any failure as a MeiliUnavailableError with a safe message. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw new MeiliUnavailableError(describeMeiliError(err, this.secrets));
    }
  }

  async search(query: SearchQuery): Promise<EngineResult> {
    if (this.unsupported) throw new MeiliUnavailableError(this.unsupported);
    const plan = buildSearchPlan(query, this.index, this.facets);
    return this.guard(async () => {
      const response = await this.searchClient.multiSearch({ queries: plan.queries });
      return readSearchResults(plan, query, response.results as unknown as MeiliSearchResponse[], this.name);
    });
  }

  async health(): Promise<EngineHealth> {
    try {
      await this.guard(() => this.searchClient.health());
      return { ok: true };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }

  async close(): Promise<void> {}

  /**
   * Reads the server's version (GET /version) and says whether the app supports it. An
   * unsupported server is remembered: searches fail at once (so the embedded engine
   * answers) and writes are refused until a later check passes.
   */
  async checkServerVersion(): Promise<VersionVerdict> {
    const { pkgVersion } = await this.guard(() => this.adminClient.getVersion());
    const verdict = judgeServerVersion(String(pkgVersion ?? ''));
    this.unsupported = verdict.ok ? null : verdict.reason;
    return verdict;
  }

  // ---- Writes (admin key) ----

  /** Waits for the task and throws unless it succeeded. */
  private async settle(what: string, enqueued: EnqueuedTaskPromise): Promise<Task> {
    if (this.unsupported) throw new MeiliUnavailableError(this.unsupported);
    const { taskUid } = await enqueued;
    // Not enqueued.waitTask(): the client leaves its request timeout off the polls.
    const task = await waitForTaskBounded(this.adminClient, taskUid, {
      requestTimeoutMs: this.requestTimeoutMs,
      taskTimeoutMs: this.taskTimeoutMs,
    });
    if (task.status !== 'succeeded') {
      const detail = task.error?.code ? `: ${task.error.code}` : '';
      throw new MeiliUnavailableError(`Meilisearch task ${task.uid} (${what}) ${task.status}${detail}`);
    }
    return task;
  }

  /**
   * Whether the index exists. Only Meilisearch's `index_not_found` error says no: any other
   * 404 (a proxy in front, a wrong path prefix in MEILI_HOST) is an error, not a reason to
   * create and fill an index.
   */
  async indexExists(uid = this.index): Promise<boolean> {
    return this.guard(async () => {
      try {
        await this.adminClient.getRawIndex(uid);
        return true;
      } catch (err) {
        if (isIndexNotFound(err)) return false;
        throw err;
      }
    });
  }

  /**
   * Creates the index (empty, default settings) if it is missing; true if it did. Used for
   * the live index before a swap: the swap brings the new index's settings with it, so
   * settings applied here would only make the server reindex documents about to go.
   */
  async createIndexIfMissing(uid = this.index): Promise<boolean> {
    if (await this.indexExists(uid)) return false;
    await this.guard(() => this.settle(`create index ${uid}`, this.adminClient.createIndex(uid, { primaryKey: 'id' })));
    return true;
  }

  /** Creates the index if it is missing and applies the settings; waits for every task. Used on new indexes. */
  async ensureIndex(uid = this.index): Promise<{ created: boolean }> {
    const created = !(await this.indexExists(uid));
    await this.guard(async () => {
      if (created) await this.settle(`create index ${uid}`, this.adminClient.createIndex(uid, { primaryKey: 'id' }));
      await this.settle(`settings of ${uid}`, this.adminClient.index(uid).updateSettings(meiliSettings(this.facets)));
    });
    return { created };
  }

  async upsertDocuments(docs: MeiliDocument[], uid = this.index): Promise<void> {
    if (docs.length === 0) return;
    await this.guard(() =>
      this.settle(`add ${docs.length} documents to ${uid}`, this.adminClient.index<MeiliDocument>(uid).addDocuments(docs, { primaryKey: 'id' })),
    );
  }

  async deleteDocuments(ids: number[], uid = this.index): Promise<void> {
    if (ids.length === 0) return;
    await this.guard(() => this.settle(`delete ${ids.length} documents from ${uid}`, this.adminClient.index(uid).deleteDocuments(ids)));
  }

  async documentCount(uid = this.index): Promise<number> {
    return this.guard(async () => (await this.adminClient.index(uid).getStats()).numberOfDocuments);
  }

  /** Swaps `other` in as the live index (atomically, in one task). */
  async swapWithLive(other: string): Promise<void> {
    // No `rename` field: servers before 1.18 reject it, and leaving it out means a swap.
    const swap = { indexes: [this.index, other] } as IndexSwap;
    await this.guard(() => this.settle(`swap ${this.index} and ${other}`, this.adminClient.swapIndexes([swap])));
  }

  async deleteIndex(uid: string): Promise<void> {
    await this.guard(() => this.settle(`delete index ${uid}`, this.adminClient.deleteIndex(uid)));
  }
}

/** Meilisearch's own "no such index" answer (HTTP 404 with code index_not_found). */
export function isIndexNotFound(err: unknown): boolean {
  return err instanceof MeilisearchApiError && err.response.status === 404 && err.cause?.code === 'index_not_found';
}
