// The pages a newcomer looks for (/about, /glossary, /accessibility, in both languages),
// the footer that links them, and the search page's answers to invalid input and to a page
// past the last one. HTML is parsed; facts are compared with the database and the glossary file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { listGlossaryEntries } from '../../server/domain/glossary.ts';
import { synonymsOf } from '../../server/search/glossary.ts';
import { tokenize } from '../../server/search/text.ts';
import { t as translate } from '../../server/i18n/index.ts';

describe('about, glossary and accessibility pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const sqlite = () => t.app.db.sqlite;

  it('every page has a footer linking about, glossary, API, licence, accessibility, the suggestion form and error reporting, in its language', async () => {
    for (const [prefix, url] of [['', '/'], ['', '/areas'], ['/en', '/en/about'], ['/en', '/en/glossary']]) {
      const doc = parse((await get(url)).body);
      const links = doc.querySelectorAll('footer nav a').map((a) => a.getAttribute('href'));
      expect(links, url).toEqual([`${prefix}/about`, `${prefix}/glossary`, `${prefix}/api`, `${prefix}/data`, `${prefix}/overview`, `${prefix}/programmes/timeline`, `${prefix}/map`, `${prefix}/about#licence`, `${prefix}/accessibility`, `${prefix}/suggest`, `${prefix}/about#report-error`]);
      // The header names the service beside its mark.
      expect(doc.querySelector('header .site-name svg[aria-hidden="true"]'), url).not.toBeNull();
      expect(doc.querySelector('header .site-name')?.text.trim()).toBe(prefix ? 'Area-based regeneration knowledge base' : 'Kunnskapsbase for områdeløft');
    }
  });

  it('/about compares every programme in the catalogue, linking each programme page', async () => {
    for (const prefix of ['', '/en']) {
      const res = await get(`${prefix}/about`);
      expect(res.statusCode).toBe(200);
      const doc = parse(res.body);
      expect(doc.querySelectorAll('h1')).toHaveLength(1);
      const rows = doc.querySelectorAll('table.compare tbody tr');
      const programmes = sqlite().prepare(`SELECT slug, period_start, period_end FROM programmes`).all() as { slug: string; period_start: number | null; period_end: number | null }[];
      expect(rows).toHaveLength(programmes.length);
      for (const p of programmes) {
        const row = rows.find((r) => r.querySelector(`a[href="${prefix}/programmes/${p.slug}"]`));
        expect(row, p.slug).toBeDefined();
        if (p.period_start && p.period_end) expect(row!.text).toContain(`${p.period_start}–${p.period_end}`);
      }
      // The counts are the catalogue's own.
      const dk = rows.find((r) => r.querySelector(`a[href="${prefix}/programmes/prog-dk"]`))!;
      const initiatives = sqlite()
        .prepare(`SELECT count(DISTINCT initiative_id) FROM initiative_programmes ip JOIN programmes p ON p.id = ip.programme_id WHERE p.slug = 'prog-dk'`)
        .pluck()
        .get() as number;
      expect(dk.querySelectorAll('td').at(-1)!.text).toContain(translate(prefix ? 'en' : 'nb', 'record.initiativeCount', { count: initiatives }));
    }
  });

  it('/about explains the confidence marks from the vocabulary, the licence and how to report an error', async () => {
    const doc = parse((await get('/about')).body);
    const marks = doc.querySelectorAll('#confidence + p + dl dt').map((d) => d.text);
    const labels = sqlite().prepare(`SELECT label_nb FROM terms WHERE kind = 'confidence' ORDER BY sort_order, code`).pluck().all();
    expect(marks).toEqual(labels);
    expect(doc.querySelector('#licence')).not.toBeNull();
    expect(doc.querySelector('a[rel="license"]')?.getAttribute('href')).toMatch(/^https:\/\/creativecommons\.org\/licenses\/by\/4\.0\//);
    expect(doc.querySelector('#licence + p')?.text).toContain('CC BY 4.0');
    expect(doc.querySelector('#report-error')).not.toBeNull();
  });

  it('/about gives the date the dataset last changed, from the records', async () => {
    sqlite().prepare(`UPDATE areas SET updated_at = '2031-05-04T10:00:00.000Z' WHERE id = (SELECT min(id) FROM areas)`).run();
    expect(parse((await get('/about')).body).querySelector('.last-changed')?.text).toBe('Datasettet ble sist endret 4. mai 2031.');
    expect(parse((await get('/en/about')).body).querySelector('.last-changed')?.text).toBe('The dataset was last changed on 4 May 2031.');
  });

  it('/glossary defines the words a newcomer meets, in both languages', async () => {
    const words = ['områdeløft', 'områdesatsing', 'kvarterløft', 'områdefornyelse', 'storstadssatsning', 'medvirkning', 'forankring', 'levekår', 'bydel'];
    for (const prefix of ['', '/en']) {
      const res = await get(`${prefix}/glossary`);
      expect(res.statusCode).toBe(200);
      const doc = parse(res.body);
      const terms = doc.querySelectorAll('dl.glossary dt').map((d) => d.text.trim());
      expect(terms).toEqual(expect.arrayContaining(words));
      for (const entry of listGlossaryEntries()) {
        const dt = doc.querySelector(`dt[id="${entry.anchor}"]`)!;
        expect(dt.getAttribute('lang')).toBe(entry.language);
        expect(dt.nextElementSibling!.text).toContain(entry.definition[prefix ? 'en' : 'nb']);
      }
    }
    // A word that names a programme in the catalogue links to it; others do not invent a link.
    const doc = parse((await get('/glossary')).body);
    expect(doc.querySelector('dt[id="kvarterløft"]')!.nextElementSibling!.querySelector('a[href^="/programmes/"]')).toBeNull();
  });

  it('the glossary page and the search read the same groups: a word "also finds" exactly its search synonyms', () => {
    for (const entry of listGlossaryEntries()) {
      const [word] = tokenize(entry.term);
      const synonyms = synonymsOf(word).map((w) => w.join(' ')).sort();
      const shown = [...new Set(entry.alsoFinds.map((w) => tokenize(w).join(' ')))].filter((w) => w !== word).sort();
      expect(synonyms, entry.term).toEqual(shown);
    }
  });

  it('rejects a glossary entry whose word the search does not know', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-page-'));
    const file = path.join(dir, 'g.json');
    fs.writeFileSync(file, JSON.stringify({ groups: [{ concept: 'x', terms: ['a'], entries: [{ term: 'b', language: 'nb', definition: { nb: 'n', en: 'e' } }] }] }));
    expect(() => listGlossaryEntries(file)).toThrow(/"b" is defined but not a term/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('/accessibility is a statement: standard, what is tested, known limitations, how to report', async () => {
    for (const prefix of ['', '/en']) {
      const res = await get(`${prefix}/accessibility`);
      expect(res.statusCode).toBe(200);
      const doc = parse(res.body);
      expect(doc.querySelector('h1')?.text).toBe(prefix ? 'Accessibility statement' : 'Tilgjengelighetserklæring');
      expect(doc.querySelector('main')!.text).toContain('WCAG 2.1');
      expect(doc.querySelectorAll('main h2')).toHaveLength(4);
      expect(doc.querySelector(`main a[href="${prefix}/about#report-error"]`)).not.toBeNull();
    }
  });

  it('counts of one are singular ("1 initiative")', async () => {
    expect(translate('en', 'record.initiativeCount', { count: 1 })).toBe('1 initiative');
    expect(translate('en', 'record.initiativeCount', { count: 2 })).toBe('2 initiatives');
    // Every area's count on /en/areas is written by that rule.
    const doc = parse((await get('/en/areas')).body);
    const counts = sqlite()
      .prepare(`SELECT a.slug, (SELECT count(*) FROM initiative_areas ia WHERE ia.area_id = a.id) AS n FROM areas a`)
      .all() as { slug: string; n: number }[];
    for (const { slug, n } of counts) {
      const item = doc.querySelectorAll('.record-list li').find((li) => li.querySelector(`a[href="/en/areas/${slug}"]`));
      if (item) expect(item.text).toContain(`${translate('en', 'record.initiativeCount', { count: n })})`);
    }
    expect(doc.querySelector('main')!.text).not.toContain('1 initiatives');
  });
});

describe('search page answers to invalid input and to a page past the end', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const hx = { 'HX-Request': 'true' };

  it('without htmx: the 400 page, whose way back is the valid part of the search', async () => {
    const res = await get('/?q=park&country=NO&from=2010&to=2000');
    expect(res.statusCode).toBe(400);
    const doc = parse(res.body);
    expect(doc.querySelector('.error-messages')?.text).toContain('Fra-året (2010) kan ikke være etter til-året (2000).');
    expect(doc.querySelector('a.back-link')?.getAttribute('href')).toBe('/?q=park&country=NO&from=2010');
    const en = parse((await get('/en/?from=199&sort=x')).body);
    expect(en.querySelector('a.back-link')?.getAttribute('href')).toBe('/en/');
  });

  it('from the form (htmx): each problem beside its field in the same words, announced, the address bar kept', async () => {
    const page = parse((await get('/?from=199&to=2000')).body).querySelector('.error-messages')!.text;
    const res = await get('/?from=199&to=2000', hx);
    expect(res.statusCode).toBe(200);
    expect(res.headers['hx-push-url']).toBe('false');
    const doc = parse(res.body);
    const message = doc.querySelector('#from-error')!.text.trim();
    expect(message).toBe('«Fra år» må være mellom 1900 og 2100.');
    expect(page).toContain(message);
    const from = doc.querySelector('#from')!;
    expect(from.getAttribute('value')).toBe('199');
    expect(from.getAttribute('aria-invalid')).toBe('true');
    expect(from.getAttribute('aria-describedby')).toBe('from-error');
    expect(doc.querySelector('#to')!.getAttribute('aria-invalid')).toBeUndefined();
    expect(doc.querySelector('#result-status[hx-swap-oob]')!.text).toContain(message);
    // The results are those of the valid part (to=2000).
    expect(doc.querySelectorAll('.hit').length).toBeGreaterThan(0);
    expect(doc.querySelector('#filters')!.getAttribute('open')).toBeDefined();
  });

  it('a page past the last one says so and links page 1, without "no results"', async () => {
    const doc = parse((await get('/?page=5')).body);
    expect(doc.querySelector('.page-past-end a')?.getAttribute('href')).toBe('/');
    expect(doc.querySelector('#result-status')!.text).toBe('10 tiltak');
    expect(doc.querySelector('main')!.text).not.toContain('Ingen tiltak passer til søket');
  });

  it('the fragment carries the tab title; the page and the fragment agree', async () => {
    const page = parse((await get('/?q=park')).body).querySelector('title')!.text;
    const fragment = (await get('/?q=park', hx)).body;
    expect(parse(fragment).querySelector('title')?.text).toBe(page);
    expect(page).toMatch(/^«park» – \d+ tiltak – Kunnskapsbase for områdeløft$/);
  });

  it('filters sit in a disclosure that says how many are chosen; each facet group explains itself', async () => {
    const doc = parse((await get('/?country=NO&measure=social&measure=physical')).body);
    expect(doc.querySelector('#filters > summary')!.text.replace(/\s+/g, ' ').trim()).toBe('Filtrer (3 valgt)');
    expect(doc.querySelector('.facets__how')!.text).toContain('Flere valg i samme gruppe gir treff på ett av dem; valg i ulike grupper må alle passe.');
    const measure = doc.querySelector('.facet[data-facet="measure"]')!;
    expect(measure.getAttribute('aria-describedby')).toBe('help-measure');
    // What the values mean is one link away, on the facet's own page (tests/routes/facet-values.test.ts).
    const about = measure.querySelector('#about-measure')!;
    expect(about.text).toBe('Hva betyr valgene? – Type tiltak');
    expect(about.getAttribute('href')).toBe('/filters/measure?country=NO&measure=social&measure=physical#values-measure');
    // The chips come before the filters.
    const html = doc.querySelector('#results')!.innerHTML;
    expect(html.indexOf('class="chips"')).toBeLessThan(html.indexOf('id="filters"'));
  });
});
