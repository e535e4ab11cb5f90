// Hostile input never breaks anything (issue 14): property-based tests with fast-check
// against every public GET route the app has registered (found through app.routeList(),
// so routes added later are covered): arbitrary query strings, repeated and missing
// parameters, huge values, control characters, invalid UTF-8 percent-escapes, FTS5 and
// Meilisearch filter syntax, markup, and hostile path parameters. Every answer is a
// 2xx/3xx/4xx (never a 5xx), an error says something, nothing echoes unescaped markup or
// a stack trace, and no redirect leaves this site. Runs are bounded (NUM_RUNS per route).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { FACETS } from '../../server/search/facets.ts';
import { checkAnswer, hostileText, MARKUP, rawEscape } from '../helpers/hostile.ts';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
const PARAMS = ['q', 'from', 'to', 'sort', 'page', 'perPage', 'limit', 'lang', 'setlang', ...FACETS.names];

/** One piece of a query string: encoded properly, or raw with broken escapes. */
const pair = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...PARAMS), hostileText).map(([k, v]) => `${k}=${encodeURIComponent(v)}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PARAMS), rawEscape).map(([k, v]) => `${k}=${v}`) },
  { weight: 1, arbitrary: fc.tuple(hostileText, hostileText).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`) },
  { weight: 1, arbitrary: fc.constantFrom(...PARAMS) }, // a key with no value
  { weight: 1, arbitrary: fc.constantFrom('&', '=', '==', '&&', '?', '#') },
);
const queryString = fc.array(pair, { maxLength: 12 }).map((pairs) => pairs.join('&'));

const pathParam = fc.oneof(
  fc.string({ maxLength: 60 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent),
  rawEscape,
  fc.constantFrom('..', '%2e%2e', '..%2f..%2fpackage.json', '%2F', 'a%00b', 'x'.repeat(250), ...MARKUP.map(encodeURIComponent)),
);

describe('hostile input on every public route', () => {
  let t: TestApp;
  let routes: string[];
  let slugs: Record<string, string>;
  beforeAll(async () => {
    t = await buildTestApp();
    routes = t.app
      .routeList()
      .filter((r) => r.methods.includes('GET'))
      .map((r) => r.url);
    const slug = (table: string) => t.app.db.sqlite.prepare(`SELECT slug FROM ${table} LIMIT 1`).pluck().get() as string;
    slugs = { initiatives: slug('initiatives'), programmes: slug('programmes'), areas: slug('areas') };
  });
  afterAll(async () => t.close());

  it('covers the search page, fragment, API, export and record pages', () => {
    for (const url of ['/', '/en', '/export.csv', '/api/v1/initiatives', '/api/v1/initiatives/:slugOrRef', '/initiatives/:slug', '/areas/:slug', '/programmes/:slug', '/health', '/ready']) {
      expect(routes).toContain(url);
    }
  });

  it('answers any query string on any route with a 2xx/3xx/4xx, escaped, without a stack', { timeout: 600_000 }, async () => {
    for (const route of routes) {
      // A real record for record routes, so the query string is what varies.
      const base = route.replace(/^(.*\/)(initiatives|programmes|areas)\/:slug$/, (_m, pre, kind) => `${pre}${kind}/${slugs[kind]}`).replace(/\/\*$/, '/x.css');
      const fragment = fc.boolean();
      await fc.assert(
        fc.asyncProperty(queryString, fragment, async (qs, htmx) => {
          const url = `${base}${qs ? `?${qs}` : ''}`;
          const res = await t.app.inject({ method: 'GET', url, headers: htmx ? { 'hx-request': 'true' } : {} });
          checkAnswer(res, url);
        }),
        { numRuns: NUM_RUNS },
      );
    }
  });

  it('answers hostile path parameters and static paths without a 5xx or a leak', { timeout: 300_000 }, async () => {
    const patterns = routes.filter((r) => r.includes(':') || r.endsWith('*'));
    for (const route of patterns) {
      await fc.assert(
        fc.asyncProperty(pathParam, async (param) => {
          const url = route.replace(/:[A-Za-z]+|\*$/, param);
          const res = await t.app.inject({ method: 'GET', url });
          checkAnswer(res, url);
          // Nothing outside the served folders: no package.json, no source.
          expect(res.body, url).not.toMatch(/"devDependencies"|import .* from '/);
        }),
        { numRuns: Math.ceil(NUM_RUNS / 2) },
      );
    }
  });

  it('answers any other method and odd paths with a 4xx and a message', { timeout: 120_000 }, async () => {
    const method = fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS');
    const path = fc.oneof(fc.constantFrom(...routes.map((r) => r.replace(/:[A-Za-z]+|\*$/, 'x'))), fc.webPath());
    await fc.assert(
      fc.asyncProperty(method, path, async (m, p) => {
        const url = p.startsWith('/') ? p : `/${p}`;
        const res = await t.app.inject({ method: m, url, payload: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        if (m === 'OPTIONS' && /^\/api\//.test(url) && res.statusCode === 204) {
          // A CORS preflight on the read-only API (plugins/cors.ts): allowed, GET/HEAD/OPTIONS only.
          expect(res.headers['access-control-allow-methods'], url).toMatch(/^GET, HEAD, OPTIONS$/);
          return;
        }
        expect(res.statusCode, `${m} ${url}`).toBeGreaterThanOrEqual(400);
        checkAnswer(res, `${m} ${url}`);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
