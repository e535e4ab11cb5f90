// axe-core (WCAG 2.0/2.1 A and AA) on the pages this feature adds or extends, in both
// languages: the comparison (2 and 4 initiatives, only differences, its 400), an
// initiative page with comparable initiatives and the Cite box (seed and fixture), and a
// search carrying a comparison. Same harness as axe.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, explainSkip, formatViolations, launchBrowser, runAxe, startApp, withPage, type Browser, type RunningApp } from './harness.ts';
import { recordFixture } from '../fixtures/records.ts';

explainSkip(import.meta.filename);

const PAGES: [string, string, number][] = [
  ['compare, two (fixture)', '/compare?ids=moteplass-for-ungdom,kvarterhus-norrebro', 200],
  ['compare, four (fixture)', '/compare?ids=moteplass-for-ungdom,glen-jobs,park-og-turvei,gronne-gardrum', 200],
  ['compare, only differences (fixture)', '/compare?ids=moteplass-for-ungdom,glen-jobs&diff=1', 200],
  ['compare, error 400 (fixture)', '/compare?ids=moteplass-for-ungdom', 400],
  ['search carrying a comparison (fixture)', '/?q=glen&compare=glen-jobs', 200],
  ['initiative with comparable ones and Cite (fixture)', '/initiatives/moteplass-for-ungdom', 200],
  ['initiative with comparable ones and Cite', '/initiatives/alna-school-youth-leadership-school', 200],
  ['compare, seed', '$SEED_COMPARE', 200],
];

describe.skipIf(!CHROMIUM)('axe: comparison, comparable initiatives, cite', () => {
  let seed: RunningApp;
  let fixture: RunningApp;
  let browser: Browser;
  let seedCompare = '';

  beforeAll(async () => {
    [seed, fixture, browser] = await Promise.all([startApp('seed'), startApp(recordFixture()), launchBrowser()]);
    const refs = seed.app.db.sqlite.prepare(`SELECT ref FROM initiatives ORDER BY id LIMIT 4`).pluck().all() as string[];
    seedCompare = `/compare?ids=${refs.join(',')}`;
  });
  afterAll(async () => {
    await browser?.close();
    await seed?.close();
    await fixture?.close();
  });

  for (const prefix of ['', '/en']) {
    for (const [name, path, status] of PAGES) {
      const label = `${prefix ? 'en' : 'nb'}: ${name}`;
      it(label, async () => {
        await withPage(browser, `axe ${label}`, async (page) => {
          const origin = name.includes('(fixture)') ? fixture.origin : seed.origin;
          const url = `${origin}${prefix}${path.replace('$SEED_COMPARE', seedCompare)}`;
          const response = await page.goto(url);
          expect(response?.status()).toBe(status);
          expect(await page.getAttribute('html', 'lang')).toBe(prefix ? 'en' : 'nb');
          const violations = await runAxe(page);
          expect(violations, formatViolations(url, violations)).toEqual([]);
        });
      });
    }
  }
});
