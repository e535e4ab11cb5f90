// `npm run reindex`: a fresh index swapped in (against the write side of the loopback
// stub, which never searches), the worker paused meanwhile, loud failure, and the
// embedded rebuild with SEARCH_ENGINE=sqlite.
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { MeilisearchSearchEngine } from '../../server/search/meilisearch-engine.ts';
import { rebuildEmbeddedIndex, rebuildMeilisearchIndex } from '../../server/search/reindex.ts';
import { OutboxWorker, REINDEX_FLAG_TTL_MS, reindexFlag, setReindexFlag } from '../../server/search/outbox.ts';
import { createTestDatabase, removeDbFile } from '../helpers/app.ts';
import { FakeMeili } from '../helpers/fake-meili.ts';

describe('reindex into Meilisearch', () => {
  let fake: FakeMeili;
  let handle: DatabaseHandle;
  let engine: MeilisearchSearchEngine;
  beforeEach(() => {
    handle = createTestDatabase();
  });
  afterEach(async () => {
    await fake?.close();
    handle.close();
    removeDbFile(handle.file);
  });
  const start = async (mode: 'writes-ok' | 'failed-task') => {
    fake = await FakeMeili.start(mode);
    engine = new MeilisearchSearchEngine({ host: fake.url, searchKey: '', adminKey: '', index: 'initiatives', timeoutMs: 1000 });
  };

  it('builds a fresh index, swaps it in, deletes the old one and clears the covered outbox', async () => {
    await start('writes-ok');
    await engine.ensureIndex();
    await engine.upsertDocuments([{ id: 999, slug: 'stale' } as never]);
    const lines: string[] = [];
    const report = await rebuildMeilisearchIndex(handle.sqlite, engine, { batchSize: 4, progress: (l) => lines.push(l), now: () => 1234 });
    expect(report).toMatchObject({ documents: 10, index: 'initiatives' });
    expect(report.clearedOutboxEntries).toBeGreaterThan(0);
    expect(lines).toEqual(expect.arrayContaining(['read 10 initiatives from SQLite', 'indexed 4/10', 'indexed 8/10', 'indexed 10/10', 'swapped initiatives_reindex_1234 in as initiatives']));
    const live = fake.documents.get('initiatives')!;
    expect([...live.keys()]).not.toContain(999);
    expect(live.size).toBe(10);
    expect(fake.indexes.has('initiatives_reindex_1234')).toBe(false);
    expect(fake.settings.get('initiatives_reindex_1234')).toMatchObject({ searchableAttributes: expect.any(Array) });
    const swap = fake.requests.find((r) => r.path === '/swap-indexes');
    expect(swap?.body).toEqual([{ indexes: ['initiatives', 'initiatives_reindex_1234'] }]);
    expect(handle.sqlite.prepare(`SELECT count(*) FROM search_outbox`).pluck().get()).toBe(0);
    expect(reindexFlag(handle.sqlite)).toBeNull();
  });

  it('fails loudly without swapping, keeps the outbox and clears the pause flag', async () => {
    await start('failed-task');
    const pending = handle.sqlite.prepare(`SELECT count(*) FROM search_outbox`).pluck().get();
    await expect(rebuildMeilisearchIndex(handle.sqlite, engine, { now: () => 5 })).rejects.toThrow(/task \d+ \(add 10 documents to initiatives_reindex_5\) failed/);
    expect(fake.requests.some((r) => r.path === '/swap-indexes')).toBe(false);
    expect(fake.indexes.has('initiatives_reindex_5')).toBe(false);
    expect(handle.sqlite.prepare(`SELECT count(*) FROM search_outbox`).pluck().get()).toBe(pending);
    expect(reindexFlag(handle.sqlite)).toBeNull();
  });

  it('pauses the sync worker while a reindex runs, unless the flag is stale', async () => {
    await start('writes-ok');
    let now = 1_000_000;
    const worker = new OutboxWorker(handle.sqlite, engine, { now: () => now });
    setReindexFlag(handle.sqlite, now);
    expect(await worker.drain({ ignoreSchedule: true })).toBe(true);
    expect(fake.requests).toEqual([]);
    expect(worker.stats().paused).toBe(true);
    now += REINDEX_FLAG_TTL_MS + 1;
    expect(await worker.drain({ ignoreSchedule: true })).toBe(true);
    expect(fake.documents.get('initiatives')?.size).toBe(10);
    expect(worker.stats()).toMatchObject({ pending: 0, paused: false });
    await worker.close();
  });
});

describe('npm run reindex', () => {
  let handle: DatabaseHandle;
  beforeEach(() => {
    handle = createTestDatabase();
    handle.close();
  });
  afterEach(() => removeDbFile(handle.file));
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/reindex.ts', '--db', handle.file], {
      env: { ...process.env, LOG_LEVEL: 'silent', SEARCH_ENGINE: 'sqlite', MEILI_HOST: '', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('rebuilds the embedded index with SEARCH_ENGINE=sqlite and says so', () => {
    const res = run({});
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/SEARCH_ENGINE=sqlite, rebuilt the embedded FTS5 index for 10 initiatives/);
  });

  it('exits non-zero with the reason when Meilisearch cannot be reached, without printing the key', async () => {
    const fake = await FakeMeili.start('down');
    const res = run({ SEARCH_ENGINE: 'meilisearch', MEILI_HOST: fake.url, MEILI_ADMIN_KEY: 'very-secret-admin-key' });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/reindex failed: Meilisearch unreachable \(ECONNREFUSED\)/);
    expect(res.stdout + res.stderr).not.toContain('very-secret-admin-key');
  });
});

describe('rebuildEmbeddedIndex', () => {
  it('leaves a consistent FTS5 index', () => {
    const h = createTestDatabase();
    h.sqlite.prepare(`INSERT INTO search_fts(search_fts) VALUES('delete-all')`).run();
    expect(h.sqlite.prepare(`SELECT count(*) FROM search_fts WHERE search_fts MATCH '"glen"*'`).pluck().get()).toBe(0);
    expect(rebuildEmbeddedIndex(h.sqlite)).toBe(10);
    expect(h.sqlite.prepare(`SELECT count(*) FROM search_fts WHERE search_fts MATCH '"glen"*'`).pluck().get()).toBe(2);
    h.sqlite.prepare(`INSERT INTO search_fts(search_fts) VALUES('integrity-check')`).run();
    h.close();
    removeDbFile(h.file);
  });
});
