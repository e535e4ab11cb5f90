// GET /export.csv: the search's hits as RFC 4180 CSV with a BOM, quoting that survives
// commas, quotes and newlines, the row limit, and clear 400s for bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { fixtureCatalogue } from '../fixtures/catalogue.ts';
import { EXPORT_COLUMNS, csvField } from '../../server/domain/export.ts';

/** A strict RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') field += text[i++];
    }
    row.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`unexpected character at ${i}: ${JSON.stringify(text[i])}`);
  }
  if (row.length) rows.push(row);
  return rows;
}

const TRICKY_TITLE = 'Kafé, "Tunet" og\nverksted';
const FORMULA_TITLE = '=HYPERLINK("http://evil.example")';

describe('CSV export', () => {
  let t: TestApp;
  beforeAll(async () => {
    const catalogue = fixtureCatalogue();
    const base = catalogue.initiatives[0];
    catalogue.initiatives.push(
      { ...base, slug: 'tricky-quoting', ref: 'tricky-quoting', titleNb: TRICKY_TITLE, titleEn: 'Café; "Tunet", workshop', periodStart: 2031, periodEnd: 2032 },
      { ...base, slug: 'formula-title', ref: 'formula-title', titleNb: FORMULA_TITLE, titleEn: '+SUM(A1)', periodStart: 1950, periodEnd: 1950 },
    );
    t = await buildTestApp({ catalogue });
  });
  afterAll(async () => t.close());

  it('exports the search as an attachment with a BOM and one row per hit', async () => {
    const res = await t.app.inject('/export.csv?country=NO');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.csv"$/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(res.body.replace(/^\ufeff/, ''));
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    // Same hits as the page, in the same (newest first) order.
    const api = (await t.app.inject('/api/v1/initiatives?country=NO&perPage=100')).json();
    expect(rows.slice(1).map((r) => r[0])).toEqual(api.hits.map((h: { slug: string }) => h.slug));
    const col = (name: (typeof EXPORT_COLUMNS)[number]) => EXPORT_COLUMNS.indexOf(name);
    const park = rows.find((r) => r[0] === 'park-og-turvei')!;
    expect(park[col('title_nb')]).toBe('Park og turvei langs elva');
    expect(park[col('country')]).toBe('NO');
    expect(park[col('programme')]).toBe('prog-no');
    expect(park[col('areas')]).toBe('osterby');
    expect(park[col('area_names')]).toBe('Østerby');
    expect(park[col('period_start')]).toBe('2010');
    expect(park[col('period_end')]).toBe('2014');
    expect(park[col('measure_types')]).toBe('physical; environmental');
    expect(park[col('url')]).toBe('/initiatives/park-og-turvei');
    expect(park[col('source_urls')]).toMatch(/^https:\/\/example\.test\/source-\d( https:\/\/\S+)*$/);
    for (const r of rows) expect(r).toHaveLength(EXPORT_COLUMNS.length);
  });

  it('quotes commas, quotes and newlines, and defuses spreadsheet formulas', async () => {
    const res = await t.app.inject('/export.csv?q=tunet');
    const rows = parseCsv(res.body.replace(/^\ufeff/, ''));
    expect(rows).toHaveLength(2);
    expect(rows[1][EXPORT_COLUMNS.indexOf('title_nb')]).toBe(TRICKY_TITLE);
    expect(rows[1][EXPORT_COLUMNS.indexOf('title_en')]).toBe('Café; "Tunet", workshop');
    expect(res.body).toContain('"Kafé, ""Tunet"" og\nverksted"');

    const formula = parseCsv((await t.app.inject('/export.csv?sort=oldest&limit=1')).body.replace(/^\ufeff/, ''));
    expect(formula[1][0]).toBe('formula-title');
    expect(formula[1][EXPORT_COLUMNS.indexOf('title_nb')]).toBe(`'${FORMULA_TITLE}`);
    expect(formula[1][EXPORT_COLUMNS.indexOf('title_en')]).toBe(`'+SUM(A1)`);
    expect(csvField(-5)).toBe('"-5"');
  });

  it('honours limit and ignores paging', async () => {
    const all = parseCsv((await t.app.inject('/export.csv')).body.replace(/^\ufeff/, ''));
    expect(all).toHaveLength(1 + 12);
    const two = await t.app.inject('/export.csv?limit=2&page=3&perPage=1');
    expect(two.statusCode).toBe(200);
    expect(two.headers['x-total-count']).toBe('12');
    expect(parseCsv(two.body.replace(/^\ufeff/, '')).slice(1).map((r) => r[0])).toEqual(all.slice(1, 3).map((r) => r[0]));
  });

  it('answers /en/export.csv with English record URLs', async () => {
    const res = await t.app.inject('/en/export.csv?q=tunet');
    expect(res.statusCode).toBe(200);
    const rows = parseCsv(res.body.replace(/^\ufeff/, ''));
    expect(rows[1][EXPORT_COLUMNS.indexOf('url')]).toBe('/en/initiatives/tricky-quoting');
  });

  it('rejects a bad limit or bad search parameters with a clear 400', async () => {
    for (const bad of ['limit=0', 'limit=1001', 'limit=abc', 'limit=1&limit=2', 'limit=-1']) {
      const res = await t.app.inject(`/export.csv?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.body).toMatch(/limit/);
    }
    const en = await t.app.inject('/en/export.csv?limit=5000');
    expect(en.statusCode).toBe(400);
    expect(en.body).toContain('“limit” must be between 1 and 1000.');
    expect((await t.app.inject('/export.csv?from=2020&to=2010')).statusCode).toBe(400);
    expect((await t.app.inject('/export.csv?sort=sideways')).statusCode).toBe(400);
  });
});
