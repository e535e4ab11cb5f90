// "Show all" for a filter group: the search page lists the first values of a facet and the
// chosen ones, and links to GET /filters/:facet, a page with every value of that facet for
// the same search as a plain GET form back to the search (no JavaScript needed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type HTMLElement } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { FACET_VALUES_INLINE } from '../../server/presenters/search.ts';

let t: TestApp;
const page = async (url: string) => {
  const res = await t.app.inject(url);
  return { status: res.statusCode, doc: parse(res.body), body: res.body };
};
const boxes = (doc: HTMLElement, facet: string) =>
  doc.querySelectorAll(`.facet[data-facet="${facet}"] input[type=checkbox]`).map((i) => ({
    value: i.getAttribute('value')!,
    checked: i.hasAttribute('checked'),
    count: Number(i.parentNode!.querySelector('small')!.text.replace(/[()\s]/g, '')),
  }));

/** What the browser sends for a GET form: hidden fields and ticked boxes, in order. */
function submit(form: HTMLElement, tick: (input: HTMLElement) => boolean): string {
  const p = new URLSearchParams();
  for (const input of form.querySelectorAll('input')) {
    const type = input.getAttribute('type');
    if (type === 'hidden' || (type === 'checkbox' && tick(input))) p.append(input.getAttribute('name')!, input.getAttribute('value')!);
  }
  return `${form.getAttribute('action')}?${p}`;
}

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('show all values of a facet', () => {
  it('lists the first values on the search page and links to all of them for the same search', async () => {
    const { doc } = await page('/?sort=oldest&from=1990');
    const api = (await t.app.inject('/api/v1/initiatives?sort=oldest&from=1990')).json();
    const target = api.facets.target as { value: string; count: number }[];
    expect(target.length, 'the fixture has more target groups than the page lists').toBeGreaterThan(FACET_VALUES_INLINE);
    expect(boxes(doc, 'target')).toHaveLength(FACET_VALUES_INLINE);
    const link = doc.querySelector('.facet[data-facet="target"] .facet__more a:first-child')!;
    expect(link.text).toContain(`(${target.length})`);
    expect(link.getAttribute('href')).toBe('/filters/target?from=1990&sort=oldest');
    // A group with no more values than the page lists has no link.
    expect(doc.querySelector('.facet[data-facet="country"] .facet__more')).toBeNull();

    const all = await page(link.getAttribute('href')!);
    expect(all.status).toBe(200);
    expect(all.doc.querySelector('h1')!.text).toBe('Målgruppe: alle verdier');
    // Every value, with the counts the search itself gives.
    expect(boxes(all.doc, 'target').map(({ value, count }) => ({ value, count }))).toEqual(target.map(({ value, count }) => ({ value, count })));
    // The rest of the search rides along; this facet is the form's own boxes.
    const form = all.doc.querySelector('form.filters-all')!;
    expect(form.getAttribute('action')).toBe('/');
    expect(form.getAttribute('method')).toBe('get');
    expect(form.querySelectorAll('input[type=hidden]').map((i) => [i.getAttribute('name'), i.getAttribute('value')])).toEqual([
      ['from', '1990'],
      ['sort', 'oldest'],
    ]);
    expect(all.doc.querySelector('main a[href="/?from=1990&sort=oldest"]')).not.toBeNull();
  });

  it('reaches a value the search page does not list: ticked there, it is chosen and shown on the search page', async () => {
    const all = await page('/filters/target?q=');
    const values = boxes(all.doc, 'target');
    const last = values.at(-1)!.value;
    const front = await page('/');
    expect(boxes(front.doc, 'target').map((v) => v.value)).not.toContain(last);

    const url = submit(all.doc.querySelector('form.filters-all')!, (i) => i.getAttribute('value') === last);
    expect(url).toBe(`/?target=${last}`);
    const after = await page(url);
    expect(boxes(after.doc, 'target').find((v) => v.value === last)).toMatchObject({ checked: true });
    expect(after.doc.querySelectorAll('.chips .ds-chip').length).toBe(1);

    // Back on the page of all values, the chosen one is ticked and not sent twice.
    const again = await page(`/filters/target?q=park&target=${last}`);
    expect(boxes(again.doc, 'target').filter((v) => v.checked).map((v) => v.value)).toEqual([last]);
    expect(again.doc.querySelectorAll('form.filters-all input[type=hidden]').map((i) => i.getAttribute('name'))).toEqual(['q']);
  });

  it('says what each value means on the facet page, not on the search page', async () => {
    const { doc, body } = await page('/?country=NO');
    // The search page links to the meanings of vocabulary facets, and carries none itself.
    const about = doc.querySelector('#about-participation')!;
    expect(about.getAttribute('href')).toBe('/filters/participation?country=NO#values-participation');
    expect(doc.querySelector('.facet__means')).toBeNull();
    expect(doc.querySelector('#about-country'), 'country names need no definitions').toBeNull();
    expect(doc.querySelector('#about-area')).toBeNull();
    const vocabulary = t.app.db.sqlite
      .prepare(`SELECT code, label_nb AS label, definition_nb AS definition FROM terms WHERE kind = 'measure' AND definition_nb <> ''`)
      .all() as { code: string; label: string; definition: string }[];
    expect(vocabulary.length).toBeGreaterThan(1);
    expect(body).not.toContain(vocabulary[0].definition);

    const all = await page(doc.querySelector('#about-measure')!.getAttribute('href')!.replace(/#.*/, ''));
    expect(all.status).toBe(200);
    expect(all.doc.querySelector('#values-measure')).not.toBeNull();
    for (const term of vocabulary) {
      const box = all.doc.querySelector(`#values-measure input[value="${term.code}"]`)!;
      // The definition stands under its value, and the box is described by it.
      const means = all.doc.getElementById(box.getAttribute('aria-describedby')!)!;
      expect(means.text).toBe(term.definition);
      expect(means.parentNode!.querySelector('label > span')!.text).toBe(term.label);
    }
  });

  it('answers in English under /en, with the form back to the English search', async () => {
    const all = await page('/en/filters/area?country=SE');
    expect(all.status).toBe(200);
    expect(all.doc.querySelector('html')!.getAttribute('lang')).toBe('en');
    expect(all.doc.querySelector('h1')!.text).toBe('Area: all values');
    expect(all.doc.querySelector('form.filters-all')!.getAttribute('action')).toBe('/en/');
  });

  it('says what is wrong with an unknown filter (404) or a bad year (400, with the way back)', async () => {
    const unknown = await page('/filters/nope?q=park');
    expect(unknown.status).toBe(404);
    expect(unknown.doc.querySelector('main')!.text).toContain('Det finnes ikke noe filter som heter «nope».');
    const markup = await page('/filters/%3Cscript%3E');
    expect(markup.status).toBe(404);
    expect(markup.body).not.toContain('<script>');
    const year = await page('/filters/area?q=park&from=199');
    expect(year.status).toBe(400);
    expect(year.doc.querySelector('main a[href="/?q=park"]')).not.toBeNull();
  });
});
