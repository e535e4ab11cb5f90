// Search answers kept until the index changes (app.answers, SEARCH_ANSWER_CACHE_MB): the
// same request is answered again byte for byte without a search, the page, its htmx
// fragment, each language and the API are kept apart, and every change that reaches the
// index through the change feed is in the very next answer — the same changes the change
// feed's own tests make, seen through HTTP.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

const HX = { 'hx-request': 'true' };

describe('search answers are kept until the index changes', () => {
  let t: TestApp;
  let searches: () => number;
  beforeEach(async () => {
    t = await buildTestApp();
    const spy = vi.spyOn(t.app.searchEngine, 'search');
    searches = () => spy.mock.calls.length;
  });
  afterEach(async () => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
  const hits = (body: string) => parse(body).querySelectorAll('.hit h3 a').map((a) => a.getAttribute('href')!.replace(/^.*\//, '')).sort();
  const sql = (statement: string, ...params: unknown[]) => t.app.db.sqlite.prepare(statement).run(...params);
  const idOf = (table: string, slug: string) => t.app.db.sqlite.prepare(`SELECT id FROM ${table} WHERE slug = ?`).pluck().get(slug) as number;

  for (const [name, url, headers] of [
    ['the search page', '/?q=park', {}],
    ['the page in English', '/en/?q=park&country=NO', {}],
    ['the htmx fragment', '/?q=park', HX],
    ['the API', '/api/v1/initiatives?q=park&lang=en', {}],
  ] as const) {
    it(`answers ${name} again byte for byte without searching`, async () => {
      const first = await get(url, headers);
      expect(first.statusCode).toBe(200);
      const after = searches();
      expect(after).toBeGreaterThan(0);
      const again = await get(url, headers);
      expect(searches()).toBe(after);
      expect(again.statusCode).toBe(200);
      expect(again.body).toBe(first.body);
      expect(again.headers['content-type']).toBe(first.headers['content-type']);
      expect(again.headers.vary).toBe(first.headers.vary);
    });
  }

  it('keeps the whole page, the fragment and each language apart', async () => {
    const page = (await get('/?q=park')).body;
    const fragment = (await get('/?q=park', HX)).body;
    const english = (await get('/en/?q=park')).body;
    expect(page).toContain('<html');
    expect(fragment).not.toContain('<html');
    expect(fragment).toContain('id="results"');
    expect(english).toContain('lang="en"');
    expect((await get('/?q=park')).body).toBe(page);
    expect((await get('/?q=park', HX)).body).toBe(fragment);
  });

  const changes: { name: string; url: string; change: () => void; before: (body: string) => void; after: (body: string) => void }[] = [
    {
      name: 'a relabelled vocabulary term',
      url: '/?q=Ten%C3%A5ringsliv',
      change: () => sql(`UPDATE terms SET label_nb = 'Tenåringsliv' WHERE kind = 'target' AND code = 'youth'`),
      before: (body) => expect(hits(body)).toEqual([]),
      after: (body) => expect(hits(body).length).toBeGreaterThan(0),
    },
    {
      name: 'a renamed area (its initiatives, and the area beside them)',
      url: '/?q=Nordlysbyen',
      change: () => sql(`UPDATE areas SET name = 'Nordlysbyen' WHERE slug = 'tromso-nord'`),
      before: (body) => expect(hits(body)).toEqual([]),
      after: (body) => {
        expect(hits(body).length).toBeGreaterThan(0);
        expect(parse(body).querySelector('.record-matches__group[data-kind="area"] a')?.getAttribute('href')).toBe('/areas/tromso-nord');
      },
    },
    {
      name: 'a programme’s new name',
      url: '/?q=Kvartalspr%C3%B8ven',
      change: () => sql(`UPDATE programmes SET name_nb = 'Kvartalsprøven' WHERE slug = 'prog-dk'`),
      before: (body) => expect(hits(body)).toEqual([]),
      after: (body) => expect(hits(body)).toEqual(['gronne-gardrum', 'kvarterhus-norrebro']),
    },
    {
      name: 'an organisation given a role',
      url: '/?q=Testbanken',
      change: () =>
        sql(`INSERT INTO initiative_organisations (initiative_id, organisation_id, role) VALUES (?, ?, 'partner')`, idOf('initiatives', 'glen-jobs'), idOf('organisations', 'test-bank')),
      before: (body) => expect(hits(body)).toEqual(['moteplass-for-ungdom']),
      after: (body) => expect(hits(body)).toEqual(['glen-jobs', 'moteplass-for-ungdom']),
    },
    {
      // Only a talk's own search document changes here: no initiative is touched.
      name: 'a talk linked to a place (beside the results)',
      url: '/?q=G%C3%A5rdsby',
      change: () => sql(`INSERT INTO resource_areas (resource_id, area_id) VALUES (?, ?)`, idOf('resources', 'erfaringer-fra-testvik'), idOf('areas', 'gardsby')),
      before: (body) => expect(parse(body).querySelector('.record-matches__group[data-kind="resource"]')).toBeNull(),
      after: (body) =>
        expect(parse(body).querySelector('.record-matches__group[data-kind="resource"] a')?.getAttribute('href')).toBe('/resources/erfaringer-fra-testvik'),
    },
    {
      name: 'a deleted initiative',
      url: '/?q=Glen',
      change: () => sql(`DELETE FROM initiatives WHERE slug = 'glen-jobs'`),
      before: (body) => expect(hits(body)).toContain('glen-jobs'),
      after: (body) => expect(hits(body)).not.toContain('glen-jobs'),
    },
  ];
  for (const c of changes) {
    it(`answers with ${c.name} in the very next search`, async () => {
      const first = (await get(c.url)).body;
      c.before(first);
      expect((await get(c.url)).body).toBe(first); // kept
      c.change();
      const next = await get(c.url);
      c.after(next.body);
      // ... and that answer is kept in turn.
      const n = searches();
      expect((await get(c.url)).body).toBe(next.body);
      expect(searches()).toBe(n);
    });
  }

  it('answers the API with a renamed area at once', async () => {
    const total = async () => (await get('/api/v1/initiatives?q=Nordlysbyen')).json().total as number;
    expect(await total()).toBe(0);
    expect(await total()).toBe(0);
    sql(`UPDATE areas SET name = 'Nordlysbyen' WHERE slug = 'tromso-nord'`);
    expect(await total()).toBeGreaterThan(0);
  });

  it('keeps no answer that shows input errors', async () => {
    // From the page's own form (htmx) a bad year is shown next to the field, answered 200.
    const n = searches();
    const first = await get('/?q=park&from=abc', HX);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('id="input-errors"');
    await get('/?q=park&from=abc', HX);
    expect(searches()).toBe(n + 2);
  });
});

describe('search answers when none are kept', () => {
  it('searches every time with SEARCH_ANSWER_CACHE_MB=0', async () => {
    const t = await buildTestApp({ env: { SEARCH_ANSWER_CACHE_MB: '0' } });
    try {
      const spy = vi.spyOn(t.app.searchEngine, 'search');
      await t.app.inject('/?q=park');
      const n = spy.mock.calls.length;
      await t.app.inject('/?q=park');
      expect(spy.mock.calls.length).toBe(2 * n);
      expect(t.app.answers.begin('any')).toBeNull();
    } finally {
      await t.close();
    }
  });

  it('keeps none when Meilisearch answers the searches', async () => {
    const t = await buildTestApp({ env: { SEARCH_ENGINE: 'meilisearch', MEILI_HOST: 'http://127.0.0.1:9', MEILI_TIMEOUT_MS: '50' } });
    try {
      expect(t.app.answers.begin('any')).toBeNull();
    } finally {
      await t.close();
    }
  });

  it('refuses a size that is not a whole number of MB, naming the variable', async () => {
    await expect(buildTestApp({ env: { SEARCH_ANSWER_CACHE_MB: 'lots' } })).rejects.toThrow(/SEARCH_ANSWER_CACHE_MB/);
  });
});
