// Absolute links (hreflang alternates, canonical) come from the configured public origin,
// never from the request: the Host header, X-Forwarded-* (unless TRUST_PROXY says so, and
// even then not for links) and an absolute-form request line cannot change them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { listenLocally, rawGet } from '../helpers/raw-http.ts';

const PUBLIC = 'https://kb.example.no';

/** Every kind of response: pages in both languages, fragment, API, CSV, assets, errors, redirects. */
const REQUESTS: { url: string; headers?: Record<string, string> }[] = [
  { url: '/' },
  { url: '/?q=park&country=NO' },
  { url: '/en/?q=park' },
  { url: '/?q=park', headers: { 'hx-request': 'true' } },
  { url: '/initiatives/park-og-turvei' },
  { url: '/en/initiatives/park-og-turvei' },
  { url: '/programmes' },
  { url: '/programmes/prog-no' },
  { url: '/areas' },
  { url: '/en/areas/osterby' },
  { url: '/export.csv?q=park' },
  { url: '/api/v1/initiatives?q=park' },
  { url: '/api/v1/initiatives/park-og-turvei' },
  { url: '/api/v1/initiatives/nope' },
  { url: '/health' },
  { url: '/static/app.css' },
  { url: '/assets/htmx/htmx.min.js' },
  { url: '/nowhere' },
  { url: '/en/initiatives/nope' },
  { url: '/?page=0' },
  { url: '/%zz' },
  { url: '/?q=park&setlang=nb' },
  { url: '/areas', headers: { 'accept-language': 'en' } },
];

function linksOf(body: string) {
  const doc = parse(body);
  return {
    canonical: doc.querySelectorAll('link[rel=canonical]').map((l) => l.getAttribute('href')),
    alternates: doc.querySelectorAll('link[rel=alternate][hreflang]').map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')]),
  };
}

function expectNoTrace(res: LightMyRequestResponse | { headers: Record<string, unknown>; body: string }, what: string) {
  expect(res.body, what).not.toContain('evil.example');
  for (const [name, value] of Object.entries(res.headers)) expect(`${name}: ${String(value)}`, what).not.toContain('evil.example');
}

describe('public origin, default (http://HOST:PORT)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('never reflects a hostile Host or X-Forwarded-* header in a body or header', async () => {
    const hostile = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' };
    for (const { url, headers } of REQUESTS) {
      const res = await t.app.inject({ method: 'GET', url, headers: { ...hostile, ...headers } });
      expect(res.statusCode, url).toBeLessThan(500);
      expectNoTrace(res, url);
    }
  });

  it('builds links from HOST and PORT as configured', async () => {
    const res = await t.app.inject({ url: '/?q=park', headers: { host: 'evil.example' } });
    expect(linksOf(res.body)).toEqual({
      canonical: ['http://127.0.0.1:3000/?q=park'],
      alternates: [
        ['nb', 'http://127.0.0.1:3000/?q=park'],
        ['en', 'http://127.0.0.1:3000/en/?q=park'],
        ['x-default', 'http://127.0.0.1:3000/?q=park'],
      ],
    });
  });

  it('treats an absolute-form request line like its path (app.inject)', async () => {
    const res = await t.app.inject({ url: 'http://evil.example/en/?q=park' });
    expect(res.statusCode).toBe(200);
    expectNoTrace(res, 'absolute-form');
    expect(linksOf(res.body).canonical).toEqual(['http://127.0.0.1:3000/en/?q=park']);
  });
});

