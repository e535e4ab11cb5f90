// `npm run reindex` and the rebuild behind it (meili/index-swap.ts): a fresh index swapped
// in (against the write side of the loopback stub, which never searches), settings on the
// new index only, the drainer paused by the rebuild's lease (renewed while it works),
// changes made meanwhile replayed into the new index, loud failure. The embedded rebuild
// (SEARCH_ENGINE=sqlite) is tested in embedded-rebuild.test.ts.
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { MeilisearchSearchEngine } from '../../server/search/meilisearch-engine.ts';
import { rebuildMeilisearchIndex } from '../../server/search/reindex.ts';
import { OutboxWorker } from '../../server/search/outbox.ts';
import { REBUILD_LEASE, acquireLease, leaseHolder } from '../../server/search/meili/lease.ts';
import { FACETS } from '../../server/search/facets.ts';
import { RebuildBusyError, expectedIndexState, liveIndexIsCurrent, markLiveIndex, rebuildRunning } from '../../server/search/meili/index-swap.ts';
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
    engine = new MeilisearchSearchEngine({ host: fake.url, searchKey: '', adminKey: '', index: 'initiatives', timeoutMs: 2000 });
  };
  const glen = () => handle.sqlite.prepare(`SELECT id FROM initiatives WHERE slug = 'glen-jobs'`).pluck().get() as number;

  it('builds a fresh index, swaps it in, deletes the old one and clears the covered outbox', async () => {
    await start('writes-ok');
    await engine.ensureIndex();
    await engine.upsertDocuments([{ id: 999, slug: 'stale' } as never]);
    const from = fake.requests.length;
    const lines: string[] = [];
    const report = await rebuildMeilisearchIndex(handle.sqlite, engine, { batchSize: 4, progress: (l) => lines.push(l), now: () => 1234 });
    expect(report).toMatchObject({ documents: 10, index: 'initiatives', replayed: 0 });
    expect(report.clearedOutboxEntries).toBeGreaterThan(0);
    expect(lines).toEqual(expect.arrayContaining(['10 initiatives to index from SQLite', 'indexed 4/10', 'indexed 8/10', 'indexed 10/10', 'swapped initiatives_reindex_1234 in as initiatives']));
    const live = fake.documents.get('initiatives')!;
    expect([...live.keys()]).not.toContain(999);
    expect(live.size).toBe(10);
    expect(fake.indexes.has('initiatives_reindex_1234')).toBe(false);
    // The settings went to the new index only and came along with the swap.
    const settingsWrites = fake.requests.slice(from).filter((r) => r.method === 'PATCH' && r.path.endsWith('/settings'));
    expect(settingsWrites.map((r) => r.path)).toEqual(['/indexes/initiatives_reindex_1234/settings']);
    expect(fake.settings.get('initiatives')).toMatchObject({ searchableAttributes: expect.any(Array) });
    const swap = fake.requests.find((r) => r.path === '/swap-indexes');
    expect(swap?.body).toEqual([{ indexes: ['initiatives', 'initiatives_reindex_1234'] }]);
    expect(handle.sqlite.prepare(`SELECT count(*) FROM search_outbox`).pluck().get()).toBe(0);
    expect(leaseHolder(handle.sqlite, REBUILD_LEASE, 1234)).toBeNull();
    expect(liveIndexIsCurrent(handle.sqlite, FACETS)).toBe(true);
  });

  it('creates a missing live index for the swap without settings of its own', async () => {
    await start('writes-ok');
    await rebuildMeilisearchIndex(handle.sqlite, engine, { now: () => 77 });
    expect(fake.requests.some((r) => r.method === 'PATCH' && r.path === '/indexes/initiatives/settings')).toBe(false);
    expect(fake.requests.some((r) => r.method === 'POST' && r.path === '/indexes' && (r.body as { uid: string }).uid === 'initiatives')).toBe(true);
    expect(fake.documents.get('initiatives')?.size).toBe(10);
  });

  it('fails loudly without swapping, keeps the outbox and gives up its lease', async () => {
    await start('failed-task');
    const pending = handle.sqlite.prepare(`SELECT count(*) FROM search_outbox`).pluck().get();
    await expect(rebuildMeilisearchIndex(handle.sqlite, engine, { now: () => 5 })).rejects.toThrow(/task \d+ \(add 10 documents to initiatives_reindex_5\) failed/);
    expect(fake.requests.some((r) => r.path === '/swap-indexes')).toBe(false);
    expect(fake.indexes.has('initiatives_reindex_5')).toBe(false);
    expect(handle.sqlite.prepare(`SELECT count(*) FROM search_outbox`).pluck().get()).toBe(pending);
    expect(leaseHolder(handle.sqlite, REBUILD_LEASE, 5)).toBeNull();
    expect(handle.sqlite.prepare(`SELECT count(*) FROM search_consumers WHERE name = 'meilisearch-rebuild'`).pluck().get()).toBe(0);
  });

  it('refuses to run beside another rebuild', async () => {
    await start('writes-ok');
    expect(acquireLease(handle.sqlite, REBUILD_LEASE, 'other-process', 60_000)).toBe(true);
    await expect(rebuildMeilisearchIndex(handle.sqlite, engine)).rejects.toThrow(RebuildBusyError);
    expect(fake.requests.some((r) => r.path.startsWith('/indexes'))).toBe(false);
  });

  it('pauses the sync worker while a rebuild holds its lease, and resumes when it expires', async () => {
    await start('writes-ok');
    let now = 1_000_000;
    const worker = new OutboxWorker(handle.sqlite, engine, { now: () => now });
    expect(acquireLease(handle.sqlite, REBUILD_LEASE, 'npm-run-reindex', 60_000, now)).toBe(true);
    expect(await worker.drain({ ignoreSchedule: true })).toBe(true);
    expect(fake.requests).toEqual([]);
    expect(worker.stats().paused).toBe(true);
    now += 60_001; // the rebuild died without releasing its lease
    expect(await worker.drain({ ignoreSchedule: true })).toBe(true);
    expect(fake.documents.get('initiatives')?.size).toBe(10);
    expect(worker.stats()).toMatchObject({ pending: 0, paused: false });
    await worker.close();
  });

  it('keeps its lease through a rebuild longer than the lease TTL, and a change made meanwhile reaches the new index', async () => {
    await start('writes-ok');
    const worker = new OutboxWorker(handle.sqlite, engine);
    markLiveIndex(handle.sqlite, expectedIndexState(handle.sqlite, FACETS));
    await engine.ensureIndex();
    const seen: { paused: boolean; stillHeld: boolean }[] = [];
    const report = await rebuildMeilisearchIndex(handle.sqlite, engine, {
      batchSize: 5,
      leaseTtlMs: 400,
      afterBatch: async (done) => {
        if (done !== 5) return;
        // Longer than the TTL: only the heartbeat keeps the lease.
        await new Promise((r) => setTimeout(r, 1200));
        seen.push({ paused: worker.stats().paused, stillHeld: rebuildRunning(handle.sqlite) });
        handle.sqlite.prepare(`UPDATE initiatives SET title_en = 'Written during the rebuild' WHERE id = ?`).run(glen());
        // The drainer stays away from the index about to be replaced.
        const before = fake.requests.length;
        expect(await worker.drain({ ignoreSchedule: true })).toBe(true);
        expect(fake.requests.length).toBe(before);
      },
    });
    expect(seen).toEqual([{ paused: true, stillHeld: true }]);
    expect(report.replayed).toBeGreaterThan(0);
    expect(fake.documents.get('initiatives')!.get(glen())).toMatchObject({ titleEn: 'Written during the rebuild' });
    // The drainer's cursor is past the change: nothing is sent twice.
    expect(worker.stats().pending).toBe(0);
    await worker.close();
  });

  it('reads the documents batch by batch: a change to one not read yet goes out with its batch', async () => {
    await start('writes-ok');
    const last = handle.sqlite.prepare(`SELECT max(id) FROM initiatives`).pluck().get() as number;
    const sent: { titleEn?: string }[][] = [];
    const report = await rebuildMeilisearchIndex(handle.sqlite, engine, {
      batchSize: 4,
      now: () => 42,
      afterBatch: async (done) => {
        if (done === 4) handle.sqlite.prepare(`UPDATE initiatives SET title_en = 'Changed before its batch' WHERE id = ?`).run(last);
      },
    });
    for (const r of fake.requests) {
      if (r.method === 'POST' && r.path === '/indexes/initiatives_reindex_42/documents') sent.push(r.body as { titleEn?: string }[]);
    }
    // The last batch (read after the change) already carried it; the replay sent it again.
    const lastBatch = sent[2].find((d) => (d as { id: number }).id === last);
    expect(lastBatch).toMatchObject({ titleEn: 'Changed before its batch' });
    expect(sent.slice(0, 3).map((b) => b.length)).toEqual([4, 4, 2]);
    expect(report.replayed).toBeGreaterThan(0);
    expect(fake.documents.get('initiatives')!.get(last)).toMatchObject({ titleEn: 'Changed before its batch' });
    expect(fake.documents.get('initiatives')!.size).toBe(10);
  });

  it('indexes an initiative deleted or added while it runs as the catalogue ends up', async () => {
    await start('writes-ok');
    const ids = handle.sqlite.prepare(`SELECT id FROM initiatives ORDER BY id`).pluck().all() as number[];
    await rebuildMeilisearchIndex(handle.sqlite, engine, {
      batchSize: 4,
      afterBatch: async (done) => {
        if (done !== 4) return;
        // One already sent, one not read yet.
        handle.sqlite.prepare(`DELETE FROM initiatives WHERE id IN (?, ?)`).run(ids[0], ids[9]);
      },
    });
    const live = fake.documents.get('initiatives')!;
    expect([...live.keys()].sort((a, b) => a - b)).toEqual(ids.slice(1, 9));
  });

  it('replays a change even when a drainer sent it to the old index during the rebuild', async () => {
    await start('writes-ok');
    await rebuildMeilisearchIndex(handle.sqlite, engine); // a live index, filled
    // A drainer that does not see the rebuild (its clock says the lease ran out).
    const blind = new OutboxWorker(handle.sqlite, engine, { now: () => Date.now() + 3_600_000 });
    await rebuildMeilisearchIndex(handle.sqlite, engine, {
      batchSize: 5,
      afterBatch: async (done) => {
        if (done !== 5) return;
        handle.sqlite.prepare(`UPDATE initiatives SET title_en = 'Sent to the old index' WHERE id = ?`).run(glen());
        expect(await blind.drain({ ignoreSchedule: true })).toBe(true);
        expect(fake.documents.get('initiatives')!.get(glen())).toMatchObject({ titleEn: 'Sent to the old index' });
      },
    });
    expect(fake.documents.get('initiatives')!.get(glen())).toMatchObject({ titleEn: 'Sent to the old index' });
    expect(fake.documents.get('initiatives')!.size).toBe(10);
    await blind.close();
  });
});

describe('a rebuild beside a drainer in another process', () => {
  it('uses one SQLite file through two connections', async () => {
    const h = createTestDatabase();
    const other = openDatabase(h.file);
    try {
      expect(acquireLease(h.sqlite, REBUILD_LEASE, 'a', 10_000)).toBe(true);
      expect(rebuildRunning(other.sqlite)).toBe(true);
      expect(rebuildRunning(other.sqlite, 'a')).toBe(false);
    } finally {
      other.close();
      h.close();
      removeDbFile(h.file);
    }
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
    expect(res.stdout).toContain('reindex: 10 of 10 initiatives indexed');
  });

  it('exits non-zero with the reason when Meilisearch cannot be reached, without printing the key', async () => {
    const fake = await FakeMeili.start('down');
    const res = run({ SEARCH_ENGINE: 'meilisearch', MEILI_HOST: fake.url, MEILI_ADMIN_KEY: 'very-secret-admin-key' });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/reindex failed: Meilisearch unreachable \(ECONNREFUSED\)/);
    expect(res.stdout + res.stderr).not.toContain('very-secret-admin-key');
  });
});
