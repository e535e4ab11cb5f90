// The API's documentation and openness: an OpenAPI 3.1 document that is well-formed and
// covers every GET route under /api/, CORS on /api/* only, the list filters per kind,
// and the readable /api page in both languages with nothing from a CDN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

const ORIGIN = 'https://kb.example.no';

/** Every GET route under /api/ the app has, from Fastify's own route tree (printRoutes). */
function apiRoutesOf(printed: string): string[] {
  const routes = new Set<string>();
  const paths: string[] = [];
  for (const line of printed.split('\n')) {
    const m = /^(.*?)[└├]── (.+?) \(([^)]*)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    const path = (depth > 0 ? paths[depth - 1] : '') + m[2];
    paths[depth] = path;
    if (path.startsWith('/api/') && m[3].split(', ').includes('GET')) routes.add(path);
  }
  return [...routes].sort();
}

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { PUBLIC_URL: ORIGIN } });
  });
  afterAll(async () => t.close());

  it('is OpenAPI 3.1 with info, the server and the licence', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(typeof doc.info.title).toBe('string');
    expect(typeof doc.info.version).toBe('string');
    expect(doc.info.license).toEqual({ name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' });
    expect(doc.servers).toEqual([{ url: ORIGIN }]);
  });

  it('covers every GET route under /api/, and nothing else', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    const routes = apiRoutesOf(t.app.printRoutes({ commonPrefix: false }));
    expect(routes.length).toBeGreaterThanOrEqual(12);
    const documented = Object.keys(doc.paths).map((p) => p.replace(/\{(\w+)\}/g, ':$1')).sort();
    expect(documented).toEqual(routes);
  });

  it('is well-formed: unique operation ids, declared path parameters, JSON schemas for answers', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    const ids = new Set<string>();
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      expect(path.startsWith('/api/')).toBe(true);
      expect(Object.keys(item)).toEqual(['get']);
      const op = item.get;
      expect(ids.has(op.operationId), op.operationId).toBe(false);
      ids.add(op.operationId);
      expect(op.operationId).toMatch(/^[A-Za-z0-9_]+$/);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const inPath = op.parameters.filter((p: any) => p.in === 'path');
      expect(inPath.map((p: any) => p.name).sort()).toEqual(templated);
      for (const p of op.parameters) {
        expect(['path', 'query']).toContain(p.in);
        expect(typeof p.name).toBe('string');
        expect(typeof p.schema).toBe('object');
        if (p.in === 'path') expect(p.required).toBe(true);
      }
      expect(op.responses['200'].description).toBeTruthy();
      expect(typeof op.responses['200'].content['application/json'].schema).toBe('object');
      // No TypeBox internals leak into the document.
      expect(JSON.stringify(op)).not.toMatch(/"\[Kind\]"|Symbol\(/);
    }
  });

  it('describes the search filters and the answers of the record routes', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    const search = doc.paths['/api/v1/initiatives'].get;
    const names = search.parameters.map((p: any) => p.name);
    for (const name of ['q', 'country', 'programme', 'measure', 'theme', 'from', 'to', 'sort', 'page', 'perPage', 'lang']) expect(names).toContain(name);
    expect(search.responses['200'].content['application/json'].schema.properties).toHaveProperty('hits');
    const area = doc.paths['/api/v1/areas/{slugOrRef}'].get;
    expect(area.responses['200'].content['application/json'].schema.properties).toHaveProperty('coordinates');
    expect(doc.paths['/api/v1/areas'].get.parameters.map((p: any) => p.name).sort()).toEqual(['areaType', 'country', 'programme']);
  });
});

