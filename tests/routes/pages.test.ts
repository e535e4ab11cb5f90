// Every page URL through app.inject: status, content type, and the page-or-fragment rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

describe('pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('serves the search page as a whole HTML page', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['vary']).toContain('HX-Request');
    const doc = parse(res.body);
    expect(doc.querySelector('html')?.getAttribute('lang')).toBe('nb');
    expect(doc.querySelectorAll('h1')).toHaveLength(1);
    expect(doc.querySelector('form#search-form')?.getAttribute('method')).toBe('get');
    expect(doc.querySelectorAll('.hit')).toHaveLength(10);
  });

  it('answers htmx with the results fragment only, and history restores with the page', async () => {
    const fragment = await get('/?q=park', { 'HX-Request': 'true' });
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body).not.toContain('<html');
    expect(parse(fragment.body).querySelector('#results')).not.toBeNull();
    expect(fragment.headers['vary']).toContain('HX-Request');
    const restore = await get('/?q=park', { 'HX-Request': 'true', 'HX-History-Restore-Request': 'true' });
    expect(restore.body).toContain('<html');
    const boosted = await get('/?q=park', { 'HX-Request': 'true', 'HX-Boosted': 'true' });
    expect(boosted.body).toContain('<html');
  });

  it('shows an initiative with its facts, links and sources', async () => {
    const res = await get('/initiatives/kvarterhus-norrebro');
    expect(res.statusCode).toBe(200);
    const doc = parse(res.body);
    expect(doc.querySelector('h1')?.text).toBe('Kvarterhuset på Nørrebro');
    expect(doc.querySelector('h1')?.getAttribute('lang')).toBe('da');
    expect(doc.querySelector('a[href="/areas/norrebro-test"]')).not.toBeNull();
    expect(doc.querySelector('a[href="/programmes/prog-dk"]')).not.toBeNull();
    const sources = doc.querySelectorAll('.sources__list a').map((a) => a.getAttribute('href'));
    expect(sources).toEqual(['https://example.test/source-1', 'https://example.test/source-4']);
    expect(doc.querySelector('.confidence')).toBeNull();
  });

  it('shows the confidence note where a record is not confirmed in its source', async () => {
    // Confidence is a fixed list now: the warning names the term and its definition.
    const doc = parse((await get('/initiatives/uten-periode')).body);
    expect(doc.querySelector('.confidence')?.text).toContain('Ikke kontrollert');
    expect(doc.querySelector('.confidence')?.text).toContain('ikke sjekket mot kildene');
    expect(parse((await get('/en/initiatives/uten-periode')).body).querySelector('.confidence')?.text).toContain('Unverified');
  });

  it('shows programmes and areas with their initiatives', async () => {
    const programme = parse((await get('/programmes/prog-no')).body);
    expect(programme.querySelector('h1')?.text).toBe('Testløftet');
    expect(programme.querySelectorAll('.record-list a[href^="/initiatives/"]')).toHaveLength(3);
    const area = parse((await get('/areas/osterby')).body);
    expect(area.querySelector('h1')?.text).toBe('Østerby');
    expect(area.querySelectorAll('.record-list a[href^="/initiatives/"]')).toHaveLength(2);
  });

  it('lists programmes and areas by country', async () => {
    const programmes = parse((await get('/programmes')).body);
    expect(programmes.querySelectorAll('.by-country h2').map((h) => h.text)).toEqual(['Norge', 'Sverige', 'Danmark', 'Skottland']);
    expect(programmes.querySelectorAll('main a[href^="/programmes/"]')).toHaveLength(4);
    const areas = parse((await get('/areas')).body);
    expect(areas.querySelectorAll('a[href^="/areas/"]')).toHaveLength(5);
  });

  it('answers an unknown or malformed slug with a 404 page that leads back to search', async () => {
    for (const url of ['/initiatives/finnes-ikke', '/programmes/nope', '/areas/nope', '/initiatives/%3Cscript%3E', '/nowhere', '/en/nowhere']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
      const doc = parse(res.body);
      expect(doc.querySelector(url.startsWith('/en/') ? 'a[href="/en/"]' : 'a[href="/"]'), url).not.toBeNull();
      expect(res.body).not.toContain('<script>');
    }
  });

  it('answers a path the router cannot read with a 4xx page, not a 500', async () => {
    for (const [url, status] of [['/initiatives/' + 'a'.repeat(300), 414], ['/initiatives/%E0%A4%A', 400]] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(status);
      expect(res.headers['content-type']).toContain('text/html');
      expect(parse(res.body).querySelector('a[href="/"]')).not.toBeNull();
    }
  });

  it('serves the English pages under /en', async () => {
    const res = await get('/en/initiatives/kvarterhus-norrebro');
    expect(res.statusCode).toBe(200);
    const doc = parse(res.body);
    expect(doc.querySelector('html')?.getAttribute('lang')).toBe('en');
    expect(doc.querySelector('h1')?.text).toBe('Neighbourhood house in Nørrebro');
  });

  it('loads htmx only where a page swaps parts of itself (search), not on record pages', async () => {
    const scripts = async (url: string) => parse((await get(url)).body).querySelectorAll('script[src]').map((el) => el.getAttribute('src'));
    expect(await scripts('/')).toContain('/assets/htmx/htmx.min.js');
    expect(await scripts('/en/?q=youth')).toContain('/assets/htmx/htmx.min.js');
    const record = await scripts('/initiatives/kvarterhus-norrebro');
    expect(record).toContain('/static/app.js');
    expect(record).not.toContain('/assets/htmx/htmx.min.js');
  });

  it('serves the design system, font and htmx from the app itself', async () => {
    for (const url of ['/assets/ds/index.css', '/assets/theme/digdir.css', '/assets/htmx/htmx.min.js', '/static/app.css', '/assets/inter/400.css']) {
      expect((await get(url)).statusCode, url).toBe(200);
    }
    expect((await get('/assets/htmx/htmx.js')).statusCode).toBe(404);
    const doc = parse((await get('/')).body);
    for (const el of [...doc.querySelectorAll('link[rel=stylesheet]'), ...doc.querySelectorAll('script[src]')]) {
      const url = el.getAttribute('href') ?? el.getAttribute('src') ?? '';
      expect(url.startsWith('/'), url).toBe(true);
    }
  });

  it('sends a strict Content-Security-Policy', async () => {
    const csp = (await get('/')).headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });
});
