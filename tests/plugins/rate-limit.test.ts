// Rate limits (issue 14, defect 6): search, API and export answer 429 with Retry-After
// over their limit, as a page in the reader's language or JSON under /api; another route
// opts in with its route config; 0 turns a limit off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { rateLimitKindOf } from '../../server/plugins/rate-limit.ts';

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      env: { RATE_LIMIT_SEARCH: '3', RATE_LIMIT_API: '2', RATE_LIMIT_EXPORT: '1', RATE_LIMIT_LOGIN: '2', RATE_LIMIT_WINDOW_S: '60' },
      beforeReady: (app) => {
        app.post('/test-login', { config: { rateLimit: app.rateLimits.login } }, async () => ({ ok: true }));
      },
    });
  });
  afterAll(async () => t.close());

  it('limits the search page with a clear 429 page in bokmål and English, with Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await t.app.inject('/?q=park')).statusCode).toBe(200);
    const over = await t.app.inject('/?q=park');
    expect(over.statusCode).toBe(429);
    const retry = Number(over.headers['retry-after']);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    expect(over.headers['content-type']).toMatch(/text\/html/);
    expect(over.headers['cache-control']).toBe('no-store');
    const page = parse(over.body);
    expect(page.querySelector('h1')?.text).toContain('For mange forespørsler');
    expect(page.querySelector('main')?.text).toContain(`${retry} sekunder`);

    // The English page counts on its own route, and answers in English.
    for (let i = 0; i < 3; i++) await t.app.inject('/en/?q=park');
    const en = await t.app.inject('/en/?q=park');
    expect(en.statusCode).toBe(429);
    expect(parse(en.body).querySelector('h1')?.text).toContain('Too many requests');
  });

  it('answers JSON under /api, and limits the export', async () => {
    for (let i = 0; i < 2; i++) expect((await t.app.inject('/api/v1/initiatives')).statusCode).toBe(200);
    const api = await t.app.inject('/api/v1/initiatives');
    expect(api.statusCode).toBe(429);
    expect(api.headers['retry-after']).toBeDefined();
    expect(api.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(api.json().message).toMatch(/For mange forespørsler/);

    expect((await t.app.inject('/export.csv')).statusCode).toBe(200);
    expect((await t.app.inject('/export.csv')).statusCode).toBe(429);
  });

  it('counts each client address on its own', async () => {
    const other = await t.app.inject({ url: '/api/v1/initiatives', remoteAddress: '192.0.2.7' });
    expect(other.statusCode).toBe(200);
  });

  it('applies to a route that opts in with app.rateLimits.<kind>', async () => {
    for (let i = 0; i < 2; i++) expect((await t.app.inject({ method: 'POST', url: '/test-login' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/test-login' })).statusCode).toBe(429);
  });

  it('leaves record pages and health alone, and is off at 0', async () => {
    for (let i = 0; i < 5; i++) expect((await t.app.inject('/health')).statusCode).toBe(200);
    const off = await buildTestApp({ env: { RATE_LIMIT_SEARCH: '0' } });
    try {
      expect(off.app.rateLimits.search).toBe(false);
      for (let i = 0; i < 10; i++) expect((await off.app.inject('/?q=park')).statusCode).toBe(200);
    } finally {
      await off.close();
    }
  });

  it('picks the limit by URL, so routes added later under /api/ are covered', () => {
    expect(rateLimitKindOf('/api/v1/areas/:slug')).toBe('api');
    expect(rateLimitKindOf('/')).toBe('search');
    expect(rateLimitKindOf('/en/')).toBe('search');
    expect(rateLimitKindOf('/en/export.csv')).toBe('export');
    expect(rateLimitKindOf('/initiatives/:slug')).toBeNull();
    expect(rateLimitKindOf('/health')).toBeNull();
  });
});
