// Unsupported methods get 405 with Allow, not 404 (issue 14, defect 7); unknown paths
// stay 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { routePattern } from '../../server/plugins/method-not-allowed.ts';

describe('405 Method Not Allowed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('answers 405 with Allow on pages, records, API and static files', async () => {
    for (const [method, url] of [['POST', '/'], ['DELETE', '/en/'], ['PUT', '/initiatives/anything'], ['PATCH', '/export.csv'], ['POST', '/static/app.css']] as const) {
      const res = await t.app.inject({ method, url });
      expect(res.statusCode, `${method} ${url}`).toBe(405);
      expect(res.headers.allow, url).toBe('GET, HEAD');
      expect(res.headers['content-type']).toMatch(/text\/html/);
    }
    const api = await t.app.inject({ method: 'DELETE', url: '/api/v1/initiatives/x' });
    expect(api.statusCode).toBe(405);
    expect(api.headers.allow).toBe('GET, HEAD, OPTIONS'); // OPTIONS: the CORS preflight
    expect(api.json()).toMatchObject({ statusCode: 405, error: 'Method Not Allowed' });
  });

  it('keeps 404 for paths no method has', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/no/such/page' })).statusCode).toBe(404);
    expect((await t.app.inject('/no/such/page')).statusCode).toBe(404);
    // Under /api/ only the CORS preflight matches every path: an unknown one is still 404.
    for (const method of ['GET', 'POST'] as const) {
      const res = await t.app.inject({ method, url: '/api/v1/no-such-kind' });
      expect(res.statusCode, method).toBe(404);
      expect(res.json()).toMatchObject({ statusCode: 404 });
    }
    expect((await t.app.inject({ method: 'OPTIONS', url: '/api/v1/no-such-kind' })).statusCode, 'the preflight itself').toBe(204);
  });

  it('matches route patterns as the router does', () => {
    expect(routePattern('/initiatives/:slug').test('/initiatives/a-b')).toBe(true);
    expect(routePattern('/initiatives/:slug').test('/initiatives/a/b')).toBe(false);
    expect(routePattern('/static/*').test('/static/css/app.css')).toBe(true);
    expect(routePattern('/export.csv').test('/exportXcsv')).toBe(false);
    expect(routePattern('/item/:id(^\\d+$)').test('/item/42')).toBe(true);
    expect(routePattern('/item/:id(^\\d+$)').test('/item/x')).toBe(false);
  });
});
