// The search engine the app uses, chosen by SEARCH_ENGINE. The embedded SQLite engine is
// always built: it is the default and the fallback.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { SearchEngine } from '../search/types.ts';
import { SqliteSearchEngine } from '../search/sqlite-engine.ts';

declare module 'fastify' {
  interface FastifyInstance {
    searchEngine: SearchEngine;
    embeddedSearch: SqliteSearchEngine;
  }
}

export default fp(
  async function searchPlugin(app: FastifyInstance, opts: { config: Config }) {
    const embedded = new SqliteSearchEngine(app.db.sqlite);
    embedded.warm();
    app.decorate('embeddedSearch', embedded);
    let engine: SearchEngine = embedded;
    if (opts.config.SEARCH_ENGINE === 'meilisearch') {
      throw new Error('SEARCH_ENGINE=meilisearch is not available in this version: use sqlite');
    }
    app.decorate('searchEngine', engine);
    app.addHook('onClose', async () => {
      await engine.close();
      if (engine !== embedded) await embedded.close();
    });
  },
  { name: 'search', dependencies: ['database'] },
);
