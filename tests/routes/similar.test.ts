// Comparable initiatives over HTTP: the section on every initiative page (after the related
// ones, each with why and a compare link, in both languages) and GET
// /api/v1/initiatives/:id/similar (slug or ref, 404 unknown, 400 malformed), the same list
// whichever search engine the app runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { recordFixture } from '../fixtures/records.ts';
import { Value } from '@sinclair/typebox/value';
import { SimilarListSchema } from '../../server/schemas/similar.ts';

describe('comparable initiatives', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ catalogue: recordFixture() });
  });
  afterAll(async () => t.close());

  describe('on the initiative page', () => {
    it('comes right after the related initiatives, with country, why and a compare link', async () => {
      const doc = parse((await t.app.inject('/initiatives/moteplass-for-ungdom')).body);
      const headings = doc.querySelectorAll('article > section > h2').map((h) => h.text.trim());
      expect(headings[headings.indexOf('Relaterte tiltak') + 1]).toBe('Sammenlignbare tiltak');
      const items = doc.querySelectorAll('#similar li');
      expect(items.length).toBeGreaterThanOrEqual(2);
      expect(items.length).toBeLessThanOrEqual(6);
      const first = items[0];
      expect(first.querySelector('a')?.getAttribute('href')).toBe('/initiatives/kvarterhus-norrebro');
      expect(first.querySelector('.record-list__meta')?.text).toBe('(Danmark)');
      expect(first.querySelector('.similar__why')?.text).toBe('Også sosial + kulturell, møteplasser');
      expect(first.querySelector('.similar__compare')?.getAttribute('href')).toBe('/compare?ids=moteplass-for-ungdom,kvarterhus-norrebro');
      // The cross-country rule: at least two not from Norway.
      expect(items.filter((li) => li.querySelector('.record-list__meta')?.text !== '(Norge)').length).toBeGreaterThanOrEqual(2);
    });

    it('speaks English on the English page', async () => {
      const doc = parse((await t.app.inject('/en/initiatives/moteplass-for-ungdom')).body);
      expect(doc.querySelector('#similar-heading')?.text).toBe('Comparable initiatives');
      expect(doc.querySelector('#similar .similar__why')?.text).toBe('Also social + cultural, meeting places');
      expect(doc.querySelector('#similar .similar__compare')?.getAttribute('href')).toBe('/en/compare?ids=moteplass-for-ungdom,kvarterhus-norrebro');
    });
  });

  describe('GET /api/v1/initiatives/:id/similar', () => {
    it('lists them by slug or by ref in any case, the same as the page, in its schema', async () => {
      const bySlug = await t.app.inject('/api/v1/initiatives/moteplass-for-ungdom/similar');
      expect(bySlug.statusCode).toBe(200);
      const body = bySlug.json();
      expect(Value.Check(SimilarListSchema, body)).toBe(true);
      expect(body.initiative).toEqual({ ref: 'moteplass-for-ungdom', slug: 'moteplass-for-ungdom', url: '/initiatives/moteplass-for-ungdom', permalink: '/i/moteplass-for-ungdom' });
      expect(body.total).toBe(body.items.length);
      expect(body.items[0]).toMatchObject({
        initiative: { ref: 'kvarterhus-norrebro', slug: 'kvarterhus-norrebro' },
        country: 'DK',
        shared: { measureTypes: ['social', 'cultural'], themes: ['meeting-places'] },
        why: { nb: 'Også sosial + kulturell, møteplasser', en: 'Also social + cultural, meeting places' },
        url: '/initiatives/kvarterhus-norrebro',
        permalink: '/i/kvarterhus-norrebro',
      });
      const scores = body.items.map((i: { score: number }) => i.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      const byRef = await t.app.inject('/api/v1/initiatives/MOTEPLASS-FOR-UNGDOM/similar');
      expect(byRef.json()).toEqual(body);
      const page = parse((await t.app.inject('/initiatives/moteplass-for-ungdom')).body);
      expect(page.querySelectorAll('#similar li > a:first-child').map((a) => a.getAttribute('href'))).toEqual(body.items.map((i: { url: string }) => i.url));
    });

    it('is 404 for an unknown initiative and 400 for an id that cannot be one', async () => {
      const unknown = await t.app.inject('/api/v1/initiatives/nope/similar');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().message).toMatch(/nope/);
      expect((await t.app.inject('/api/v1/initiatives/%20bad%20/similar')).statusCode).toBe(400);
    });

    it('is the same list when the app searches with Meilisearch (it never asks the engine)', async () => {
      const meili = await buildTestApp({
        catalogue: recordFixture(),
        env: { SEARCH_ENGINE: 'meilisearch', MEILI_HOST: 'http://127.0.0.1:9', MEILI_TIMEOUT_MS: '100' },
      });
      try {
        const a = (await t.app.inject('/api/v1/initiatives/park-og-turvei/similar')).json();
        const b = (await meili.app.inject('/api/v1/initiatives/park-og-turvei/similar')).json();
        expect(b).toEqual(a);
        expect(a.items.length).toBeGreaterThan(0);
      } finally {
        await meili.close();
      }
    });
  });
});
