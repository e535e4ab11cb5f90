// Keeps search answering when the primary engine (Meilisearch) does not: a failed,
// refused or timed-out search is answered by the embedded engine (always current, it reads
// SQLite) with `degraded` set, so the page shows a notice instead of an error.
//
// While degraded, the primary is not asked on every request (each would wait for the
// timeout first): after `retryAfterMs` the next request tries it again, and the first
// answer that works ends the degraded state by itself. /health probes the primary too.
import { emptyFilters } from './facets.ts';
import { type EngineHealth, type EngineResult, type SearchEngine, type SearchQuery } from './types.ts';

const PROBE_QUERY: SearchQuery = { q: '', filters: emptyFilters(), from: null, to: null, sort: 'newest', page: 1, perPage: 1, locale: 'nb' };

export interface FallbackLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface FallbackOptions {
  /** How long to answer from the fallback before trying the primary again. */
  retryAfterMs?: number;
  log?: FallbackLogger;
  now?: () => number;
}

export interface DegradedState {
  reason: string;
  since: number;
}

export class FallbackSearchEngine implements SearchEngine {
  readonly name: string;
  private state: DegradedState | null = null;
  private retryAt = 0;
  private readonly retryAfterMs: number;
  private readonly now: () => number;

  constructor(
    readonly primary: SearchEngine,
    readonly fallback: SearchEngine,
    private readonly options: FallbackOptions = {},
  ) {
    this.name = primary.name;
    this.retryAfterMs = options.retryAfterMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Null while the primary answers; otherwise why not and since when. */
  get degraded(): DegradedState | null {
    return this.state;
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

  async search(query: SearchQuery): Promise<EngineResult> {
    if (!this.state || this.now() >= this.retryAt) {
      try {
        const result = await this.primary.search(query);
        this.markRecovered();
        return result;
      } catch (err) {
        this.markDegraded((err as Error).message || 'search failed');
      }
    }
    const result = await this.fallback.search(query);
    return { ...result, degraded: this.state?.reason ?? 'search degraded' };
  }

  async health(): Promise<EngineHealth> {
    const primary = await this.primary.health();
    if (primary.ok) {
      // Meilisearch answering /health is no proof that search works: while degraded, a
      // one-hit probe search decides.
      if (this.state) {
        try {
          await this.primary.search(PROBE_QUERY);
          this.markRecovered();
        } catch (err) {
          this.markDegraded((err as Error).message || 'search failed');
        }
      }
      return this.state ? { ok: false, detail: this.state.reason } : { ok: true };
    }
    this.markDegraded(primary.detail ?? 'Meilisearch is not healthy');
    return { ok: false, detail: this.state!.reason };
  }

  async close(): Promise<void> {
    await this.primary.close();
  }
}
