// A search that finds nothing offers a way on, on the page and in the API: "Mente du …?"
// from the index's own vocabulary, and the same search without its most restrictive
// filter. Both are checked against the engine and offered only when they find something.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

describe('zero hits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('suggests a spelling from the index, linked to its search, in both languages', async () => {
    const doc = parse((await get('/?q=ungdon')).body);
    expect(doc.querySelectorAll('.hit')).toHaveLength(0);
    const link = doc.querySelector('.zero-hits__suggestion a')!;
    expect(link.text).toBe('ungdom');
    expect(link.getAttribute('href')).toBe('/?q=ungdom');
    expect(doc.querySelector('.zero-hits__suggestion')!.text).toContain('Mente du');
    const next = parse((await get(link.getAttribute('href')!)).body);
    expect(next.querySelectorAll('.hit').length).toBeGreaterThan(0);
    const en = parse((await get('/en/?q=ungdon')).body);
    expect(en.querySelector('.zero-hits__suggestion')!.text).toContain('Did you mean');
    expect(en.querySelector('.zero-hits__suggestion a')!.getAttribute('href')).toBe('/en/?q=ungdom');
  });

  it('links the search without the filter whose removal finds most', async () => {
    // "ungdom" is only in Norway: Sweden and the 1990s each leave nothing.
    const res = await get('/?q=ungdom&country=SE&decade=2000', { 'HX-Request': 'true' });
    const doc = parse(res.body);
    expect(doc.querySelectorAll('.hit')).toHaveLength(0);
    const relax = doc.querySelector('.zero-hits__relax a')!;
    expect(relax.getAttribute('href')).toBe('/?q=ungdom&decade=2000');
    expect(relax.text).toContain('Land');
    expect(doc.querySelector('.zero-hits__suggestion')).toBeNull(); // the words are fine
  });

  it('offers nothing when there is nothing to offer, and nothing when there are hits', async () => {
    const none = parse((await get('/?q=zzzzqqq')).body);
    expect(none.querySelector('.no-results')).not.toBeNull();
    expect(none.querySelector('.zero-hits')).toBeNull();
    const hits = parse((await get('/?q=ungdom')).body);
    expect(hits.querySelector('.zero-hits')).toBeNull();
  });

  it('puts both into the API answer, only for zero hits', async () => {
    const body = (await get('/api/v1/initiatives?q=ungdon&country=SE')).json();
    expect(body.total).toBe(0);
    // "ungdom" in Sweden finds nothing, and neither does "ungdon" anywhere.
    expect(body.zeroHits).toEqual({ suggestion: null, relax: null });
    const filtered = (await get('/api/v1/initiatives?q=ungdom&country=SE')).json();
    expect(filtered.zeroHits.relax).toMatchObject({ filter: 'Land', total: 1 });
    expect(filtered.zeroHits.relax.url).toMatch(/\/\?q=ungdom$/);
    const typo = (await get('/api/v1/initiatives?q=ungdon')).json();
    expect(typo.zeroHits.suggestion).toMatchObject({ q: 'ungdom', total: 1 });
    expect(typo.zeroHits.suggestion.url).toMatch(/\/\?q=ungdom$/);
    expect(typo.zeroHits.relax).toBeNull();
    expect((await get('/api/v1/initiatives?q=ungdom')).json()).not.toHaveProperty('zeroHits');
  });
});
