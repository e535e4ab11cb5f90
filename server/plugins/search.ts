// The search engine the app uses, chosen by SEARCH_ENGINE. The embedded SQLite engine is
// always built: it is the default and the fallback.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { SearchEngine } from '../search/types.ts';
import { SqliteSearchEngine } from '../search/sqlite/engine.ts';
import { MeilisearchSearchEngine, meiliOptionsFromConfig } from '../search/meilisearch-engine.ts';
import { FallbackSearchEngine } from '../search/fallback-engine.ts';
import { MEILI_CONSUMER, OutboxWorker } from '../search/outbox.ts';
import { dropConsumer } from '../search/change-feed.ts';
import { liveIndexIsCurrent } from '../search/meili/index-swap.ts';
import { FACETS, type FacetRegistry } from '../search/facets.ts';
import { AnswerCache } from '../search/answer-cache.ts';

/** An answer kept for a request, and a way to keep the one about to be built. */
export interface AnswerTicket {
  /** The answer's bytes as sent before (UTF-8). */
  cached: Buffer | null;
  keep(body: string): void;
}

/** Finished search answers over the embedded index (server/search/answer-cache.ts). */
export interface Answers {
  /**
   * For a request identified by `key` (everything its answer depends on besides the index):
   * the kept answer, if any, and `keep` for the new one. Null when answers are not kept:
   * Meilisearch answers the searches (its index follows the feed later, not at a version
   * this process can see), or SEARCH_ANSWER_CACHE_MB is 0.
   */
  begin(key: string): AnswerTicket | null;
  clear(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    searchEngine: SearchEngine;
    /** The facets users filter by: parsing, engines, pages, API and CSV all use these. */
    facets: FacetRegistry;
    embeddedSearch: SqliteSearchEngine;
    /** The Meilisearch sync worker; null with SEARCH_ENGINE=sqlite. */
    searchOutbox: OutboxWorker | null;
    answers: Answers;
  }
}

/**
 * A facet table built at start-up is written to the database this long after (or when the
 * app closes): the first pages are served meanwhile.
 */
export const FACET_STORE_DELAY_MS = 3000;

export default fp(
  async function searchPlugin(app: FastifyInstance, opts: { config: Config; facets?: FacetRegistry }) {
    const facets = opts.facets ?? FACETS;
    app.decorate('facets', facets);
    const embedded = new SqliteSearchEngine(app.db.sqlite, {
      facets,
      ftsWorker: opts.config.SEARCH_FTS_WORKER,
      facetStore: true,
      facetStoreDelayMs: FACET_STORE_DELAY_MS,
    });
    embedded.warm();
    app.decorate('embeddedSearch', embedded);
    let engine: SearchEngine = embedded;
    let outbox: OutboxWorker | null = null;
    if (opts.config.SEARCH_ENGINE === 'meilisearch') {
      // Meilisearch answers searches; when it cannot, the embedded engine does (degraded).
      // Until the live index holds every initiative in the current format (the worker of
      // one process fills a new index and swaps it in), the embedded engine answers.
      // The worker then keeps the index in step with SQLite. Neither needs Meilisearch to be
      // up for the app to start.
      const meili = new MeilisearchSearchEngine({ ...meiliOptionsFromConfig(opts.config), facets });
      const sqlite = app.db.sqlite;
      engine = new FallbackSearchEngine(meili, embedded, { log: app.log, primaryReady: () => liveIndexIsCurrent(sqlite, facets) });
      outbox = new OutboxWorker(app.db.sqlite, meili, { log: app.log });
      outbox.start();
    }
    if (!outbox && dropConsumer(app.db.sqlite, MEILI_CONSUMER)) {
      // Nothing reads the Meilisearch cursor now; left, it would keep every change-feed
      // entry for a week (search_outbox grows by millions of rows after a large reset).
      app.log.info('SEARCH_ENGINE=sqlite: the Meilisearch sync cursor is dropped; it resends everything if switched back');
    }
    app.decorate('searchEngine', engine);
    app.decorate('searchOutbox', outbox);
    const cache = new AnswerCache(opts.config.SEARCH_ANSWER_CACHE_MB * 1024 * 1024);
    const keepsAnswers = engine === embedded && cache.maxBytes > 0;
    app.decorate('answers', {
      begin(key: string): AnswerTicket | null {
        if (!keepsAnswers) return null;
        const version = embedded.version();
        return { cached: cache.get(key, version), keep: (body) => cache.set(key, version, Buffer.from(body, 'utf8')) };
      },
      clear: () => cache.clear(),
    } satisfies Answers);
    app.addHook('onClose', async () => {
      await outbox?.close();
      await engine.close();
      if (engine !== embedded) await embedded.close();
    });
  },
  { name: 'search', dependencies: ['database'] },
);
