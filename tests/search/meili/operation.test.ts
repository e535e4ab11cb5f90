// Running against a live server, played by the loopback stub (tests/helpers/fake-meili.ts):
// a task poll that never answers, a 404 that is not "index missing", the server version,
// two drainers in two "processes" (two connections to one SQLite file), and the window
// while a new index fills (searches answered by the embedded engine, no document ever
// written to the live index).
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type DatabaseHandle } from '../../../db/client.ts';
import { MeilisearchSearchEngine } from '../../../server/search/meilisearch-engine.ts';
import { OutboxWorker } from '../../../server/search/outbox.ts';
import { DRAINER_LEASE, leaseHolder } from '../../../server/search/meili/lease.ts';
import { liveIndexIsCurrent } from '../../../server/search/meili/index-swap.ts';
import { judgeServerVersion } from '../../../server/search/meili/server-version.ts';
import { FACETS } from '../../../server/search/facets.ts';
import { q } from '../contract.ts';
import { buildTestApp, createTestDatabase, removeDbFile, type TestApp } from '../../helpers/app.ts';
import { FakeMeili } from '../../helpers/fake-meili.ts';

let fake: FakeMeili | null = null;
const handles: DatabaseHandle[] = [];
afterEach(async () => {
  await fake?.close();
  fake = null;
  for (const h of handles.splice(0)) {
    h.close();
  }
});

const engineFor = (f: FakeMeili, timeoutMs = 300) =>
  new MeilisearchSearchEngine({ host: f.url, searchKey: '', adminKey: '', index: 'initiatives', timeoutMs });

describe('a task poll the server never answers', () => {
  it('fails within the request timeout, not the 60 s task timeout', async () => {
    fake = await FakeMeili.start('hung-task');
    const engine = engineFor(fake, 1000);
    const started = Date.now();
    await expect(engine.upsertDocuments([{ id: 1, slug: 'x' } as never])).rejects.toThrow(/did not answer the status poll of task \d+ in 1000 ms/);
    expect(Date.now() - started).toBeLessThan(4000);
    // The write itself was accepted: only the poll hung.
    expect(fake.documents.get('initiatives')?.size).toBe(1);
  });

  it('still waits for a slow task that the server keeps answering about', async () => {
    fake = await FakeMeili.start('writes-ok');
    fake.taskDelayMs = 700; // longer than the request timeout, shorter than the task timeout
    const engine = engineFor(fake, 300);
    await expect(engine.upsertDocuments([{ id: 1, slug: 'x' } as never])).resolves.toBeUndefined();
  });
});

describe('a 404 is "index missing" only with the code index_not_found', () => {
  it('answers false for index_not_found and throws for any other 404', async () => {
    fake = await FakeMeili.start('writes-ok');
    const engine = engineFor(fake, 1000);
    expect(await engine.indexExists('nowhere')).toBe(false);
    fake.indexNotFoundCode = ''; // e.g. a proxy in front answering 404 for a wrong path
    await expect(engine.indexExists('nowhere')).rejects.toThrow(/Meilisearch answered HTTP 404/);
    await expect(engine.createIndexIfMissing('nowhere')).rejects.toThrow(/HTTP 404/);
    expect(fake.requests.some((r) => r.method === 'POST' && r.path === '/indexes')).toBe(false);
  });
});

describe('server versions', () => {
  it('supports 1.10 up to 2.0, refuses older ones and warns about newer majors', () => {
    expect(judgeServerVersion('1.10.0')).toEqual({ ok: true, version: '1.10.0' });
    expect(judgeServerVersion('v1.50.2')).toEqual({ ok: true, version: '1.50.2' });
    expect(judgeServerVersion('1.9.3')).toMatchObject({ ok: false, reason: expect.stringMatching(/1\.9\.3 is too old: this app needs 1\.10 or later/) });
    expect(judgeServerVersion('0.30.5').ok).toBe(false);
    expect(judgeServerVersion('2.0.0')).toMatchObject({ ok: true, warning: expect.stringMatching(/newer than this app was checked against/) });
    expect(judgeServerVersion('nonsense').ok).toBe(false);
  });

  it('a worker refuses to write to a server older than 1.10, and searches fall back at once', async () => {
    fake = await FakeMeili.start('writes-ok');
    fake.version = '1.9.0';
    const h = createTestDatabase();
    handles.push(h);
    const engine = engineFor(fake, 1000);
    const worker = new OutboxWorker(h.sqlite, engine);
    worker.start();
    expect(await worker.drain({ ignoreSchedule: true })).toBe(false);
    expect(worker.stats().lastError).toMatch(/Meilisearch 1\.9\.0 is too old: this app needs 1\.10 or later/);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    const searches = fake.requests.length;
    await expect(engine.search(q())).rejects.toThrow(/1\.9\.0 is too old/);
    expect(fake.requests.length).toBe(searches);
    // After an upgrade the next attempt goes through.
    fake.version = '1.12.0';
    expect(await worker.drain({ ignoreSchedule: true })).toBe(true);
    expect(fake.documents.get('initiatives')?.size).toBe(10);
    await worker.close();
    removeDbFile(h.file);
  });
});

describe('a server restored from scratch while the app runs', () => {
  it('is noticed at the next check and refilled through a new index', async () => {
    fake = await FakeMeili.start('writes-ok');
    const h = createTestDatabase();
    handles.push(h);
    let now = 1_000_000;
    const worker = new OutboxWorker(h.sqlite, engineFor(fake, 1000), { now: () => now, revalidateMs: 60_000 });
    worker.start();
    expect(await worker.drain({ ignoreSchedule: true })).toBe(true);
    expect(fake.documents.get('initiatives')?.size).toBe(10);
    // The server loses its data.
    fake.indexes.clear();
    fake.documents.clear();
    fake.settings.clear();
    now += 60_000;
    const swaps = fake.requests.filter((r) => r.path === '/swap-indexes').length;
    expect(await worker.drain({ ignoreSchedule: true })).toBe(true);
    expect(fake.requests.filter((r) => r.path === '/swap-indexes').length).toBe(swaps + 1);
    expect(fake.documents.get('initiatives')?.size).toBe(10);
    expect(fake.settings.get('initiatives')).toMatchObject({ filterableAttributes: expect.any(Array) });
    await worker.close();
    removeDbFile(h.file);
  });
});

