// Every response says how it may be cached, by kind (server/plugins/cache-control.ts):
// pages and the API are checked on every use, files for an hour, errors and redirects
// never stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { CACHE_CONTROL } from '../../server/plugins/cache-control.ts';

describe('Cache-Control', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  const cases: [string, Record<string, string>, number, string][] = [
    ['/', {}, 200, 'no-cache'],
    ['/?q=park', { 'hx-request': 'true' }, 200, 'no-cache'],
    ['/en/initiatives/park-og-turvei', {}, 200, 'no-cache'],
    ['/areas', {}, 200, 'no-cache'],
    ['/export.csv?q=park', {}, 200, 'no-cache'],
    ['/api/v1/initiatives?q=park', {}, 200, 'no-cache'],
    ['/api/v1/initiatives/park-og-turvei', {}, 200, 'no-cache'],
    ['/health', {}, 200, 'no-store'],
    ['/static/app.css', {}, 200, 'public, max-age=3600'],
    ['/assets/htmx/htmx.min.js', {}, 200, 'public, max-age=3600'],
    ['/assets/inter/files/inter-latin-400-normal.woff2', {}, 200, 'public, max-age=3600'],
    ['/nowhere', {}, 404, 'no-store'],
    ['/static/nope.css', {}, 404, 'no-store'],
    ['/initiatives/nope', {}, 404, 'no-store'],
    ['/?page=0', {}, 400, 'no-store'],
    ['/%zz', {}, 400, 'no-store'],
    ['/api/v1/initiatives?page=0', {}, 400, 'no-store'],
    ['/api/v1/initiatives/nope', {}, 404, 'no-store'],
    ['/?setlang=nb', {}, 303, 'no-store'],
    ['/', { 'accept-language': 'en' }, 302, 'no-store'],
  ];

  for (const [url, headers, status, expected] of cases) {
    it(`${url} ${JSON.stringify(headers)} -> ${status}, ${expected}`, async () => {
      const res = await t.app.inject({ method: 'GET', url, headers });
      expect(res.statusCode).toBe(status);
      expect(res.headers['cache-control']).toBe(expected);
    });
  }

  it('keeps the file policy on a 304 revalidation', async () => {
    const first = await t.app.inject('/static/app.css');
    const again = await t.app.inject({ url: '/static/app.css', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.headers['cache-control']).toBe(CACHE_CONTROL.asset);
  });

  it('sends no Vary: Host (nothing depends on it)', async () => {
    for (const url of ['/', '/areas', '/api/v1/initiatives']) {
      const vary = String((await t.app.inject(url)).headers.vary ?? '');
      expect(vary.toLowerCase()).not.toContain('host');
    }
  });
});
