// The shipped seed on the map: every area that seed/editorial/coordinates.json gives
// coordinates is a linked point on /map with exactly those coordinates and their source,
// and the area itself cites that source. An area whose coordinates locate a wider place
// says so in both languages.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { readSeedCatalogue } from '../../seed/catalogue.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

interface CoordinatesFile {
  sources: { url: string; kind: string; originalPublisher?: string }[];
  areas: Record<string, { latitude: number; longitude: number; source: string; of?: { nb: string; en: string } }>;
}
const file = JSON.parse(readFileSync(new URL('../../seed/editorial/coordinates.json', import.meta.url), 'utf8')) as CoordinatesFile;
const sourced = Object.entries(file.areas);

describe('the real seed on the map', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ catalogue: readSeedCatalogue() });
  });
  afterAll(async () => t.close());

  it('ships coordinates for the areas the editorial file names, in all four countries', () => {
    expect(sourced.length).toBeGreaterThanOrEqual(44);
    const rows = t.app.db.sqlite
      .prepare(
        `SELECT a.slug, a.country_code AS country, a.latitude, a.longitude, s.url
         FROM areas a LEFT JOIN sources s ON s.id = a.coordinates_source_id WHERE a.latitude IS NOT NULL`,
      )
      .all() as { slug: string; country: string; latitude: number; longitude: number; url: string | null }[];
    expect(rows.map((r) => r.slug).sort()).toEqual(sourced.map(([slug]) => slug).sort());
    for (const r of rows) {
      const c = file.areas[r.slug];
      expect([r.latitude, r.longitude, r.url], r.slug).toEqual([c.latitude, c.longitude, c.source]);
    }
    expect(new Set(rows.map((r) => r.country))).toEqual(new Set(['NO', 'SE', 'DK', 'GB-SCT']));
  });

  for (const prefix of ['', '/en']) {
    it(`draws a linked point for every sourced area, with its coordinates and source in the table (${prefix || '/'})`, async () => {
      const res = await t.app.inject(`${prefix}/map`);
      expect(res.statusCode).toBe(200);
      const doc = parse(res.body);
      const points = doc.querySelectorAll('svg[data-chart=map] a.chart__mark').map((a) => a.getAttribute('href'));
      expect(points.sort()).toEqual(sourced.map(([slug]) => `${prefix}/areas/${slug}`).sort());
      const rows = doc.querySelectorAll('.chart__table tbody tr');
      expect(rows).toHaveLength(sourced.length);
      for (const [slug, c] of sourced) {
        const row = rows.find((r) => r.querySelector('th a')?.getAttribute('href') === `${prefix}/areas/${slug}`)!;
        expect(row, slug).toBeDefined();
        expect(row.text, slug).toContain(`${c.latitude}, ${c.longitude}`);
        expect(row.querySelector('td a')?.getAttribute('href'), slug).toBe(c.source);
      }
      const missing = doc.querySelectorAll('.missing-coordinates li');
      expect(missing).toHaveLength(readSeedCatalogue().areas.length - sourced.length);
    });
  }

  it('lists the coordinate source among each sourced area’s sources, a copy marked as a copy', async () => {
    const kinds = new Map(file.sources.map((s) => [s.url, s]));
    for (const [slug, c] of sourced) {
      const doc = parse((await t.app.inject(`/en/areas/${slug}`)).body);
      const item = doc.querySelectorAll('.sources__list li').find((li) => li.querySelector('a')?.getAttribute('href') === c.source);
      expect(item, slug).toBeDefined();
      const source = kinds.get(c.source)!;
      expect(source, slug).toBeDefined();
      expect(item!.querySelector('.source__kind')?.getAttribute('data-kind'), slug).toBe(source.kind);
      if (source.kind === 'copy') expect(source.originalPublisher, slug).toBe('Wikipedia');
    }
  });

  it('says in both languages when the coordinates locate a wider place than the area', () => {
    const areas = new Map(readSeedCatalogue().areas.map((a) => [a.slug, a]));
    const wider = sourced.filter(([, c]) => c.of);
    expect(wider.length).toBeGreaterThan(0);
    for (const [slug, c] of wider) {
      const a = areas.get(slug)!;
      expect(a.description.nb, slug).toContain(`Koordinatene på kartet er de kilden oppgir for ${c.of!.nb}`);
      expect(a.description.en, slug).toContain(`The map coordinates are those the source gives for ${c.of!.en}`);
    }
    for (const [slug] of sourced.filter(([, c]) => !c.of)) expect(areas.get(slug)!.description.en ?? '', slug).not.toContain('map coordinates');
  });
});