describe('two drainers', () => {
  it('only the lease holder sends; the other takes over when it closes', async () => {
    fake = await FakeMeili.start('writes-ok');
    const first = createTestDatabase();
    const second = openDatabase(first.file);
    handles.push(second, first);
    const sent = { a: 0, b: 0 };
    const counting = (who: 'a' | 'b') => {
      const engine = engineFor(fake!, 1000);
      const upsert = engine.upsertDocuments.bind(engine);
      engine.upsertDocuments = async (docs, uid) => {
        sent[who] += docs.length;
        return upsert(docs, uid);
      };
      return engine;
    };
    const a = new OutboxWorker(first.sqlite, counting('a'), { owner: 'process-a' });
    const b = new OutboxWorker(second.sqlite, counting('b'), { owner: 'process-b' });
    expect(await Promise.all([a.drain({ ignoreSchedule: true }), b.drain({ ignoreSchedule: true })])).toEqual([true, true]);
    const holder = leaseHolder(first.sqlite, DRAINER_LEASE)!.owner;
    const [active, standby, activeKey, standbyKey] = holder === 'process-a' ? [a, b, 'a', 'b'] as const : [b, a, 'b', 'a'] as const;
    expect(active.stats().drainer).toBe('this-process');
    expect(standby.stats().drainer).toBe('other-process');
    expect(sent[activeKey]).toBe(10);
    expect(sent[standbyKey]).toBe(0);

    // Changes: only the holder sends them.
    for (const [i, slug] of ['glen-jobs', 'glen-housing', 'uten-periode'].entries()) {
      first.sqlite.prepare(`UPDATE initiatives SET title_en = ? WHERE slug = ?`).run(`Changed ${i}`, slug);
      await Promise.all([a.drain({ ignoreSchedule: true }), b.drain({ ignoreSchedule: true })]);
    }
    expect(sent[standbyKey]).toBe(0);
    expect(sent[activeKey]).toBe(13);

    // The holder stops (and releases): the other takes over at once.
    await active.close();
    second.sqlite.prepare(`UPDATE initiatives SET title_en = 'After the handover' WHERE slug = 'glen-jobs'`).run();
    expect(await standby.drain({ ignoreSchedule: true })).toBe(true);
    expect(sent[standbyKey]).toBe(1);
    expect(standby.stats()).toMatchObject({ drainer: 'this-process', pending: 0 });
    const glen = first.sqlite.prepare(`SELECT id FROM initiatives WHERE slug = 'glen-jobs'`).pluck().get() as number;
    expect(fake.documents.get('initiatives')!.get(glen)).toMatchObject({ titleEn: 'After the handover' });
    await standby.close();
    removeDbFile(first.file);
  });
});

describe('while the first index fills', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('searches are answered by the embedded engine without a notice, and no document goes to the live index', async () => {
    fake = await FakeMeili.start('writes-ok');
    let app: FastifyInstance | null = null;
    const during: { engine: string; total: number; degraded?: string }[] = [];
    fake.onDocuments = async (uid) => {
      if (!app || during.length > 0 || !uid.startsWith('initiatives_reindex_')) return;
      during.push((await app.inject('/api/v1/initiatives')).json());
    };
    t = await buildTestApp({
      env: { SEARCH_ENGINE: 'meilisearch', MEILI_HOST: fake.url, MEILI_TIMEOUT_MS: '1000' },
      beforeReady: (a) => {
        app = a;
      },
    });
    // Before anything was sent: the embedded engine answers, complete, and /health says why.
    const before = (await t.app.inject('/api/v1/initiatives')).json();
    expect(before).toMatchObject({ engine: 'sqlite', total: 10 });
    expect(before.degraded).toBeUndefined();
    const health = (await t.app.inject('/health')).json();
    expect(health).toMatchObject({ status: 'ok', search: 'ok' });
    expect(health.searchDetail).toMatch(/being built/);

    expect(await t.app.searchOutbox!.drain({ ignoreSchedule: true })).toBe(true);
    // During the fill: still the embedded engine, complete, no notice.
    expect(during).toHaveLength(1);
    expect(during[0]).toMatchObject({ engine: 'sqlite', total: 10 });
    expect(during[0].degraded).toBeUndefined();
    expect(fake.requests.some((r) => r.path === '/multi-search')).toBe(false);
    // Documents went only to the new index; the live one arrived complete, by the swap.
    const documentWrites = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/documents'));
    expect(documentWrites.length).toBeGreaterThan(0);
    expect(documentWrites.every((r) => r.path.startsWith('/indexes/initiatives_reindex_'))).toBe(true);
    expect(fake.requests.some((r) => r.path === '/swap-indexes')).toBe(true);
    expect(fake.documents.get('initiatives')?.size).toBe(10);
    expect(liveIndexIsCurrent(t.app.db.sqlite, FACETS)).toBe(true);

    // Now Meilisearch is asked (the stub refuses to search, so this one falls back with the notice).
    const after = (await t.app.inject('/api/v1/initiatives')).json();
    expect(fake.requests.some((r) => r.path === '/multi-search')).toBe(true);
    expect(after.degraded).toMatch(/HTTP 500/);
  });
});
