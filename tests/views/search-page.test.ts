// The search page as HTML: facet counts, checked states, "show all" links, chips, result
// count, highlights, sort and pagination, parsed rather than string-matched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type HTMLElement } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

function facetValues(doc: HTMLElement, facet: string) {
  return doc.querySelectorAll(`.facet[data-facet="${facet}"] .facet__values > li`).map((li) => {
    const input = li.querySelector('input')!;
    return {
      value: input.getAttribute('value'),
      label: li.querySelector('label > span')!.text,
      count: Number(li.querySelector('small')!.text.replace(/[()\s]/g, '')),
      checked: input.hasAttribute('checked'),
    };
  });
}

function params(url: string | null | undefined) {
  const u = new URL(url ?? '', 'http://x');
  return { path: u.pathname, entries: [...u.searchParams.entries()] };
}

describe('search page HTML', () => {
  let t: TestApp;
  const page = async (url: string) => parse((await t.app.inject(url)).body);
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('shows facet counts with labels', async () => {
    const doc = await page('/');
    expect(facetValues(doc, 'country')).toEqual([
      { value: 'NO', label: 'Norge', count: 4, checked: false },
      { value: 'SE', label: 'Sverige', count: 2, checked: false },
      { value: 'DK', label: 'Danmark', count: 2, checked: false },
      { value: 'GB-SCT', label: 'Skottland', count: 2, checked: false },
    ]);
    expect(facetValues(doc, 'measure').map((v) => [v.label, v.count])).toEqual([
      ['Fysisk', 4],
      ['Sosial', 6],
      ['Kulturell', 3],
      ['Miljø', 3],
    ]);
    expect(facetValues(doc, 'decade').map((v) => v.label)).toEqual(['2020-tallet', '2010-tallet', '2000-tallet', '1990-tallet', 'Ukjent periode']);
    expect(doc.querySelector('#result-status')?.text.trim()).toBe('10 tiltak');
  });

  it('keeps disjunctive counts and checked states after selecting a country', async () => {
    const doc = await page('/?q=meeting&country=SE');
    const country = facetValues(doc, 'country');
    expect(country.find((v) => v.value === 'SE')).toMatchObject({ count: 1, checked: true });
    expect(country.find((v) => v.value === 'NO')).toMatchObject({ count: 1, checked: false });
    expect(doc.querySelector('#result-status')?.text.trim()).toBe('1 tiltak for «meeting»');
    expect(doc.querySelectorAll('.hit')).toHaveLength(1);
  });

  it('shows active filters as chips whose links remove exactly that filter', async () => {
    const doc = await page('/?country=SE&country=DK&measure=physical&from=2000&to=2010&page=1');
    const chips = doc.querySelectorAll('.chips .ds-chip').map((a) => ({ text: a.text.trim(), href: params(a.getAttribute('href')) }));
    expect(chips.map((c) => c.text)).toEqual(['Land: Sverige', 'Land: Danmark', 'Type tiltak: Fysisk', 'Periode: 2000–2010']);
    expect(chips[0].href.entries).toEqual([['country', 'DK'], ['measure', 'physical'], ['from', '2000'], ['to', '2010']]);
    expect(chips[2].href.entries).toEqual([['country', 'SE'], ['country', 'DK'], ['from', '2000'], ['to', '2010']]);
    expect(chips[3].href.entries).toEqual([['country', 'SE'], ['country', 'DK'], ['measure', 'physical']]);
    expect(params(doc.querySelector('.clear-all')?.getAttribute('href')).entries).toEqual([]);
    expect(doc.querySelectorAll('.hit').map((h) => h.querySelector('a')?.getAttribute('href'))).toEqual([
      '/initiatives/gronne-gardrum',
      '/initiatives/solhus-gardsby',
    ]);
  });

  it('marks the query words in titles and snippets, escaped', async () => {
    const doc = await page('/?q=m%C3%B8teplass');
    const title = doc.querySelector('.hit__title a')!;
    expect(title.innerHTML).toBe('<mark>Møteplass</mark> for ungdom');
    const hostile = await t.app.inject('/?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
    expect(hostile.body).not.toContain('<img src=x');
    expect(parse(hostile.body).querySelector('#q')?.getAttribute('value')).toBe('<img src=x onerror=alert(1)>');
  });

  it('offers relevance sorting only with a query, and links pages', async () => {
    const empty = await page('/?perPage=3');
    // The default order submits '' so that it becomes relevance once a query is typed.
    expect(empty.querySelectorAll('#sort option').map((o) => o.getAttribute('value'))).toEqual(['', 'oldest', 'title']);
    expect(empty.querySelector('#sort option[selected]')?.text).toBe('Nyeste først');
    expect((await page('/?sort=newest')).querySelector('#sort option[selected]')?.getAttribute('value')).toBe('newest');
    expect(empty.querySelector('.pagination a[rel=next]')?.getAttribute('href')).toBe('/?perPage=3&page=2');
    expect(empty.querySelector('.pagination [aria-current=page]')?.text).toBe('Side 1');
    expect(empty.querySelector('input[name=perPage]')?.getAttribute('value')).toBe('3');
    const withQuery = await page('/?q=park&perPage=3');
    expect(withQuery.querySelector('#sort option[selected]')?.text).toBe('Mest relevant');
    const last = await page('/?perPage=3&page=4');
    expect(last.querySelector('.pagination a[rel=prev]')?.getAttribute('href')).toBe('/?perPage=3&page=3');
    expect(last.querySelector('.pagination a[rel=next]')).toBeNull();
    expect(last.querySelectorAll('.hit')).toHaveLength(1);
  });

  it('says so when nothing matches and offers a way out', async () => {
    const doc = await page('/?q=zebra');
    expect(doc.querySelector('#result-status')?.text.trim()).toBe('0 tiltak for «zebra»');
    expect(doc.querySelector('.no-results a')?.getAttribute('href')).toBe('/');
  });

  it('builds English links and labels under /en', async () => {
    const doc = await page('/en/?country=SE');
    expect(facetValues(doc, 'country').find((v) => v.value === 'DK')).toMatchObject({
      label: 'Denmark',
    });
    expect(doc.querySelector('.hit__title a')?.getAttribute('href')).toMatch(/^\/en\/initiatives\//);
  });
});