describe('CORS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('lets any origin GET the API, without credentials', async () => {
    for (const url of ['/api/v1/initiatives?country=NO', '/api/v1/areas', '/api/openapi.json', '/api/v1/areas/no-such-area']) {
      const res = await t.app.inject({ url, headers: { origin: 'https://elsewhere.example' } });
      expect(res.headers['access-control-allow-origin'], url).toBe('*');
      expect(res.headers['access-control-allow-credentials'], url).toBeUndefined();
    }
  });

  it('answers a preflight with the allowed methods', async () => {
    const res = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/initiatives?q=x',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'accept-language' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-methods']).toBe('GET, HEAD, OPTIONS');
    expect(res.headers['access-control-allow-headers']).toBe('accept-language');
  });

  it('leaves pages alone', async () => {
    const res = await t.app.inject({ url: '/', headers: { origin: 'https://elsewhere.example' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('list filters', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());
  const sqlite = () => t.app.db.sqlite;

  it('filters areas by country (any letter case), programme and area type', async () => {
    const no = (await t.app.inject('/api/v1/areas?country=no')).json();
    const expected = sqlite().prepare(`SELECT slug FROM areas WHERE country_code = 'NO' ORDER BY slug`).all() as { slug: string }[];
    expect(no.items.map((a: { slug: string }) => a.slug).sort()).toEqual(expected.map((a) => a.slug));
    expect(no.total).toBe(expected.length);

    const programme = sqlite().prepare(`SELECT slug, id FROM programmes ORDER BY id LIMIT 1`).get() as { slug: string; id: number };
    const inProgramme = sqlite()
      .prepare(`SELECT a.slug FROM area_programmes ap JOIN areas a ON a.id = ap.area_id WHERE ap.programme_id = ? ORDER BY a.slug`)
      .all(programme.id) as { slug: string }[];
    const byProgramme = (await t.app.inject(`/api/v1/areas?programme=${programme.slug}`)).json();
    expect(byProgramme.items.map((a: { slug: string }) => a.slug).sort()).toEqual(inProgramme.map((a) => a.slug));

    const typed = (await t.app.inject('/api/v1/areas?areaType=housing-estate')).json();
    expect(typed.total).toBeGreaterThan(0);
    for (const a of typed.items) expect(a.areaType).toBe('housing-estate');
  });

  it('filters programmes and organisations by country', async () => {
    const se = (await t.app.inject('/api/v1/programmes?country=SE')).json();
    expect(se.total).toBeGreaterThan(0);
    for (const p of se.items) expect(p.country).toBe('SE');
    const all = (await t.app.inject('/api/v1/organisations')).json();
    const country = all.items.find((o: { country: string | null }) => o.country)?.country;
    const some = (await t.app.inject(`/api/v1/organisations?country=${country}`)).json();
    expect(some.total).toBe(all.items.filter((o: { country: string | null }) => o.country === country).length);
  });

  it('names every unknown value in one 400', async () => {
    const res = await t.app.inject('/api/v1/areas?country=XX&programme=nope');
    expect(res.statusCode).toBe(400);
    expect(res.json().messages).toHaveLength(2);
    expect(res.body).toContain('XX');
    expect(res.body).toContain('nope');
    expect((await t.app.inject('/api/v1/programmes?country=SE&country=DK')).statusCode).toBe(400);
  });
});

describe('the /api page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { PUBLIC_URL: ORIGIN } });
  });
  afterAll(async () => t.close());

  for (const path of ['/api', '/en/api']) {
    it(`lists every endpoint with examples, served locally (${path})`, async () => {
      const res = await t.app.inject(path);
      expect(res.statusCode).toBe(200);
      const doc = parse(res.body);
      expect(doc.querySelector('html')?.getAttribute('lang')).toBe(path === '/api' ? 'nb' : 'en');
      const openapi = (await t.app.inject('/api/openapi.json')).json();
      const listed = doc.querySelectorAll('tbody th code').map((c) => c.text.replace(/^GET /, ''));
      expect(listed.sort()).toEqual(Object.keys(openapi.paths).sort());
      const examples = doc.querySelectorAll('pre.code').map((c) => c.text.replace(/^<code>|<\/code>$/g, ''));
      expect(examples.length).toBeGreaterThanOrEqual(4);
      for (const e of examples) expect(e.startsWith(`curl `)).toBe(true);
      expect(examples.some((e) => e.includes(`${ORIGIN}/api/v1/initiatives?`))).toBe(true);
      // Nothing from another origin: scripts and styles are the site's own.
      for (const el of doc.querySelectorAll('script[src], link[rel=stylesheet]')) {
        expect(el.getAttribute('src') ?? el.getAttribute('href')).toMatch(/^\//);
      }
    });
  }
});
