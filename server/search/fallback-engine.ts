// Keeps search answering when the primary engine (Meilisearch) does not: a failed,
// refused or timed-out search is answered by the embedded engine (always current, it reads
// SQLite) with `degraded` set, so the page shows a notice instead of an error.
//
// While degraded, no search waits for the primary: every search is answered by the
// embedded engine at once, and after `retryAfterMs` one probe (a one-hit search) runs in
// the background, never two at a time; when it succeeds, searches go to the primary again.
// Before the primary's index is complete (`primaryReady`, see meili/index-swap.ts) the
// embedded engine answers without a notice: its answer is complete and current.
//
// /health reports the last known state and starts at most one probe every
// `healthProbeMs` (only the very first call waits for one), so calling it often costs
// nothing and cannot pile requests onto a hung server.
import { emptyFilters } from './facets.ts';
import { type EngineHealth, type EngineResult, type SearchEngine, type SearchQuery } from './types.ts';

const PROBE_QUERY: SearchQuery = { q: '', filters: emptyFilters(), from: null, to: null, sort: 'newest', page: 1, perPage: 1, locale: 'nb' };

export interface FallbackLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface FallbackOptions {
  /** How long to answer from the fallback before probing the primary again. */
  retryAfterMs?: number;
  /** /health probes the primary at most this often. */
  healthProbeMs?: number;
  /** False while the primary's index is being filled: the fallback answers, without a notice. */
  primaryReady?: () => boolean;
  log?: FallbackLogger;
  now?: () => number;
}

export interface DegradedState {
  reason: string;
  since: number;
}

/** What /health says while the primary's index is being built. */
export const BUILDING_DETAIL = 'Meilisearch index is being built; the embedded engine answers until it is swapped in';

export class FallbackSearchEngine implements SearchEngine {
  readonly name: string;
  private state: DegradedState | null = null;
  private retryAt = 0;
  private probe: Promise<void> | null = null;
  private lastProbeAt: number | null = null;
  private readonly retryAfterMs: number;
  private readonly healthProbeMs: number;
  private readonly now: () => number;

  constructor(
    readonly primary: SearchEngine,
    readonly fallback: SearchEngine,
    private readonly options: FallbackOptions = {},
  ) {
    this.name = primary.name;
    this.retryAfterMs = options.retryAfterMs ?? 10_000;
    this.healthProbeMs = options.healthProbeMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** Null while the primary answers; otherwise why not and since when. */
  get degraded(): DegradedState | null {
    return this.state;
  }

  /** Resolves when no probe is running (tests wait on it). */
  async idle(): Promise<void> {
    await this.probe;
  }

  private markDegraded(reason: string): void {
    if (!this.state || this.state.reason !== reason) {
      this.options.log?.warn({ reason }, 'search degraded: answering from the embedded engine');
    }
    this.state = { reason, since: this.state?.since ?? this.now() };
    this.retryAt = this.now() + this.retryAfterMs;
  }

  private markRecovered(): void {
    if (this.state) {
      this.options.log?.info({ downFor: this.now() - this.state.since }, 'search recovered: answering from Meilisearch again');
    }
    this.state = null;
  }

  /**
   * Asks the primary whether it works: its health, and while degraded one small search.
   * Only one runs at a time; a caller arriving meanwhile shares it.
   */
  private startProbe(): Promise<void> {
    if (this.probe) return this.probe;
    this.lastProbeAt = this.now();
    this.retryAt = this.now() + this.retryAfterMs;
    this.probe = (async () => {
      try {
        const health = await this.primary.health();
        if (!health.ok) return this.markDegraded(health.detail ?? 'Meilisearch is not healthy');
        // Meilisearch answering /health is no proof that search works.
        if (this.state && this.ready()) await this.primary.search(PROBE_QUERY);
        this.markRecovered();
      } catch (err) {
        this.markDegraded((err as Error).message || 'search failed');
      }
    })().finally(() => {
      this.probe = null;
    });
    return this.probe;
  }

  private ready(): boolean {
    return this.options.primaryReady?.() ?? true;
  }

  private async answerFromFallback(query: SearchQuery, notice: boolean): Promise<EngineResult> {
    const result = await this.fallback.search(query);
    return notice ? { ...result, degraded: this.state?.reason ?? 'search degraded' } : result;
  }

  async search(query: SearchQuery): Promise<EngineResult> {
    if (!this.ready()) return this.answerFromFallback(query, false);
    if (this.state) {
      if (this.now() >= this.retryAt) void this.startProbe();
      return this.answerFromFallback(query, true);
    }
    try {
      const result = await this.primary.search(query);
      this.markRecovered();
      return result;
    } catch (err) {
      this.markDegraded((err as Error).message || 'search failed');
      return this.answerFromFallback(query, true);
    }
  }

  async health(): Promise<EngineHealth> {
    if (this.lastProbeAt === null && this.state === null) await this.startProbe();
    else if (this.lastProbeAt === null || this.now() - this.lastProbeAt >= this.healthProbeMs) void this.startProbe();
    if (this.state) return { ok: false, detail: this.state.reason };
    return this.ready() ? { ok: true } : { ok: true, detail: BUILDING_DETAIL };
  }

  async close(): Promise<void> {
    await this.probe;
    await this.primary.close();
  }
}
