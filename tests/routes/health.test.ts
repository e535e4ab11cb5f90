// /health (liveness) and /ready (readiness), and what a read-only database or a full disk
// does: searches go on over the index as it is, a write gets a clear 503 page in the
// reader's language, and /health says what is wrong (never a hang or a 500).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { BUSY_TIMEOUT_MS, openDatabase } from '../../db/client.ts';
import { SEARCH_LOCK_RETRY_MS } from '../../server/search/change-feed.ts';

describe('health and readiness', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp({
      beforeReady: (app) => {
        // Stands for any route that writes (editing, suggestions).
        for (const url of ['/test-write', '/en/test-write']) {
          app.post(url, async () => {
            app.db.sqlite.prepare(`UPDATE initiatives SET title_en = title_en || ' ' WHERE id = (SELECT min(id) FROM initiatives)`).run();
            return { ok: true };
          });
        }
      },
    });
  });
  afterEach(async () => t.close());

  it('reports a healthy, ready app', async () => {
    const health = await t.app.inject('/health');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', db: 'ok', writable: true, search: 'ok', engine: 'sqlite' });
    expect(health.headers['cache-control']).toBe('no-store');
    // The text-match worker starts with the first text search.
    expect(health.json().ftsWorker).toBe('not-started');
    await t.app.inject('/?q=park');
    await t.app.embeddedSearch.startFtsWorker();
    expect((await t.app.inject('/health')).json().ftsWorker).toBe('ready');
    const ready = await t.app.inject('/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ ready: true, db: 'ok', migrationsPending: 0, writable: true, search: 'ok', searchPending: 0 });
    // Not a page: no language redirect for an English browser.
    expect((await t.app.inject({ url: '/ready', headers: { 'accept-language': 'en' } })).statusCode).toBe(200);
  });

  it('says when the database is read-only: searches still work, a write gets a clear 503', async () => {
    t.app.db.sqlite.pragma('query_only = ON');
    // A change made elsewhere is pending for the index; this process cannot apply it.
    const other = openDatabase(t.dbFile);
    other.sqlite.prepare(`UPDATE areas SET name = name || ' '`).run();
    other.close();
    const search = await t.app.inject('/?q=park');
    expect(search.statusCode).toBe(200);
    const health = await t.app.inject('/health');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'degraded', db: 'read-only', writable: false });
    const write = await t.app.inject({ method: 'POST', url: '/test-write' });
    expect(write.statusCode).toBe(503);
    expect(write.headers['retry-after']).toBe('60');
    expect(write.body).not.toMatch(/SqliteError|readonly database|at .*\.ts/);
    const ready = await t.app.inject('/ready');
    expect(ready.json()).toMatchObject({ writable: false, storage: 'read-only' });
  });

  it('while another process holds the write lock (a full rebuild): searches go on, a write gets a clear 503', async () => {
    const other = openDatabase(t.dbFile);
    try {
      // A change is pending for the index, and the other process keeps the lock.
      other.sqlite.prepare(`UPDATE areas SET name = name || ' '`).run();
      other.sqlite.exec('BEGIN IMMEDIATE');
      // A search does not wait out the connection's busy timeout (10 s) for the lock: it
      // answers from the index as it is, and the timeout is put back for everything else.
      const started = Date.now();
      const search = await t.app.inject('/?q=park');
      expect(search.statusCode).toBe(200);
      expect(Date.now() - started).toBeLessThan(BUSY_TIMEOUT_MS / 4);
      expect(t.app.db.sqlite.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
      expect((await t.app.inject('/?q=park')).statusCode).toBe(200);
      t.app.db.sqlite.pragma('busy_timeout = 50'); // a write waits the 10 s; the test need not
      const write = await t.app.inject({ method: 'POST', url: '/en/test-write' });
      expect(write.statusCode).toBe(503);
      expect(write.headers['retry-after']).toBe('10');
      const page = parse(write.body);
      expect(page.querySelector('main')?.text).toContain('The database is busy');
      expect(write.body).not.toMatch(/SqliteError|database is locked|at .*\.ts/);
      const nb = parse((await t.app.inject({ method: 'POST', url: '/test-write' })).body);
      expect(nb.querySelector('main')?.text).toContain('Databasen er opptatt');
      // Nothing is wrong with the database itself.
      expect((await t.app.inject('/health')).json()).toMatchObject({ writable: true });
    } finally {
      if (other.sqlite.inTransaction) other.sqlite.exec('ROLLBACK');
      other.close();
    }
    // Once the lock is free, writes succeed, and the first search after the searches' pause
    // applies the pending change.
    expect((await t.app.inject({ method: 'POST', url: '/test-write' })).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, SEARCH_LOCK_RETRY_MS));
    expect(t.app.db.sqlite.prepare(`SELECT count(*) FROM search_outbox WHERE id > (SELECT cursor FROM search_consumers WHERE name = 'embedded')`).pluck().get()).toBeGreaterThan(0);
    await t.app.inject('/?q=park');
    expect(t.app.db.sqlite.prepare(`SELECT count(*) FROM search_outbox WHERE id > (SELECT cursor FROM search_consumers WHERE name = 'embedded')`).pluck().get()).toBe(0);
  });

  it('says when the disk is full, with a page in the reader language', async () => {
    // SQLite's own "database or disk is full": no page may be added.
    const pages = t.app.db.sqlite.pragma('page_count', { simple: true }) as number;
    t.app.db.sqlite.pragma(`max_page_count = ${pages}`);
    const other = openDatabase(t.dbFile);
    other.sqlite.prepare(`UPDATE initiatives SET summary_en = coalesce(summary_en, '') || ?`).run('x'.repeat(20_000));
    other.close();
    expect((await t.app.inject('/en/?q=park')).statusCode).toBe(200);
    const health = await t.app.inject('/health');
    expect(health.json()).toMatchObject({ status: 'degraded', db: 'disk-full', writable: false });
    const write = await t.app.inject({ method: 'POST', url: '/en/test-write' });
    expect(write.statusCode).toBe(503);
    const page = parse(write.body);
    expect(page.querySelector('h1')?.text).toContain('Service temporarily unavailable');
    expect(page.querySelector('main')?.text).toContain('the disk is full');
    const nb = parse((await t.app.inject({ method: 'POST', url: '/test-write' })).body);
    expect(nb.querySelector('main')?.text).toContain('disken er full');
  });
});
