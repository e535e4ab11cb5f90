// Fault tests: the app with SEARCH_ENGINE=meilisearch against a local stub that plays a
// failing Meilisearch (tests/helpers/fake-meili.ts; it never answers a search). The page
// still answers through the embedded engine with the notice, /health says degraded with
// the reason, and the change feed keeps every entry for Meilisearch (its cursor does not
// move) until the stub accepts writes again.
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, removeDbFile, type TestApp } from '../helpers/app.ts';
import { FakeMeili, type FakeMode } from '../helpers/fake-meili.ts';

const DEGRADED_NB = 'Søketjenesten svarer ikke akkurat nå';

interface Case {
  mode: FakeMode;
  reason: RegExp;
}

const CASES: Case[] = [
  { mode: 'down', reason: /Meilisearch unreachable \((ECONNREFUSED|UND_ERR_SOCKET)\)/ },
  { mode: 'hang', reason: /Meilisearch timed out after 500 ms/ },
  { mode: 'error500', reason: /Meilisearch answered HTTP 500 internal/ },
  { mode: 'failed-task', reason: /Meilisearch answered HTTP 500/ },
];

describe.each(CASES)('Meilisearch fault: $mode', ({ mode, reason }) => {
  let fake: FakeMeili;
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
    await fake?.close();
  });

  const outboxRows = () =>
    t.app.db.sqlite.prepare(`SELECT id, kind, record_id FROM search_outbox ORDER BY id`).all() as { id: number; kind: string; record_id: number }[];
  const meiliConsumer = () =>
    t.app.db.sqlite.prepare(`SELECT cursor, last_error FROM search_consumers WHERE name = 'meilisearch'`).get() as
      | { cursor: number; last_error: string | null }
      | undefined;

  it('answers from the embedded engine, reports degraded, keeps and then drains the outbox', async () => {
    // Meilisearch worked (the live index was filled and swapped in), then fails.
    fake = await FakeMeili.start('writes-ok');
    t = await buildTestApp({ env: { SEARCH_ENGINE: 'meilisearch', MEILI_HOST: fake.url, MEILI_TIMEOUT_MS: '500' } });
    const worker = t.app.searchOutbox!;
    expect(worker).not.toBeNull();
    expect(await worker.drain({ ignoreSchedule: true })).toBe(true);
    expect(fake.documents.get('initiatives')?.size).toBe(10);
    await fake.setMode(mode);

    // The page answers, with results and the notice.
    const page = await t.app.inject('/?q=Tromsø');
    expect(page.statusCode).toBe(200);
    const html = parse(page.body);
    expect(html.querySelector('.notice')?.text).toContain(DEGRADED_NB);
    expect(html.querySelectorAll('ol.hits > li').length).toBe(2);

    // The API says which engine answered and why.
    const api = (await t.app.inject('/api/v1/initiatives?q=Tromsø')).json();
    expect(api.engine).toBe('sqlite');
    expect(api.degraded).toMatch(reason);
    expect(api.total).toBe(2);

    // /health: degraded, with the reason.
    const health = await t.app.inject('/health');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'degraded', db: 'ok', search: 'degraded', engine: 'meilisearch' });
    expect(health.json().searchDetail).toMatch(reason);

    // A write while Meilisearch fails is recorded, and kept through failed attempts.
    t.app.db.sqlite.prepare(`UPDATE initiatives SET title_en = 'Glen jobs and skills hub' WHERE slug = 'glen-jobs'`).run();
    const glenId = t.app.db.sqlite.prepare(`SELECT id FROM initiatives WHERE slug = 'glen-jobs'`).pluck().get() as number;
    expect(outboxRows().at(-1)).toMatchObject({ kind: 'initiative', record_id: glenId });
    const cursor = meiliConsumer()!.cursor;
    const before = outboxRows();
    expect(await worker.drain({ ignoreSchedule: true })).toBe(false);
    expect(await worker.drain({ ignoreSchedule: true })).toBe(false);
    expect(outboxRows().map((r) => r.id)).toEqual(expect.arrayContaining(before.map((r) => r.id)));
    expect(meiliConsumer()!.cursor).toBe(cursor);
    expect(meiliConsumer()!.last_error).toBeTruthy();
    if (mode === 'failed-task') {
      expect(meiliConsumer()?.last_error).toMatch(/task \d+ \(add 1 documents to initiatives\) failed: invalid_document_fields/);
      expect((await t.app.inject('/health')).json().outbox.lastError).toMatch(/failed: invalid_document_fields/);
    }
    expect(worker.stats().pending).toBeGreaterThan(0);

    // The server takes writes again: the outbox drains, the change arrives.
    await fake.setMode('writes-ok');
    expect(await worker.drain({ ignoreSchedule: true })).toBe(true);
    expect(worker.stats()).toMatchObject({ pending: 0, drainer: 'this-process' });
    expect(meiliConsumer()).toMatchObject({ last_error: null });
    const docs = fake.documents.get('initiatives')!;
    expect(docs.size).toBe(10);
    expect(docs.get(glenId)).toMatchObject({ slug: 'glen-jobs', titleEn: 'Glen jobs and skills hub' });
    expect(fake.settings.get('initiatives')).toMatchObject({ filterableAttributes: expect.arrayContaining(['country', 'periodMin']) });
    const healthAfter = (await t.app.inject('/health')).json();
    expect(healthAfter.outbox).toMatchObject({ pending: 0, retrying: 0, lastError: null });
    // Searching is still failing in the stub, so search stays degraded (it never ranks).
    expect(healthAfter.search).toBe('degraded');
  });
});

