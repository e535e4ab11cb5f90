// GET /export.csv and /export.json: a search's every hit (all pages) as RFC 4180 CSV with
// a BOM and as JSON, parsed back and compared with the API's search for several filters;
// quoting that survives commas, quotes and newlines; licence and dataset date; clear 400s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { fixtureCatalogue } from '../fixtures/catalogue.ts';
import { EXPORT_COLUMNS, EXPORT_MAX_ROWS, csvField, querySlug } from '../../server/domain/export.ts';
import { parseSearchQuery } from '../../server/schemas/search-query.ts';
import { parseCsv } from '../helpers/csv.ts';

const TRICKY_TITLE = 'Kafé, "Tunet" og\nverksted';
const FORMULA_TITLE = '=HYPERLINK("http://evil.example")';
/** Clones that push the catalogue past one API page (100), so exports must page. */
const CLONES = 110;
const ORIGIN = 'https://kb.example.no';

const col = (name: string) => EXPORT_COLUMNS.indexOf(name);
const rowsOf = (body: string) => parseCsv(body.replace(/^\ufeff/, ''));
/** What a cell holds for a text: the text, with a formula's first character defused. */
const cell = (text: string | null) => (text && /^[=+\-@]/.test(text) ? `'${text}` : (text ?? ''));

