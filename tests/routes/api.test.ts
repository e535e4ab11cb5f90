import { FACETS } from '../../server/search/facets.ts';
// The JSON API: the documented shape, the same search as the page, one record with
// sources, and /health.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

describe('API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('returns search results in the documented shape', async () => {
    const res = await t.app.inject('/api/v1/initiatives?q=park&perPage=5');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // The title match first; "Green courtyards" matches the theme label "parks".
    expect(body).toMatchObject({ total: 2, page: 1, perPage: 5, engine: 'sqlite' });
    expect(body.hits[1].slug).toBe('gronne-gardrum');
    expect(body.hits[0]).toMatchObject({
      slug: 'park-og-turvei',
      title: 'Park og turvei langs elva',
      country: 'NO',
      programme: { slug: 'prog-no', name: 'Testløftet' },
      area: { slug: 'osterby', name: 'Østerby' },
      measureTypes: ['physical', 'environmental'],
      periodStart: 2010,
      periodEnd: 2014,
      url: '/initiatives/park-og-turvei',
    });
    expect(body.hits[0].highlight.title).toBe('<mark>Park</mark> og turvei langs elva');
    expect(Object.keys(body.facets).sort()).toEqual([...FACETS.names].sort());
    expect(body.facets.country).toContainEqual({ value: 'NO', label: 'Norge', count: 1, selected: false });
    expect(body.facets.country).toContainEqual({ value: 'DK', label: 'Danmark', count: 1, selected: false });
  });

  it('filters and counts like the page', async () => {
    const body = (await t.app.inject('/api/v1/initiatives?country=SE&country=DK&measure=physical')).json();
    expect(body.total).toBe(2);
    expect(body.hits.map((h: { slug: string }) => h.slug).sort()).toEqual(['gronne-gardrum', 'solhus-gardsby']);
    const se = body.facets.country.find((f: { value: string }) => f.value === 'SE');
    expect(se).toEqual({ value: 'SE', label: 'Sverige', count: 1, selected: true });
  });

  it('returns one record with its sources', async () => {
    const res = await t.app.inject('/api/v1/initiatives/kvarterhus-norrebro');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.titleOriginal).toBe('Kvarterhuset på Nørrebro');
    expect(body.sources.map((s: { url: string }) => s.url)).toEqual(['https://example.test/source-1', 'https://example.test/source-4']);
    expect(body.sources[0]).toMatchObject({ title: 'Testkilde 1', publisher: 'Testforlaget', year: 2011 });
    expect(body.measureTypes).toEqual(['social', 'cultural']);
    expect(body).not.toHaveProperty('id');
  });

  it('answers an unknown record with a JSON 404', async () => {
    const res = await t.app.inject('/api/v1/initiatives/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe('Fant ikke tiltaket «nope».');
  });

  it('reports health', async () => {
    const res = await t.app.inject('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', db: 'ok', search: 'ok' });
  });
});
