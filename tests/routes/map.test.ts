// GET /map: Natural Earth outlines, one linked point per area that has coordinates (and
// none for areas without), the table of the same areas, and the areas without listed.
// The fixture's coordinates are made up for the test, like the rest of the fixture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { POINT_RADIUS, spread } from '../../server/presenters/map.ts';
import { fixtureCatalogue } from '../fixtures/catalogue.ts';

const PLACED = [
  { slug: 'osterby', latitude: 59.91, longitude: 10.75, note: 'test point' },
  { slug: 'tromso-nord', latitude: 69.68, longitude: 18.95, note: null },
  { slug: 'gardsby', latitude: 57.7, longitude: 11.97, note: null },
  // Located by the same point as Østerby, as parts of one city located by the city's coordinates are.
  { slug: 'norrebro-test', latitude: 59.91, longitude: 10.75, note: null },
];

describe('map of the areas', () => {
  let t: TestApp;
  let areaCount = 0;
  beforeAll(async () => {
    const catalogue = fixtureCatalogue();
    for (const p of PLACED) {
      const area = catalogue.areas.find((a) => a.slug === p.slug)!;
      area.coordinates = { latitude: p.latitude, longitude: p.longitude, note: p.note, sourceUrl: 'https://example.test/source-2' };
    }
    areaCount = catalogue.areas.length;
    t = await buildTestApp({ catalogue });
  });
  afterAll(async () => t.close());

  for (const path of ['/map', '/en/map']) {
    it(`draws every area with coordinates as a linked point (${path})`, async () => {
      const res = await t.app.inject(path);
      expect(res.statusCode).toBe(200);
      const doc = parse(res.body);
      const svg = doc.querySelector('svg[data-chart=map]')!;
      // The four countries' outlines are there (Natural Earth ids: NO 578, SE 752, DK 208, UK 826).
      const outlines = svg.querySelectorAll('path.map__land').map((p) => p.getAttribute('data-country'));
      for (const id of ['578', '752', '208', '826']) expect(outlines).toContain(id);
      for (const p of svg.querySelectorAll('path.map__land')) expect(p.getAttribute('d')).toMatch(/^M[\d.,\-MLZ]+$/);

      const prefix = path.startsWith('/en') ? '/en' : '';
      const points = svg.querySelectorAll('a.chart__mark');
      expect(points.map((a) => a.getAttribute('href')).sort()).toEqual(PLACED.map((p) => `${prefix}/areas/${p.slug}`).sort());
      for (const a of points) {
        const c = a.querySelector('circle')!;
        const [x, y] = [Number(c.getAttribute('cx')), Number(c.getAttribute('cy'))];
        expect(x).toBeGreaterThan(0);
        expect(y).toBeGreaterThan(0);
        expect(x).toBeLessThan(Number(svg.getAttribute('width')));
        expect(y).toBeLessThan(Number(svg.getAttribute('height')));
      }
      // Tromsø is north of Oslo: smaller y.
      const yOf = (slug: string) => Number(svg.querySelector(`a[data-slug=${slug}] circle`)!.getAttribute('cy'));
      expect(yOf('tromso-nord')).toBeLessThan(yOf('osterby'));

      // The table has the same areas with their coordinates and source.
      const rows = doc.querySelectorAll('.chart__table tbody tr');
      expect(rows).toHaveLength(PLACED.length);
      for (const p of PLACED) {
        const row = rows.find((r) => r.querySelector('a')?.getAttribute('href') === `${prefix}/areas/${p.slug}`)!;
        expect(row.text).toContain(`${p.latitude}, ${p.longitude}`);
        expect(row.querySelector('td a')?.getAttribute('href')).toBe('https://example.test/source-2');
      }
      // Two areas at one point sit side by side around it, each with a line to it, and do
      // not cover each other; a point of its own has no line.
      const circle = (slug: string) => svg.querySelector(`a[data-slug=${slug}] circle`)!;
      const xy = (slug: string) => [Number(circle(slug).getAttribute('cx')), Number(circle(slug).getAttribute('cy'))];
      const [a, b] = [xy('osterby'), xy('norrebro-test')];
      expect(Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!)).toBeGreaterThanOrEqual(2 * POINT_RADIUS);
      const leaders = svg.querySelectorAll('line.map__leader');
      expect(leaders).toHaveLength(2);
      const anchors = new Set(leaders.map((l) => `${l.getAttribute('x1')},${l.getAttribute('y1')}`));
      expect(anchors.size).toBe(1);
      const [ax, ay] = [...anchors][0]!.split(',').map(Number);
      expect(leaders.map((l) => `${l.getAttribute('x2')},${l.getAttribute('y2')}`).sort()).toEqual([a.join(','), b.join(',')].sort());
      for (const p of [a, b]) expect(Math.hypot(p[0]! - ax!, p[1]! - ay!)).toBeLessThan(3 * POINT_RADIUS);

      // Every other area is listed as without coordinates.
      const missing = doc.querySelectorAll('.missing-coordinates li a').map((a) => a.getAttribute('href'));
      expect(missing).toHaveLength(areaCount - PLACED.length);
      for (const p of PLACED) expect(missing).not.toContain(`${prefix}/areas/${p.slug}`);
    });
  }
});

describe('points that share a position', () => {
  const mark = (slug: string, x: number, y: number) => ({ slug, name: slug, href: `/areas/${slug}`, x, y });
  it('leaves a point of its own where it is and rings the others without overlap', () => {
    const out = spread([mark('alone', 10, 10), ...['a', 'b', 'c', 'd'].map((s) => mark(s, 100, 100))]);
    expect(out.find((m) => m.slug === 'alone')).toMatchObject({ x: 10, y: 10, anchor: null });
    const ring = out.filter((m) => m.slug !== 'alone');
    expect(ring).toHaveLength(4);
    for (const m of ring) expect(m.anchor).toEqual({ x: 100, y: 100 });
    for (const m of ring) for (const o of ring) if (m !== o) expect(Math.hypot(m.x - o.x, m.y - o.y)).toBeGreaterThanOrEqual(2 * POINT_RADIUS);
  });
});

describe('map without any coordinates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  it('draws no point and lists every area as without coordinates', async () => {
    const doc = parse((await t.app.inject('/map')).body);
    expect(doc.querySelectorAll('svg a.chart__mark')).toHaveLength(0);
    const count = (t.app.db.sqlite.prepare('SELECT COUNT(*) AS n FROM areas').get() as { n: number }).n;
    expect(doc.querySelectorAll('.missing-coordinates li')).toHaveLength(count);
  });
});