describe('search exports', () => {
  let t: TestApp;
  beforeAll(async () => {
    const catalogue = fixtureCatalogue();
    const base = catalogue.initiatives[0];
    catalogue.initiatives.push(
      { ...base, slug: 'tricky-quoting', ref: 'tricky-quoting', titleNb: TRICKY_TITLE, titleEn: 'Café; "Tunet", workshop', periodStart: 2031, periodEnd: 2032 },
      { ...base, slug: 'formula-title', ref: 'formula-title', titleNb: FORMULA_TITLE, titleEn: '+SUM(A1)', periodStart: 1950, periodEnd: 1950 },
    );
    for (let n = 1; n <= CLONES; n++) {
      catalogue.initiatives.push({ ...base, slug: `klon-${n}`, ref: `klon-${n}`, titleNb: `Klon ${n} på Grünerløkka`, titleEn: `Clone ${n}`, country: 'DK', programmes: [], areas: [] });
    }
    t = await buildTestApp({ catalogue, env: { PUBLIC_URL: ORIGIN } });
  });
  afterAll(async () => t.close());

  /** Every hit of the API's search for `qs`, page by page. */
  async function apiSlugs(qs: string): Promise<string[]> {
    const slugs: string[] = [];
    for (let page = 1; ; page++) {
      const res = (await t.app.inject(`/api/v1/initiatives?${qs}&perPage=100&page=${page}`)).json();
      slugs.push(...res.hits.map((h: { slug: string }) => h.slug));
      if (slugs.length >= res.total) return slugs;
    }
  }

  it('exports the search as an attachment with a BOM, the licence and the dataset date', async () => {
    const res = await t.app.inject('/export.csv?country=NO');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="omradeloft-initiatives-no-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.link).toBe('<https://creativecommons.org/licenses/by/4.0/>; rel="license"; title="CC BY 4.0"');
    expect(res.headers['x-dataset-changed']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(res.headers['last-modified']).toBe(new Date(res.headers['x-dataset-changed'] as string).toUTCString());
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = rowsOf(res.body);
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    for (const r of rows) expect(r).toHaveLength(EXPORT_COLUMNS.length);
    const park = rows.find((r) => r[1] === 'park-og-turvei')!;
    expect(park[col('title_nb')]).toBe('Park og turvei langs elva');
    expect(park[col('country')]).toBe('NO');
    expect(park[col('programme')]).toBe('prog-no');
    expect(park[col('areas')]).toBe('osterby');
    expect(park[col('area_names')]).toBe('Østerby');
    expect(park[col('period_start')]).toBe('2010');
    expect(park[col('period_end')]).toBe('2014');
    expect(park[col('measure_types')]).toBe('physical; environmental');
    // Absolute links from PUBLIC_URL.
    expect(park[col('url')]).toBe(`${ORIGIN}/initiatives/park-og-turvei`);
    expect(park[col('permalink')]).toBe(`${ORIGIN}/i/park-og-turvei`);
    expect(park[col('source_urls')]).toMatch(/^https:\/\/example\.test\/source-\d(; https:\/\/\S+)*$/);
    expect(park[col('source_titles')].split('; ')).toHaveLength(park[col('source_urls')].split('; ').length);
  });

  it('has every field of the record, Nordic letters intact', async () => {
    const rows = rowsOf((await t.app.inject('/export.csv?q=tromsø')).body);
    const json = (await t.app.inject('/export.json?q=tromsø')).json();
    expect(rows.length - 1).toBe(json.count);
    for (const item of json.items) {
      const row = rows.find((r) => r[0] === item.ref)!;
      expect(row[col('summary_nb')]).toBe(cell(item.summary.nb));
      expect(row[col('summary_en')]).toBe(cell(item.summary.en));
      expect(row[col('outcomes_en')]).toBe(cell(item.outcomes.en));
      expect(row[col('lessons_en')]).toBe(cell(item.lessons.en));
      expect(row[col('status')]).toBe(item.status);
      expect(row[col('evidence_level')]).toBe(item.evidence.level);
      expect(row[col('title_nb')]).toBe(cell(item.titleNb));
      expect(row[col('source_titles')]).toBe(item.sources.map((s: { title: string }) => s.title).join('; '));
    }
    expect(rows.some((r) => r[col('title_nb')].includes('Tromsø'))).toBe(true);
  });

  // Several filter combinations: the CSV and the JSON hold exactly the search's hits, in its order.
  for (const qs of ['', 'country=NO', 'country=SE&country=DK', 'country=SE&country=DK&measure=environmental', 'q=møteplass', 'from=2000&to=2010&sort=oldest', 'country=DK']) {
    it(`exports exactly the full result set for "${qs}"`, async () => {
      const expected = await apiSlugs(qs);
      const csv = await t.app.inject(`/export.csv?${qs}`);
      expect(csv.headers['x-total-count']).toBe(String(expected.length));
      expect(rowsOf(csv.body).slice(1).map((r) => r[1])).toEqual(expected);
      const json = await t.app.inject(`/export.json?${qs}`);
      expect(json.statusCode).toBe(200);
      expect(json.headers['content-disposition']).toMatch(/^attachment; filename="omradeloft-initiatives-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.json"$/);
      const data = json.json();
      expect(data.licence).toEqual({ name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' });
      expect(data.dataset_changed).toBe(json.headers['x-dataset-changed']);
      expect(data.count).toBe(expected.length);
      expect(data.items.map((i: { slug: string }) => i.slug)).toEqual(expected);
    });
  }

  it('pages through more hits than one API page holds', async () => {
    const rows = rowsOf((await t.app.inject('/export.csv?country=DK')).body);
    expect(rows.length - 1).toBeGreaterThan(100);
    expect(rows.filter((r) => r[1].startsWith('klon-'))).toHaveLength(CLONES);
  });

  it('gives JSON items in the shape of the API record, with absolute links', async () => {
    const data = (await t.app.inject('/export.json?q=park')).json();
    const park = data.items.find((i: { slug: string }) => i.slug === 'park-og-turvei');
    const api = (await t.app.inject('/api/v1/initiatives/park-og-turvei')).json();
    expect(Object.keys(park).sort()).toEqual(Object.keys(api).sort());
    expect({ ...park, url: undefined, permalink: undefined }).toEqual({ ...api, url: undefined, permalink: undefined });
    expect(park.url).toBe(`${ORIGIN}/initiatives/park-og-turvei`);
    expect(data.query).toEqual({ q: 'park' });
  });

  it('quotes commas, quotes and newlines, and defuses spreadsheet formulas', async () => {
    const res = await t.app.inject('/export.csv?q=tunet');
    const rows = rowsOf(res.body);
    expect(rows).toHaveLength(2);
    expect(rows[1][col('title_nb')]).toBe(TRICKY_TITLE);
    expect(rows[1][col('title_en')]).toBe('Café; "Tunet", workshop');
    expect(res.body).toContain('"Kafé, ""Tunet"" og\nverksted"');

    const formula = rowsOf((await t.app.inject('/export.csv?sort=oldest&limit=1')).body);
    expect(formula[1][1]).toBe('formula-title');
    expect(formula[1][col('title_nb')]).toBe(`'${FORMULA_TITLE}`);
    expect(formula[1][col('title_en')]).toBe(`'+SUM(A1)`);
    expect(csvField(-5)).toBe('"-5"');
    expect(csvField('@cmd')).toBe(`"'@cmd"`);
    expect(csvField('-1+1')).toBe(`"'-1+1"`);
  });

  it('honours limit and ignores paging', async () => {
    const all = rowsOf((await t.app.inject('/export.csv')).body);
    expect(all).toHaveLength(1 + 12 + CLONES);
    const two = await t.app.inject('/export.csv?limit=2&page=3&perPage=1');
    expect(two.statusCode).toBe(200);
    expect(two.headers['x-total-count']).toBe(String(12 + CLONES));
    expect(rowsOf(two.body).slice(1).map((r) => r[1])).toEqual(all.slice(1, 3).map((r) => r[1]));
  });

  it('answers /en/export.csv with English record URLs', async () => {
    const res = await t.app.inject('/en/export.csv?q=tunet');
    expect(res.statusCode).toBe(200);
    expect(rowsOf(res.body)[1][col('url')]).toBe(`${ORIGIN}/en/initiatives/tricky-quoting`);
  });

  it('names the file after the query', () => {
    expect(querySlug(parseSearchQuery({ q: 'Grünerløkka møteplass', country: ['SE', 'DK'] }))).toBe('grunerlokka-moteplass-se-dk');
    expect(querySlug(parseSearchQuery({}))).toBe('all');
  });

  it('rejects a bad limit or bad search parameters with a clear 400', async () => {
    for (const bad of ['limit=0', `limit=${EXPORT_MAX_ROWS + 1}`, 'limit=abc', 'limit=1&limit=2', 'limit=-1']) {
      for (const path of ['/export.csv', '/export.json']) {
        const res = await t.app.inject(`${path}?${bad}`);
        expect(res.statusCode, bad).toBe(400);
        expect(res.body).toMatch(/limit/);
      }
    }
    const en = await t.app.inject(`/en/export.csv?limit=${EXPORT_MAX_ROWS + 1}`);
    expect(en.statusCode).toBe(400);
    expect(en.body).toContain(`“limit” must be between 1 and ${EXPORT_MAX_ROWS}.`);
    expect((await t.app.inject('/export.json?from=2020&to=2010')).statusCode).toBe(400);
    expect((await t.app.inject('/export.csv?sort=sideways')).statusCode).toBe(400);
  });
});
