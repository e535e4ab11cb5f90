// The embedded engine's FTS5 reads in a worker thread (fts-worker.ts, fts-thread.ts): the
// same answers as on the main thread, the event loop free while a slow read runs, and the
// main thread reading FTS5 itself while the worker starts, when it fails and after it stops.
// (The whole search contract also runs with the worker: tests/search/sqlite.contract.test.ts.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client.ts';
import { SqliteSearchEngine } from '../../../server/search/sqlite/engine.ts';
import { createTestDatabase, removeDbFile } from '../../helpers/app.ts';
import { q } from '../contract.ts';

describe('FTS5 read in a worker thread', () => {
  let handle: DatabaseHandle;
  const engines: SqliteSearchEngine[] = [];
  const engine = (options: ConstructorParameters<typeof SqliteSearchEngine>[1] = {}) => {
    const e = new SqliteSearchEngine(handle.sqlite, options);
    engines.push(e);
    return e;
  };
  beforeEach(() => {
    handle = createTestDatabase();
  });
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close();
    handle.close();
    removeDbFile(handle.file);
  });

  const queries = [
    q({ q: 'park' }),
    q({ q: 'ungdom', sort: 'newest' }),
    q({ q: 'møte', filters: { country: ['NO'] } as never }),
    q({ q: 'glen housing' }),
    q({ q: 'medvirkning', perPage: 2, page: 2 }),
    q({ q: 'zzzzqqq' }),
  ];

  it('answers every query exactly as the main thread does, reading each match set in the worker', async () => {
    const worker = engine({ ftsWorker: true });
    expect(await worker.startFtsWorker()).toBe(true);
    const main = engine();
    for (const query of queries) {
      expect(await worker.search(query), query.q).toEqual(main.searchSync(query));
    }
    expect(worker.ftsWorkerReads).toBe(queries.length);
    // A repeat comes from the match-set cache, not from the worker.
    await worker.search(queries[0]);
    expect(worker.ftsWorkerReads).toBe(queries.length);
  });

  it('reads a small match set\'s exact subset in the worker too, so the ranking reads nothing on the main thread', async () => {
    const worker = engine({ ftsWorker: true });
    expect(await worker.startFtsWorker()).toBe(true);
    const main = engine();
    // Relevance order: whole words first ("ungdom" as typed above "ungdommer" and "ungdoms").
    for (const query of [q({ q: 'ungdom' }), q({ q: 'park' }), q({ q: 'glen housing' })]) {
      expect(await worker.search(query), query.q).toEqual(main.searchSync(query));
    }
    expect(main.exactSubsetReads, 'the main thread reads each small subset').toBe(3);
    expect(worker.exactSubsetReads, 'the worker read them').toBe(0);
    expect(worker.ftsWorkerReads).toBe(3);
    // Probing and reading stay on the main thread when the limits say so (here: no small sets).
    const probing = engine({ ftsWorker: true, exactProbeLimits: { probes: 256, rounds: 3, probeMs: 60_000, minMatches: 0 } });
    expect(await probing.startFtsWorker()).toBe(true);
    expect(await probing.search(q({ q: 'ungdom' }))).toEqual(main.searchSync(q({ q: 'ungdom' })));
  });

  it('leaves the event loop free while a slow read runs in the worker', async () => {
    const worker = engine({ ftsWorker: { delayMs: 400 } });
    expect(await worker.startFtsWorker()).toBe(true);
    const order: string[] = [];
    const slow = worker.search(q({ q: 'park' })).then(() => order.push('slow text search'));
    // Meanwhile the main thread answers a search without words and runs a timer.
    order.push(`empty search: ${(await worker.search(q({}))).total}`);
    await new Promise((r) => setTimeout(r, 50));
    order.push('timer');
    await slow;
    expect(order).toEqual(['empty search: 10', 'timer', 'slow text search']);
  });

  it('reads FTS5 on the main thread until the worker is ready, and after it stops', async () => {
    const worker = engine({ ftsWorker: true });
    const main = engine();
    // Not started yet: the first text search starts it and is answered without it.
    expect(await worker.search(queries[0])).toEqual(main.searchSync(queries[0]));
    expect(worker.ftsWorkerReads).toBe(0);
    expect(await worker.startFtsWorker()).toBe(true);
    expect(await worker.search(queries[1])).toEqual(main.searchSync(queries[1]));
    expect(worker.ftsWorkerReads).toBe(1);
    await worker.close();
    expect(worker.ftsWorkerReady).toBe(false);
    worker.clearMatchCache();
    expect(await worker.search(queries[2])).toEqual(main.searchSync(queries[2]));
    expect(worker.ftsWorkerReads).toBe(1);
  });

  it('answers on the main thread when the worker cannot open the database', async () => {
    const broken = engine({ ftsWorker: true });
    // Point the worker at a file that does not exist (the engine itself keeps its connection).
    (broken as unknown as { fts: { data: { file: string } } }).fts.data.file = `${handle.file}.missing`;
    expect(await broken.startFtsWorker()).toBe(false);
    expect(broken.ftsWorkerReady).toBe(false);
    expect(broken.ftsWorkerStatus).toBe('failed');
    const main = engine();
    expect(await broken.search(queries[0])).toEqual(main.searchSync(queries[0]));
  });

  it('has no worker when not asked for one', async () => {
    const none = engine();
    expect(await none.startFtsWorker()).toBe(false);
    expect(none.ftsWorkerStatus).toBe('off');
  });
});
