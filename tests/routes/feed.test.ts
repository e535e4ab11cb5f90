// GET /initiatives.atom: a search as a well-formed Atom feed of the matching initiatives,
// newest published first, with absolute links; and the search page links to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { assertWellFormedXml } from '../helpers/xml.ts';

const ORIGIN = 'https://kb.example.no';

describe('Atom feed of a search', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { PUBLIC_URL: ORIGIN } });
    // Distinct publication dates, so the order is known: id 1 oldest … id n newest.
    t.app.db.sqlite.prepare(`UPDATE initiatives SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', '2024-01-01', '+' || id || ' days')`).run();
  });
  afterAll(async () => t.close());

  const entriesOf = (xml: string) =>
    [...xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => ({
      id: /<id>([^<]*)<\/id>/.exec(m[1])![1],
      href: /<link rel="alternate" type="text\/html" href="([^"]*)"\/>/.exec(m[1])![1],
      title: /<title[^>]*>([^<]*)<\/title>/.exec(m[1])![1],
      published: /<published>([^<]*)<\/published>/.exec(m[1])![1],
      updated: /<updated>([^<]*)<\/updated>/.exec(m[1])![1],
      summary: /<summary[^>]*>([^<]*)<\/summary>/.exec(m[1])?.[1],
    }));

  for (const [qs, where] of [
    ['country=SE', `country_code = 'SE'`],
    ['country=NO&country=DK', `country_code IN ('NO', 'DK')`],
    ['', '1 = 1'],
  ] as const) {
    it(`lists the matching initiatives newest first for "${qs}"`, async () => {
      const res = await t.app.inject(`/initiatives.atom?${qs}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      assertWellFormedXml(res.body);
      expect(res.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
      // Feed-level required elements.
      const head = res.body.split('<entry>')[0];
      expect(head).toContain(`<id>${ORIGIN}/initiatives.atom${qs ? `?${qs.replace(/&/g, '&amp;')}` : ''}</id>`);
      expect(head).toMatch(/<title>[^<]+<\/title>/);
      expect(head).toMatch(/<updated>\d{4}-\d{2}-\d{2}T[\d:.]+Z<\/updated>/);
      expect(head).toMatch(/<author><name>[^<]+<\/name><\/author>/);
      const expected = t.app.db.sqlite
        .prepare(`SELECT ref, slug FROM initiatives WHERE ${where} ORDER BY created_at DESC`)
        .all() as { ref: string; slug: string }[];
      const entries = entriesOf(res.body);
      expect(entries.map((e) => e.id)).toEqual(expected.map((e) => `${ORIGIN}/i/${e.ref}`));
      expect(entries.map((e) => e.href)).toEqual(expected.map((e) => `${ORIGIN}/initiatives/${e.slug}`));
      for (const e of entries) {
        expect(e.title.length).toBeGreaterThan(0);
        expect(e.updated).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/);
        expect(e.summary).toBeDefined();
      }
      const published = entries.map((e) => e.published);
      expect([...published].sort().reverse()).toEqual(published);
    });
  }

  it('takes the words of a search and answers in English under /en', async () => {
    const res = await t.app.inject('/en/initiatives.atom?q=tromsø');
    assertWellFormedXml(res.body);
    const entries = entriesOf(res.body);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e.href.startsWith(`${ORIGIN}/en/initiatives/`)).toBe(true);
    expect(res.body).toContain('xml:lang="en"');
    expect(res.body).toContain('“tromsø”');
  });

  it('rejects bad search parameters with a 400', async () => {
    expect((await t.app.inject('/initiatives.atom?from=2020&to=2010')).statusCode).toBe(400);
  });

  it('is linked from the search page head and results', async () => {
    const doc = parse((await t.app.inject('/?country=SE&page=1')).body);
    const link = doc.querySelector('link[rel=alternate][type="application/atom+xml"]');
    expect(link?.getAttribute('href')).toBe('/initiatives.atom?country=SE');
    expect(doc.querySelector('.export a[type="application/atom+xml"]')?.getAttribute('href')).toBe('/initiatives.atom?country=SE');
  });
});
