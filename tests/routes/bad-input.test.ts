// Bad input gets a 400 with a message a person understands — HTML for pages, JSON for
// the API — and never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

const BAD: [string, RegExp, RegExp?][] = [
  ['page=0', /«page» må være mellom 1 og 10000/],
  ['page=abc', /«page» må være et helt tall/],
  ['page=-1', /«page» må være et helt tall/],
  ['perPage=1000', /«perPage» må være mellom 1 og 100/],
  ['perPage=0', /«perPage» må være mellom 1 og 100/],
  // The page names a year field by its label; the API by its parameter.
  ['from=20x', /«Fra år» må være et helt tall/, /«from» må være et helt tall/],
  ['from=2010&to=2000', /Fra-året \(2010\) kan ikke være etter til-året \(2000\)/],
  ['to=99999', /«Til år» må være mellom 1900 og 2100/, /«to» må være mellom 1900 og 2100/],
  [`q=${'a'.repeat(201)}`, /høyst 200 tegn/],
  ['q=a&q=b', /«q» kan bare oppgis én gang/],
  ['sort=random', /Ukjent sortering/],
  ['page=1&page=2', /«page» kan bare oppgis én gang/],
  [`country=${'x'.repeat(200)}`, /lengre enn 120 tegn/],
  ['q=%00', /ugyldige tegn/],
];

describe('bad input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  for (const [query, message, apiMessage = message] of BAD) {
    it(`rejects ${query.slice(0, 40)} on the page and the API`, async () => {
      const page = await t.app.inject(`/?${query}`);
      expect(page.statusCode).toBe(400);
      expect(page.headers['content-type']).toContain('text/html');
      const doc = parse(page.body);
      expect(doc.querySelector('.error-messages')?.text).toMatch(message);
      expect(doc.querySelector('a[href="/"]')).not.toBeNull();

      const api = await t.app.inject(`/api/v1/initiatives?${query}`);
      expect(api.statusCode).toBe(400);
      expect(api.headers['content-type']).toContain('application/json');
      expect(api.json().message).toMatch(apiMessage);
    });
  }

  it('lists every problem at once', async () => {
    const res = await t.app.inject('/api/v1/initiatives?page=0&perPage=1000&sort=x');
    expect(res.statusCode).toBe(400);
    expect(res.json().messages).toHaveLength(3);
  });

  it('answers in English under /en', async () => {
    const res = await t.app.inject('/en/?page=0');
    expect(res.statusCode).toBe(400);
    expect(parse(res.body).querySelector('.error-messages')?.text).toMatch(/“page” must be between 1 and 10000/);
  });

  it('treats hostile text as text', async () => {
    for (const text of ['<script>alert(1)</script>', '" OR 1=1 --', 'NEAR(', '*', '-', '%', '\\', "'", '../../etc/passwd', '${x}', '<%= it %>']) {
      const res = await t.app.inject(`/?q=${encodeURIComponent(text)}`);
      expect(res.statusCode, text).toBe(200);
      expect(res.body).not.toContain('<script>alert(1)</script>');
      const api = await t.app.inject(`/api/v1/initiatives?q=${encodeURIComponent(text)}`);
      expect(api.statusCode, text).toBe(200);
    }
  });

  it('ignores unknown parameters and shows unknown facet values as such', async () => {
    const res = await t.app.inject('/?utm_source=x&country=ZZ');
    expect(res.statusCode).toBe(200);
    const doc = parse(res.body);
    expect(doc.querySelectorAll('.hit')).toHaveLength(0);
    expect(doc.querySelector('.ds-chip')?.text).toContain('ukjent verdi «ZZ»');
  });

  it('rejects a malformed URL and an unsupported method without a 500', async () => {
    // A broken escape in the query string is read leniently, as text.
    expect((await t.app.inject('/?q=%E0%A4%A')).statusCode).toBe(200);
    const post = await t.app.inject({ method: 'POST', url: '/', payload: 'x' });
    // The path exists for GET and HEAD: 405 with Allow, not 404.
    expect(post.statusCode).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const big = await t.app.inject({ method: 'POST', url: '/api/v1/initiatives', payload: 'x'.repeat(200_000), headers: { 'content-type': 'text/plain' } });
    expect(big.statusCode).toBeGreaterThanOrEqual(400);
    expect(big.statusCode).toBeLessThan(500);
  });
});