describe('the worker against a recovering Meilisearch', () => {
  let fake: FakeMeili;
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
    await fake?.close();
  });

  it('deletes documents of initiatives that are gone and sends only what changed', async () => {
    fake = await FakeMeili.start('writes-ok');
    t = await buildTestApp({ env: { SEARCH_ENGINE: 'meilisearch', MEILI_HOST: fake.url, MEILI_TIMEOUT_MS: '500' } });
    const worker = t.app.searchOutbox!;
    expect(await worker.drain({ ignoreSchedule: true })).toBe(true);
    expect(fake.documents.get('initiatives')!.size).toBe(10);
    const posts = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/indexes/initiatives/documents');
    const sent = posts().length;
    t.app.db.sqlite.prepare(`DELETE FROM initiatives WHERE slug = 'uten-periode'`).run();
    t.app.db.sqlite.prepare(`UPDATE programmes SET name_en = 'Quarter Trial II' WHERE slug = 'prog-dk'`).run();
    expect(await worker.drain({ ignoreSchedule: true })).toBe(true);
    expect(fake.documents.get('initiatives')!.size).toBe(9);
    const last = posts().slice(sent).flatMap((r) => r.body as { slug: string }[]).map((d) => d.slug).sort();
    expect(last).toEqual(['gronne-gardrum', 'kvarterhus-norrebro']);
    expect(fake.requests.some((r) => r.path === '/indexes/initiatives/documents/delete-batch')).toBe(true);
  });

  it('stops cleanly on app close with entries still waiting', async () => {
    fake = await FakeMeili.start('hang');
    t = await buildTestApp({ env: { SEARCH_ENGINE: 'meilisearch', MEILI_HOST: fake.url, MEILI_TIMEOUT_MS: '100' } });
    t.app.db.sqlite.prepare(`UPDATE initiatives SET title_en = 'Glen jobs and skills hub' WHERE slug = 'glen-jobs'`).run();
    const pending = t.app.searchOutbox!.stats().pending;
    expect(pending).toBeGreaterThan(0);
    const started = Date.now();
    await t.app.close();
    expect(Date.now() - started).toBeLessThan(5000);
    const dbFile = t.dbFile;
    t = { ...t, close: async () => removeDbFile(dbFile) };
  });
});