describe('public origin from PUBLIC_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { PUBLIC_URL: `${PUBLIC}/` } });
  });
  afterAll(async () => t.close());
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('puts it in hreflang and canonical links, keeping only the meaningful search parameters', async () => {
    const search = linksOf((await get('/?country=NO&utm_source=x&q=park&sort=relevance&page=1')).body);
    // The search's own canonical query: known parameters, non-default values, stable order.
    expect(search).toEqual({
      canonical: [`${PUBLIC}/?q=park&country=NO`],
      alternates: [
        ['nb', `${PUBLIC}/?q=park&country=NO`],
        ['en', `${PUBLIC}/en/?q=park&country=NO`],
        ['x-default', `${PUBLIC}/?q=park&country=NO`],
      ],
    });
    expect(linksOf((await get('/en/?page=2&sort=title')).body).canonical).toEqual([`${PUBLIC}/en/?sort=title&page=2`]);
    // Record pages take no parameters: their canonical URL is the bare path.
    expect(linksOf((await get('/en/initiatives/park-og-turvei?utm_source=x')).body)).toEqual({
      canonical: [`${PUBLIC}/en/initiatives/park-og-turvei`],
      alternates: [
        ['nb', `${PUBLIC}/initiatives/park-og-turvei`],
        ['en', `${PUBLIC}/en/initiatives/park-og-turvei`],
        ['x-default', `${PUBLIC}/initiatives/park-og-turvei`],
      ],
    });
  });

  it('gives every page exactly one absolute canonical link, and error pages none', async () => {
    for (const url of ['/', '/en/', '/initiatives/park-og-turvei', '/programmes', '/en/programmes/prog-no', '/areas', '/areas/osterby']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      const canonical = linksOf(res.body).canonical;
      expect(canonical, url).toEqual([`${PUBLIC}${url}`]);
    }
    for (const url of ['/nowhere', '/initiatives/nope', '/?page=0', '/%zz']) {
      const res = await get(url);
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(linksOf(res.body).canonical, url).toEqual([]);
    }
  });

  it('ignores X-Forwarded-Proto and -Host when TRUST_PROXY is unset', async () => {
    const plain = await get('/areas');
    const forwarded = await get('/areas', { 'x-forwarded-proto': 'http', 'x-forwarded-host': 'evil.example', host: 'evil.example' });
    expect(forwarded.body).toBe(plain.body);
    expect(linksOf(forwarded.body).canonical).toEqual([`${PUBLIC}/areas`]);
  });

  it('answers an absolute-form request line (exact bytes) with the page of its path and correct links', async () => {
    const port = await listenLocally(t.app);
    const res = await rawGet(port, 'http://evil.example/en/areas?x=1', { host: 'evil.example' });
    expect(res.status).toBe(200);
    expectNoTrace(res, 'absolute-form');
    const doc = parse(res.body);
    expect(doc.querySelector('html')?.getAttribute('lang')).toBe('en');
    expect(linksOf(res.body).canonical).toEqual([`${PUBLIC}/en/areas`]);
    expect(doc.querySelector('a.lang-switch')?.getAttribute('href')).toBe('/areas?x=1&setlang=nb');
  });
});

describe('X-Forwarded-* and TRUST_PROXY', () => {
  const forwarded = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' };
  /** An app that records what each request looked like to Fastify. */
  async function recordingApp(env: Record<string, string>) {
    const seen: { ip: string; protocol: string }[] = [];
    const t = await buildTestApp({
      env: { PUBLIC_URL: PUBLIC, ...env },
      beforeReady: (app) => app.addHook('onRequest', async (request) => void seen.push({ ip: request.ip, protocol: request.protocol })),
    });
    return { t, seen };
  }

  it('changes nothing while TRUST_PROXY is unset', async () => {
    const { t, seen } = await recordingApp({});
    try {
      const plain = await t.app.inject({ url: '/areas', remoteAddress: '127.0.0.1' });
      const res = await t.app.inject({ url: '/areas', remoteAddress: '127.0.0.1', headers: forwarded });
      expect(res.body).toBe(plain.body);
      expect(res.headers['cache-control']).toBe(plain.headers['cache-control']);
      expect(seen.at(-1)).toEqual({ ip: '127.0.0.1', protocol: 'http' });
    } finally {
      await t.close();
    }
  });

  it('believes a listed proxy about the client, and still takes links only from PUBLIC_URL', async () => {
    const { t, seen } = await recordingApp({ TRUST_PROXY: '127.0.0.1/32' });
    try {
      const res = await t.app.inject({ url: '/areas', remoteAddress: '127.0.0.1', headers: forwarded });
      expect(seen.at(-1)).toEqual({ ip: '203.0.113.9', protocol: 'https' });
      expectNoTrace(res, '/areas');
      expect(linksOf(res.body).canonical).toEqual([`${PUBLIC}/areas`]);
      // Any other peer is a client, whatever it claims.
      await t.app.inject({ url: '/areas', remoteAddress: '198.51.100.7', headers: forwarded });
      expect(seen.at(-1)).toEqual({ ip: '198.51.100.7', protocol: 'http' });
    } finally {
      await t.close();
    }
  });
});
