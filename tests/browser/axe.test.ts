// axe-core (WCAG 2.0/2.1 A and AA rules) on every page type, in both languages, on the
// shipped seed (realistic texts and lengths), also after htmx has swapped the results.
// Record kinds the seed does not have yet (events, talks) run on the test fixture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  explainSkip,
  formatViolations,
  launchBrowser,
  runAxe,
  startApp,
  waitForSwap,
  withPage,
  type Browser,
  type RunningApp,
} from './harness.ts';
import { recordFixture } from '../fixtures/records.ts';

explainSkip(import.meta.filename);

const PAGES: [string, string][] = [
  ['search, empty', '/'],
  ['search, with results', '/?q=youth&country=NO'],
  ['search, no results', '/?q=zzxqvw'],
  ['search, page 2 sorted by title', '/?sort=title&page=2'],
  ['initiative', '/initiatives/alna-school-youth-leadership-school'],
  ['initiative, Swedish original title', '/initiatives/$SV'],
  ['programme', '/programmes/no-gds-2007'],
  ['area', '/areas/furuset'],
  ['programmes list', '/programmes'],
  ['areas list', '/areas'],
  ['about', '/about'],
  ['glossary', '/glossary'],
  ['accessibility statement', '/accessibility'],
  ['search, page past the last', '/?q=park&page=9'],
  ['every value of a filter', '/filters/organisation?country=NO'],
  ['every value of a filter, with what each means', '/filters/participation?measure=social'],
  ['error 400', '/?from=abc&to=1800'],
  ['error 404', '/no-such-page'],
  ['error 404, unknown initiative', '/initiatives/no-such-initiative'],
  ['organisation', '/organisations/imdi'],
  ['organisations list', '/organisations'],
  ['resources list', '/resources'],
  ['error 400, resource filter', '/resources?kind=podcast'],
  // The seed has no event or talk yet: these two run on the fixture (fictional texts).
  ['event (fixture)', '/events/testkonferansen'],
  ['resource (fixture)', '/resources/erfaringer-fra-testvik'],
  ['initiative with every section (fixture)', '/initiatives/moteplass-for-ungdom'],
];

describe.skipIf(!CHROMIUM)('axe: no WCAG 2.1 A/AA violations', () => {
  let server: RunningApp;
  let fixture: RunningApp;
  let browser: Browser;
  let swedish = '';

  beforeAll(async () => {
    [server, fixture, browser] = await Promise.all([startApp('seed'), startApp(recordFixture()), launchBrowser()]);
    swedish = server.app.db.sqlite.prepare(`SELECT slug FROM initiatives WHERE original_language = 'sv' LIMIT 1`).pluck().get() as string;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fixture?.close();
  });

  for (const prefix of ['', '/en']) {
    for (const [name, path] of PAGES) {
      const label = `${prefix ? 'en' : 'nb'}: ${name}`;
      it(label, async () => {
        await withPage(browser, `axe ${label}`, async (page) => {
          const origin = name.endsWith('(fixture)') ? fixture.origin : server.origin;
          const url = `${origin}${prefix}${path.replace('$SV', swedish)}`;
          const response = await page.goto(url);
          expect(response?.status()).toBe(name.startsWith('error 400') ? 400 : name.startsWith('error 404') ? 404 : 200);
          expect(await page.getAttribute('html', 'lang')).toBe(prefix ? 'en' : 'nb');
          const violations = await runAxe(page);
          expect(violations, formatViolations(url, violations)).toEqual([]);
        });
      });
    }

    it(`${prefix ? 'en' : 'nb'}: search after htmx swaps (typing, a facet, a chip)`, async () => {
      await withPage(browser, `axe ${prefix || 'nb'} after swaps`, async (page) => {
        await page.goto(`${server.origin}${prefix}/`);
        await waitForSwap(page, () => page.fill('#q', 'youth'));
        let violations = await runAxe(page);
        expect(violations, formatViolations(page.url(), violations)).toEqual([]);
        await waitForSwap(page, () => page.check('.facet[data-facet="country"] input[value="NO"]'));
        violations = await runAxe(page);
        expect(violations, formatViolations(page.url(), violations)).toEqual([]);
        await waitForSwap(page, () => page.fill('#q', 'zzxqvw'));
        violations = await runAxe(page);
        expect(violations, formatViolations(page.url(), violations)).toEqual([]);
        await waitForSwap(page, () => page.click('.ds-chip'));
        violations = await runAxe(page);
        expect(violations, formatViolations(page.url(), violations)).toEqual([]);
      });
    });
  }
});
