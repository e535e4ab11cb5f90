// The whole-dataset download: every kind as JSON and CSV with counts equal to the
// database, the licence and date on each file, a README naming every kind and field, and
// the /data page in both languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { parseCsv } from '../helpers/csv.ts';
import { DATASET_KINDS, DATASET_SCHEMAS, DATASET_TABLES } from '../../server/domain/dataset.ts';
import { csvColumnsOf } from '../../server/domain/dataset-files.ts';
import { EXPORT_COLUMNS } from '../../server/domain/export.ts';

const ORIGIN = 'https://kb.example.no';

describe('dataset download', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { PUBLIC_URL: ORIGIN } });
  });
  afterAll(async () => t.close());
  const count = (table: string) => (t.app.db.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

  for (const kind of DATASET_KINDS) {
    it(`serves every ${kind} record as JSON and as CSV`, async () => {
      const expected = count(DATASET_TABLES[kind]);
      expect(expected).toBeGreaterThan(0);

      const json = await t.app.inject(`/data/${kind}.json`);
      expect(json.statusCode).toBe(200);
      expect(json.headers['content-disposition']).toBe(`attachment; filename="omradeloft-${kind}.json"`);
      expect(json.headers.link).toContain('rel="license"');
      const data = json.json();
      expect(data.licence.name).toBe('CC BY 4.0');
      expect(data.dataset_changed).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(data.count).toBe(expected);
      expect(data.items).toHaveLength(expected);
      if (kind !== 'sources') {
        // The same record as the API's, with absolute links.
        const first = data.items[0];
        const api = (await t.app.inject(`/api/v1/${kind}/${first.ref}`)).json();
        expect({ ...first, url: 0, permalink: 0 }).toEqual({ ...api, url: 0, permalink: 0 });
        expect(first.url.startsWith(`${ORIGIN}/${kind}/`)).toBe(true);
      }

      const csv = await t.app.inject(`/data/${kind}.csv`);
      expect(csv.statusCode).toBe(200);
      expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const rows = parseCsv(csv.body.replace(/^\ufeff/, ''));
      expect(rows.length - 1).toBe(expected);
      const header = kind === 'initiatives' ? [...EXPORT_COLUMNS] : [...csvColumnsOf(DATASET_SCHEMAS[kind]).map((c) => c.column), ...(kind === 'sources' ? [] : ['url', 'permalink'])];
      expect(rows[0]).toEqual(header);
      for (const r of rows) expect(r).toHaveLength(header.length);
      // No object leaks into a cell as raw JSON.
      for (const r of rows.slice(1)) for (const c of r) expect(c.startsWith('{')).toBe(false);
    });
  }

  it('keeps Nordic letters in the area CSV', async () => {
    const csv = (await t.app.inject('/data/areas.csv')).body;
    expect(csv).toContain('Østerby');
    expect(csv).toContain('Tromsø');
  });

  it('has a README with the licence, the date, every kind with its count and every field', async () => {
    const res = await t.app.inject('/data/README.md');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    const readme = res.body;
    expect(readme).toContain('CC BY 4.0');
    expect(readme).toContain(res.headers['x-dataset-changed'] as string);
    for (const kind of DATASET_KINDS) {
      expect(readme).toContain(`| ${kind} | ${count(DATASET_TABLES[kind])} |`);
      expect(readme).toContain(`### ${kind}`);
      for (const key of Object.keys((DATASET_SCHEMAS[kind] as unknown as { properties: object }).properties)) expect(readme).toContain(`| ${key} |`);
    }
    expect(readme).toMatch(/\| measure \| physical \| [^|]+ \| [^|]+ \|/);
  });

  it('answers an unknown kind or format with a 400', async () => {
    expect((await t.app.inject('/data/people.json')).statusCode).toBe(400);
    expect((await t.app.inject('/data/areas.xml')).statusCode).toBe(400);
  });

  it('lists every file on /data and /en/data', async () => {
    for (const path of ['/data', '/en/data']) {
      const res = await t.app.inject(path);
      expect(res.statusCode).toBe(200);
      const doc = parse(res.body);
      const links = doc.querySelectorAll('a[download]').map((a) => a.getAttribute('href'));
      for (const kind of DATASET_KINDS) {
        expect(links).toContain(`/data/${kind}.json`);
        expect(links).toContain(`/data/${kind}.csv`);
      }
      expect(doc.querySelector('a[rel=license]')?.getAttribute('href')).toBe('https://creativecommons.org/licenses/by/4.0/');
      expect(doc.querySelector('time')?.getAttribute('datetime')).toMatch(/^\d{4}-/);
    }
  });
});
