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
    expect(doc.querySelector('#result-status')?.text.trim()).toBe('10 tiltak');
  });

  it('marks the language of a title or summary only where it is not the page’s', async () => {
    const titleLang = (doc: HTMLElement, slug: string) => {
      const a = doc.querySelector(`.hit__title a[href$="/initiatives/${slug}"]`)!;
      return { lang: a.getAttribute('lang') ?? null, sr: a.closest('.hit')!.querySelector('.hit__compare .ds-sr-only')?.getAttribute('lang') ?? null };
    };
    const nb = await page('/?sort=title');
    expect(titleLang(nb, 'moteplass-for-ungdom')).toEqual({ lang: null, sr: null });
    expect(titleLang(nb, 'solhus-gardsby')).toEqual({ lang: 'sv', sr: 'sv' });
    expect(titleLang(nb, 'kvarterhus-norrebro').lang).toBe('da');
    const en = parse((await t.app.inject('/en/?sort=title')).body);
    expect(titleLang(en, 'moteplass-for-ungdom').lang).toBeNull();
    for (const p of [...nb.querySelectorAll('.hit__summary'), ...en.querySelectorAll('.hit__summary')]) expect(p.getAttribute('lang')).not.toBe(p.closest('html')?.getAttribute('lang'));
  });

  it('shows the less used groups as one link each to their own page until a value in them is chosen', async () => {
    const links = (doc: HTMLElement) =>
      doc.querySelectorAll('.facet-links a').map((a) => ({ text: a.text.trim(), href: params(a.getAttribute('href')) }));
    const doc = await page('/?q=park&country=NO');
    // Decades, continuation, organisations, evidence and status: no boxes, one link each with the search kept.
    expect(doc.querySelector('.facet[data-facet="decade"]')).toBeNull();
    const first = links(doc);
    expect(first.map((l) => l.text)).toContain('Tiår');
    for (const l of first) {
      expect(l.href.path).toMatch(/^\/filters\/(decade|continuation|organisation|evidence|status)$/);
      expect(l.href.entries).toEqual([['q', 'park'], ['country', 'NO']]);
    }
    expect(doc.querySelector('#more-filters')?.text.trim()).toBe('Flere filtre');
    // The link leads to every value with its count, as boxes.
    const all = parse((await t.app.inject(first.find((l) => l.text === 'Tiår')!.href.path + '?q=park&country=NO')).body);
    expect(all.querySelectorAll('.facet[data-facet="decade"] input[type=checkbox]').length).toBeGreaterThan(0);
    // With a decade chosen, its boxes show on the search page (to untick it there) and its link goes.
    const chosen = await page('/?decade=2010');
    expect(facetValues(chosen, 'decade').map((v) => v.label)).toEqual(['2020-tallet', '2010-tallet', '2000-tallet', '1990-tallet', 'Ukjent periode']);
    expect(facetValues(chosen, 'decade').find((v) => v.label === '2010-tallet')?.checked).toBe(true);
    expect(links(chosen).map((l) => l.text)).not.toContain('Tiår');
    // English labels.
    const en = parse((await t.app.inject('/en/')).body);
    expect(en.querySelector('#more-filters')?.text.trim()).toBe('More filters');
    expect(links(en).map((l) => l.text)).toContain('Decade');
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
