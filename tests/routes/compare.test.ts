// The comparison page, parsed: 2 and 4 initiatives side by side with every row, rows that
// differ marked, "only differences" as a link, remove links, both languages; each error
// (too few, too many, unknown, duplicate) a 400 naming it with a way back; and the
// "add to comparison" links on search hits and initiative pages that build the URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type HTMLElement } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { recordFixture } from '../fixtures/records.ts';

const ROWS = [
  'country', 'programmes', 'areas', 'areaTypes', 'period', 'measureTypes', 'themes', 'targetGroups',
  'participation', 'anchoring', 'funding', 'organisations', 'outcomes', 'evidence', 'lessons', 'sources',
];

describe('compare', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ catalogue: recordFixture() });
  });
  afterAll(async () => t.close());

  const page = async (url: string, status = 200): Promise<HTMLElement> => {
    const res = await t.app.inject(url);
    expect(res.statusCode, url).toBe(status);
    expect(res.headers['content-type']).toContain('text/html');
    return parse(res.body);
  };
  const cells = (doc: HTMLElement, row: string) =>
    doc.querySelectorAll(`tr[data-row="${row}"] td`).map((td) => td.querySelectorAll('li').map((li) => li.text.trim()).join(' | ') || td.text.trim());

  describe('two initiatives', () => {
    let doc: HTMLElement;
    beforeAll(async () => {
      doc = await page('/compare?ids=moteplass-for-ungdom,kvarterhus-norrebro');
    });

    it('has one column per initiative, in the order given, linking to each', () => {
      const heads = doc.querySelectorAll('thead th[scope=col]');
      expect(heads.map((th) => th.getAttribute('data-ref'))).toEqual(['moteplass-for-ungdom', 'kvarterhus-norrebro']);
      expect(heads.map((th) => th.querySelector('a')!.getAttribute('href'))).toEqual(['/initiatives/moteplass-for-ungdom', '/initiatives/kvarterhus-norrebro']);
      expect(heads[1].querySelector('a')!.getAttribute('lang')).toBe('da');
    });

    it('has every row, each a row header with one cell per initiative', () => {
      expect(doc.querySelectorAll('tbody tr').map((tr) => tr.getAttribute('data-row'))).toEqual(ROWS);
      for (const tr of doc.querySelectorAll('tbody tr')) {
        expect(tr.querySelector('th[scope=row]')).not.toBeNull();
        expect(tr.querySelectorAll('td')).toHaveLength(2);
      }
    });

    it('shows the values, "not stated" where there are none', () => {
      expect(cells(doc, 'country')).toEqual(['Norge', 'Danmark']);
      expect(cells(doc, 'measureTypes')).toEqual(['Sosial | Kulturell', 'Sosial | Kulturell']);
      expect(cells(doc, 'period')).toEqual(['2008–2012 (avsluttet)', '1997–2002 (avsluttet)']);
      expect(cells(doc, 'participation')).toEqual(['Dør-til-dør-samtaler', 'Ikke oppgitt']);
      expect(cells(doc, 'funding')[0]).toMatch(/^2\s000\s000\skr, 2009, Testbanken$/);
      expect(cells(doc, 'lessons')).toEqual(['Start med ungdommene selv.', 'Ikke oppgitt']);
      const sources = doc.querySelectorAll('tr[data-row="sources"] td')[1].querySelectorAll('a').map((a) => a.getAttribute('href'));
      expect(sources).toEqual(['https://example.test/source-1', 'https://example.test/source-4']);
    });

    it('marks the rows that differ in words, not the ones that are alike', () => {
      const marked = doc.querySelectorAll('tbody tr.compare__differs').map((tr) => tr.getAttribute('data-row'));
      expect(marked).toContain('country');
      expect(marked).not.toContain('measureTypes');
      expect(doc.querySelector('tr[data-row="country"] .compare__mark')?.text).toBe('(ulikt)');
      expect(doc.querySelector('tr[data-row="measureTypes"] .compare__mark')).toBeNull();
      expect(doc.querySelector('.compare__summary')?.text).toBe(`${marked.length} av 16 rader er ulike.`);
    });

    it('removing one of two leads to the other; "add another" goes to the search carrying both', () => {
      const removes = doc.querySelectorAll('.compare__remove').map((a) => a.getAttribute('href'));
      expect(removes).toEqual(['/initiatives/kvarterhus-norrebro', '/initiatives/moteplass-for-ungdom']);
      expect(doc.querySelector('.compare__remove')!.getAttribute('aria-label')).toBe('Fjern «Møteplass for ungdom» fra sammenligningen');
      expect(doc.querySelector('.compare__add')?.getAttribute('href')).toBe('/?compare=moteplass-for-ungdom,kvarterhus-norrebro');
    });

    it('shows only the rows that differ with diff=1, by a plain link, and back', async () => {
      const toggle = doc.querySelector('.compare__toggle')!;
      expect(toggle.getAttribute('href')).toBe('/compare?ids=moteplass-for-ungdom,kvarterhus-norrebro&diff=1');
      const diffOnly = await page(toggle.getAttribute('href')!);
      const rows = diffOnly.querySelectorAll('tbody tr');
      expect(rows.length).toBe(doc.querySelectorAll('tbody tr.compare__differs').length);
      expect(rows.every((tr) => tr.classList.contains('compare__differs'))).toBe(true);
      expect(diffOnly.querySelector('.compare__toggle')?.getAttribute('href')).toBe('/compare?ids=moteplass-for-ungdom,kvarterhus-norrebro');
    });

    it('has its canonical URL and the hreflang alternates', () => {
      expect(doc.querySelector('link[rel=canonical]')?.getAttribute('href')).toMatch(/\/compare\?ids=moteplass-for-ungdom,kvarterhus-norrebro$/);
    });
  });

  describe('four initiatives, in English, by ref and slug', () => {
    let doc: HTMLElement;
    beforeAll(async () => {
      doc = await page('/en/compare?ids=MOTEPLASS-FOR-UNGDOM,glen-jobs,park-og-turvei,gronne-gardrum');
    });

    it('has four columns with English titles and values', () => {
      expect(doc.querySelectorAll('thead th[scope=col]').map((th) => th.querySelector('a')!.text.trim())).toEqual([
        'Meeting place for youth',
        'Glen employment hub',
        'Park and path along the river',
        'Green courtyards',
      ]);
      expect(cells(doc, 'country')).toEqual(['Norway', 'Scotland', 'Norway', 'Denmark']);
      expect(cells(doc, 'areaTypes')).toEqual(['Not stated', 'Not stated', 'Housing estate', 'Not stated']);
      expect(doc.querySelector('tr[data-row="country"] .compare__mark')?.text).toBe('(differs)');
    });

    it('removing one keeps the other three; a full comparison offers no "add another"', () => {
      expect(doc.querySelectorAll('.compare__remove')[1].getAttribute('href')).toBe('/en/compare?ids=moteplass-for-ungdom,park-og-turvei,gronne-gardrum');
      expect(doc.querySelector('.compare__add')).toBeNull();
    });
  });

  describe('errors', () => {
    const errors = async (url: string) => {
      const doc = await page(url, 400);
      expect(doc.querySelector('.error-page a[href]')?.getAttribute('href'), 'a way back').toMatch(/^\/(en\/)?$/);
      return doc.querySelectorAll('.error-messages li').map((li) => li.text.trim());
    };

    it('one id or none', async () => {
      expect(await errors('/compare?ids=glen-jobs')).toEqual(['Velg minst 2 tiltak å sammenligne (ids=…, skilt med komma); du valgte 1.']);
      expect(await errors('/en/compare')).toEqual(['Choose at least 2 initiatives to compare (ids=…, separated by commas); you chose 0.']);
    });

    it('five ids', async () => {
      expect(await errors('/compare?ids=moteplass-for-ungdom,glen-jobs,park-og-turvei,gronne-gardrum,glen-housing')).toEqual([
        'Du kan sammenligne høyst 4 tiltak om gangen; du valgte 5.',
      ]);
    });

    it('unknown ids, each named once', async () => {
      expect(await errors('/compare?ids=glen-jobs,nope,nope,%3Cscript%3E')).toEqual(['Fant ikke tiltaket «nope».', 'Fant ikke tiltaket «<script>».']);
    });

    it('the same initiative twice, also as ref and slug in another case', async () => {
      expect(await errors('/compare?ids=glen-jobs,GLEN-JOBS')).toEqual(['Tiltaket «GLEN-JOBS» er med mer enn én gang.']);
      expect(await errors('/en/compare?ids=glen-jobs,park-og-turvei,glen-jobs')).toEqual(['The initiative “glen-jobs” is listed more than once.']);
    });

    it('takes the ids repeated as well as comma-separated', async () => {
      await page('/compare?ids=glen-jobs&ids=park-og-turvei');
    });
  });

  describe('adding to a comparison', () => {
    it('an initiative page sends the first to the search, carrying it; the search page says so and keeps it', async () => {
      const doc = await page('/initiatives/glen-jobs');
      expect(doc.querySelector('.compare-add a')?.getAttribute('href')).toBe('/?compare=glen-jobs');
      const search = await page('/?compare=glen-jobs');
      expect(search.querySelector('form#search-form input[name=compare]')?.getAttribute('value')).toBe('glen-jobs');
      expect(search.querySelector('.compare-indicator')?.text).toMatch(/^Sammenligning: 1 valgt\./);
    });

    it('a search hit adds the second and goes to the comparison; the one already chosen has no link', async () => {
      const search = await page('/?q=glen&compare=glen-jobs');
      const links = Object.fromEntries(
        search.querySelectorAll('li.hit').map((li) => [li.querySelector('h3 a')!.getAttribute('href'), li.querySelector('.hit__compare a')?.getAttribute('href') ?? null]),
      );
      expect(links['/initiatives/glen-jobs']).toBeNull();
      expect(links['/initiatives/glen-housing']).toBe('/compare?ids=glen-jobs,glen-housing');
    });

    it('without a comparison, a hit starts one on the same search', async () => {
      const search = await page('/en/?q=glen');
      const hit = search.querySelectorAll('li.hit').find((li) => li.querySelector('h3 a')!.getAttribute('href') === '/en/initiatives/glen-housing')!;
      expect(hit.querySelector('.hit__compare a')?.getAttribute('href')).toBe('/en/?q=glen&compare=glen-housing');
    });

    it('an initiative page reached with one chosen adds itself and goes to the comparison', async () => {
      const doc = await page('/en/initiatives/park-og-turvei?compare=glen-jobs');
      expect(doc.querySelector('.compare-add a')?.getAttribute('href')).toBe('/en/compare?ids=glen-jobs,park-og-turvei');
    });
  });
});
