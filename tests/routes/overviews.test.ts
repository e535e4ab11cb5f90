// The overviews: every SVG mark matches a number in the table beside it and in the
// database (one mark per non-zero value), and the timeline draws one bar per dated
// programme with the table listing every programme.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, type HTMLElement } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

describe('overview of measure types and themes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  /** The table's numbers as group → code → count. */
  function tableOf(figure: HTMLElement): Map<string, Map<string, number>> {
    const out = new Map<string, Map<string, number>>();
    for (const tr of figure.querySelectorAll('tbody tr')) {
      const cells = new Map(tr.querySelectorAll('td').map((td) => [td.getAttribute('data-code')!, Number(td.text)]));
      out.set(tr.getAttribute('data-group')!, cells);
    }
    return out;
  }

  for (const path of ['/overview', '/en/overview']) {
    it(`draws one mark per non-zero value, matching its table (${path})`, async () => {
      const res = await t.app.inject(path);
      expect(res.statusCode).toBe(200);
      const figures = parse(res.body).querySelectorAll('figure.chart');
      expect(figures.map((f) => f.id)).toEqual(['measure-country', 'theme-country', 'measure-programme', 'theme-programme']);
      for (const figure of figures) {
        const table = tableOf(figure);
        const marks = figure.querySelectorAll('svg g.chart__mark');
        const nonZero = [...table.values()].flatMap((row) => [...row.values()]).filter((n) => n > 0);
        expect(nonZero.length, figure.id).toBeGreaterThan(0);
        expect(marks).toHaveLength(nonZero.length);
        for (const m of marks) {
          const count = Number(m.getAttribute('data-count'));
          expect(table.get(m.getAttribute('data-group')!)?.get(m.getAttribute('data-code')!)).toBe(count);
          expect(m.querySelector('text')!.text).toBe(String(count));
        }
      }
    });
  }

  it('counts what the database holds', async () => {
    const figure = parse((await t.app.inject('/overview')).body).getElementById('measure-country')!;
    const table = tableOf(figure);
    const rows = t.app.db.sqlite
      .prepare(
        `SELECT i.country_code AS g, t.code, COUNT(DISTINCT i.id) AS n FROM initiatives i
         JOIN initiative_terms t ON t.initiative_id = i.id AND t.kind = 'measure' GROUP BY g, t.code`,
      )
      .all() as { g: string; code: string; n: number }[];
    for (const r of rows) expect(table.get(r.g)?.get(r.code)).toBe(r.n);
    const total = [...table.values()].flatMap((row) => [...row.values()]).reduce((a, b) => a + b, 0);
    expect(total).toBe(rows.reduce((a, r) => a + r.n, 0));
  });

  it('links the programme rows to their pages', async () => {
    const figure = parse((await t.app.inject('/en/overview')).body).getElementById('theme-programme')!;
    for (const a of figure.querySelectorAll('tbody th a')) expect(a.getAttribute('href')).toMatch(/^\/en\/programmes\/[a-z0-9-]+$/);
  });
});

describe('programme timeline', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());

  for (const path of ['/programmes/timeline', '/en/programmes/timeline']) {
    it(`draws one bar per dated programme and lists every programme (${path})`, async () => {
      const res = await t.app.inject(path);
      expect(res.statusCode).toBe(200);
      const doc = parse(res.body);
      const programmes = t.app.db.sqlite.prepare(`SELECT slug, period_start, period_end FROM programmes`).all() as {
        slug: string;
        period_start: number | null;
        period_end: number | null;
      }[];
      const bars = doc.querySelectorAll('svg a.chart__mark');
      const dated = programmes.filter((p) => p.period_start !== null);
      expect(bars).toHaveLength(dated.length);
      const prefix = path.startsWith('/en') ? '/en' : '';
      for (const bar of bars) {
        const p = programmes.find((x) => bar.getAttribute('href') === `${prefix}/programmes/${x.slug}`)!;
        expect(p).toBeDefined();
        expect(bar.getAttribute('data-start')).toBe(String(p.period_start));
        expect(bar.getAttribute('data-end')).toBe(p.period_end === null ? '' : String(p.period_end));
        expect(Number(bar.querySelector('rect')!.getAttribute('width'))).toBeGreaterThan(0);
      }
      const rows = doc.querySelectorAll('table tbody tr');
      expect(rows).toHaveLength(programmes.length);
      for (const row of rows) {
        const href = row.querySelector('a')!.getAttribute('href')!;
        const p = programmes.find((x) => href === `${prefix}/programmes/${x.slug}`)!;
        const [start, end] = row.querySelectorAll('td').slice(1).map((td) => td.text);
        if (p.period_start !== null) expect(start).toBe(String(p.period_start));
        if (p.period_end !== null) expect(end).toBe(String(p.period_end));
      }
    });
  }

  it('places later starts further right', async () => {
    const bars = parse((await t.app.inject('/programmes/timeline')).body).querySelectorAll('svg a.chart__mark');
    const points = bars.map((b) => [Number(b.getAttribute('data-start')), Number(b.querySelector('rect')!.getAttribute('x'))]);
    for (const [s1, x1] of points) for (const [s2, x2] of points) if (s1 < s2) expect(x1).toBeLessThan(x2);
  });
});
