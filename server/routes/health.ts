// GET /health (liveness) and GET /ready (readiness), for people and load balancers.
//   /health: the process answers; the database reads and whether it takes writes
//     (read-only file, full disk); the search engine. 200 while the database reads, else 503.
//   /ready: 200 only when this instance should get traffic: database readable, every
//     migration applied, not closing. Its body also shows storage and search state.
import type { FastifyInstance } from 'fastify';
import { pendingMigrations } from '../../db/client.ts';
import { checkStorage } from '../domain/storage.ts';
import { EMBEDDED_CONSUMER, pendingFor } from '../search/change-feed.ts';

export default async function healthRoutes(app: FastifyInstance) {
  const readable = (): string | null => {
    try {
      app.db.sqlite.prepare('SELECT 1 FROM meta LIMIT 1').get();
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  };

  app.get('/health', async (_request, reply) => {
    const unreadable = readable();
    const storage = unreadable ? null : checkStorage(app.db.sqlite, app.db.file);
    const db = unreadable ? 'error' : (storage?.problem ?? 'ok');
    const engine = await app.searchEngine.health();
    const search = engine.ok ? 'ok' : 'degraded';
    const status = unreadable ? 'error' : db === 'ok' && search === 'ok' ? 'ok' : 'degraded';
    return reply.code(unreadable ? 503 : 200).send({
      status,
      db,
      ...(unreadable ? { dbDetail: 'the database cannot be read' } : storage?.detail ? { dbDetail: storage.detail } : {}),
      writable: storage?.writable ?? false,
      search,
      engine: app.searchEngine.name,
      ...(engine.detail ? { searchDetail: engine.detail } : {}),
      // Whether text matches are read beside the event loop (failed: on it, as with `off`).
      ftsWorker: app.embeddedSearch.ftsWorkerStatus,
      // Meilisearch only: what the sync worker still has to send.
      ...(app.searchOutbox ? { outbox: app.searchOutbox.stats() } : {}),
    });
  });

  app.get('/ready', async (_request, reply) => {
    const problems: string[] = [];
    const unreadable = readable();
    let migrations: number | null = null;
    let searchPending: number | null = null;
    if (unreadable) problems.push('database cannot be read');
    else {
      migrations = pendingMigrations(app.db.sqlite);
      if (migrations > 0) problems.push(`${migrations} migration(s) not applied`);
      searchPending = pendingFor(app.db.sqlite, EMBEDDED_CONSUMER);
    }
    if (app.isClosing()) problems.push('closing');
    const storage = unreadable ? null : checkStorage(app.db.sqlite, app.db.file);
    const engine = await app.searchEngine.health();
    return reply.code(problems.length ? 503 : 200).send({
      ready: problems.length === 0,
      ...(problems.length ? { problems } : {}),
      db: unreadable ? 'error' : 'ok',
      migrationsPending: migrations,
      writable: storage?.writable ?? false,
      ...(storage?.problem ? { storage: storage.problem } : {}),
      search: engine.ok ? 'ok' : 'degraded',
      engine: app.searchEngine.name,
      // Changes the embedded index applies before the next search.
      searchPending,
    });
  });
}
