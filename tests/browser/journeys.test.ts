// The search in a real browser, with JavaScript (htmx) and without: typing, facets, chips,
// back/forward, reload, the language switch, the loading and live regions, print and
// narrow screens. Runs against the test fixture, so counts are known.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  CHROMIUM,
  explainSkip,
  launchBrowser,
  startApp,
  waitForSwap,
  withPage,
  type Browser,
  type RunningApp,
} from './harness.ts';

explainSkip(import.meta.filename);

interface SearchState {
  path: string;
  q: string;
  status: string;
  checked: string[];
  hits: string[];
  chips: string[];
}

/** What the reader sees of the search, read from the page. */
async function state(page: Page): Promise<SearchState> {
  return page.evaluate(() => {
    const u = new URL(location.href);
    return {
      path: u.pathname + u.search,
      q: (document.getElementById('q') as HTMLInputElement).value,
      status: document.getElementById('result-status')!.textContent!.trim(),
      checked: Array.from(document.querySelectorAll<HTMLInputElement>('.facet input[type=checkbox]:checked')).map((i) => `${i.name}=${i.value}`),
      hits: Array.from(document.querySelectorAll('.hit h3 a')).map((a) => a.getAttribute('href')!),
      chips: Array.from(document.querySelectorAll('.chips .ds-chip')).map((a) => a.textContent!.trim()),
    };
  });
}

async function facetCount(page: Page, facet: string, value: string): Promise<number> {
  const text = await page.textContent(`.facet[data-facet="${facet}"] label:has(input[value="${value}"]) small`);
  return Number(text!.replace(/[^\d]/g, ''));
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe.skipIf(!CHROMIUM)('search journeys', () => {
  let server: RunningApp;
  let browser: Browser;
  let noJs: Browser;

  beforeAll(async () => {
    [server, browser, noJs] = await Promise.all([startApp(), launchBrowser(), launchBrowser({ javaScriptEnabled: false })]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), noJs?.close()]);
    await server?.close();
  });

  it('with JavaScript: typing, facets and chips update results, counts and URL in place; back, forward and reload restore each state', async () => {
    await withPage(browser, 'journey with JavaScript', async (page) => {
      await page.goto(`${server.origin}/`);
      const s0 = await state(page);
      expect(s0.status).toBe('10 tiltak');
      // Filters apply as they are ticked, so the plain form's button is not shown.
      expect(await page.isVisible('.apply-filters')).toBe(false);
      // Marks that survive only as long as no full page load happens.
      await page.evaluate(() => {
        (window as unknown as { __samePage: boolean }).__samePage = true;
        (document.getElementById('result-status') as unknown as { __node: boolean }).__node = true;
      });

      await page.focus('#q');
      await waitForSwap(page, () => page.keyboard.type('meeting', { delay: 20 }));
      const s1 = await state(page);
      expect(s1.path).toBe('/?q=meeting');
      expect(s1.status).toBe('4 tiltak for «meeting»');
      expect(s1.hits).toHaveLength(4);
      expect(await focusedId(page)).toBe('q');
      const countNo = await facetCount(page, 'country', 'NO');
      const measureSocialBefore = await facetCount(page, 'measure', 'social');

      await waitForSwap(page, () => page.check('#f-country-NO'));
      const s2 = await state(page);
      expect(s2.path).toBe('/?q=meeting&country=NO');
      expect(s2.status).toBe(`${countNo} tiltak for «meeting»`);
      expect(s2.checked).toEqual(['country=NO']);
      expect(s2.chips).toEqual(['Land: Norge']);
      // Counts of the other facets follow the filter; this facet's own counts do not.
      expect(await facetCount(page, 'measure', 'social')).toBeLessThan(measureSocialBefore);
      expect(await facetCount(page, 'country', 'SE')).toBe(1);
      // Focus stays on the checkbox the user toggled.
      expect(await focusedId(page)).toBe('f-country-NO');
      // The CSV download follows the search.
      const csvHref = await page.getAttribute('.export a', 'href');
      expect(csvHref).toBe('/export.csv?q=meeting&country=NO');
      const csv = await page.request.get(`${server.origin}${csvHref}`);
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toMatch(/^text\/csv/);

      await waitForSwap(page, () => page.check('#f-measure-cultural'));
      const s3 = await state(page);
      expect(s3.path).toBe('/?q=meeting&country=NO&measure=cultural');
      expect(s3.checked).toEqual(['country=NO', 'measure=cultural']);
      expect(s3.chips).toEqual(['Land: Norge', 'Type tiltak: Kulturell']);

      await waitForSwap(page, () => page.click('.chips .ds-chip >> nth=0'));
      const s4 = await state(page);
      expect(s4.path).toBe('/?q=meeting&measure=cultural');
      expect(s4.checked).toEqual(['measure=cultural']);
      expect(s4.chips).toEqual(['Type tiltak: Kulturell']);

      // All of it happened in one page; the live region is the same node with new text.
      expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
      expect(await page.evaluate(() => (document.getElementById('result-status') as unknown as { __node?: boolean }).__node)).toBe(true);

      // Back and forward restore every state.
      for (const expected of [s3, s2, s1, s0]) {
        await page.goBack();
        await expect.poll(() => state(page)).toEqual(expected);
      }
      for (const expected of [s1, s2, s3, s4]) {
        await page.goForward();
        await expect.poll(() => state(page)).toEqual(expected);
      }
      await page.reload();
      expect(await state(page)).toEqual(s4);
    });
  });

  it('without JavaScript: the same journey works as a plain form with links', async () => {
    await withPage(noJs, 'journey without JavaScript', async (page) => {
      await page.goto(`${server.origin}/`);
      const s0 = await state(page);
      expect(await page.isVisible('.apply-filters')).toBe(true);

      await page.fill('#q', 'meeting');
      // A plain GET form: empty fields are in the URL too (the server ignores them).
      await Promise.all([page.waitForURL(/\?q=meeting/), page.press('#q', 'Enter')]);
      const s1 = await state(page);
      expect(s1.status).toBe('4 tiltak for «meeting»');

      await page.check('#f-country-NO');
      await Promise.all([page.waitForURL(/country=NO/), page.click('.apply-filters')]);
      const s2 = await state(page);
      expect(new URL(s2.path, 'http://x').searchParams.getAll('country')).toEqual(['NO']);
      expect(s2.checked).toEqual(['country=NO']);
      expect(s2.chips).toEqual(['Land: Norge']);
      expect(s2.status).toMatch(/^\d+ tiltak for «meeting»$/);

      await Promise.all([page.waitForURL((u) => !u.search.includes('country')), page.click('.chips .ds-chip')]);
      const s3 = await state(page);
      expect(s3.checked).toEqual([]);
      expect(s3.status).toBe('4 tiltak for «meeting»');

      for (const expected of [s2, s1, s0]) {
        await page.goBack();
        expect(await state(page)).toEqual(expected);
      }
      for (const expected of [s1, s2, s3]) {
        await page.goForward();
        expect(await state(page)).toEqual(expected);
      }
      await page.reload();
      expect(await state(page)).toEqual(s3);
    });
  });

  it('the language switch keeps the search, with and without JavaScript, and the choice is remembered', async () => {
    await withPage(browser, 'language switch with JavaScript', async (page) => {
      await page.goto(`${server.origin}/`);
      await page.focus('#q');
      await waitForSwap(page, () => page.keyboard.type('meeting'));
      await waitForSwap(page, () => page.check('#f-country-NO'));
      // The switch was rendered for "/" but follows the search htmx has pushed.
      await Promise.all([page.waitForURL('**/en/?q=meeting&country=NO'), page.click('#lang-switch')]);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      const en = await state(page);
      expect(en.q).toBe('meeting');
      expect(en.checked).toEqual(['country=NO']);
      expect(en.chips).toEqual(['Country: Norway']);
      expect(en.status).toMatch(/^\d+ initiatives? for “meeting”$/);
      await Promise.all([page.waitForURL('**/?q=meeting&country=NO'), page.click('#lang-switch')]);
      expect(await page.getAttribute('html', 'lang')).toBe('nb');
      expect((await state(page)).checked).toEqual(['country=NO']);
      await page.context().clearCookies();
    });
    await withPage(noJs, 'language switch without JavaScript', async (page) => {
      await page.goto(`${server.origin}/areas?x=1`);
      await Promise.all([page.waitForURL('**/en/areas?x=1'), page.click('#lang-switch')]);
      expect(await page.textContent('h1')).toBe('Areas');
    });
  });

  it('an English browser is sent to English once; a shared Norwegian link stays Norwegian after choosing it', async () => {
    await withPage(browser, 'Accept-Language', async (page) => {
      await page.context().clearCookies();
      // The context's locale (nb-NO) wins over extra headers, so rewrite the requests.
      await page.route('**/*', (route) => route.continue({ headers: { ...route.request().headers(), 'accept-language': 'en-GB,en;q=0.9' } }));
      await page.goto(`${server.origin}/?q=park`);
      expect(new URL(page.url()).pathname).toBe('/en/');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await Promise.all([page.waitForURL('**/?q=park'), page.click('#lang-switch')]);
      await page.goto(`${server.origin}/programmes`);
      expect(await page.getAttribute('html', 'lang')).toBe('nb');
      // Leave the remembered choice as the other tests expect it.
      await page.context().clearCookies();
    });
  });

  it('announces the loading state and then the new number of hits in live regions', async () => {
    await withPage(browser, 'live regions', async (page) => {
      await page.goto(`${server.origin}/`);
      expect(await page.getAttribute('#result-status', 'role')).toBe('status');
      expect(await page.getAttribute('#search-indicator', 'role')).toBe('status');
      await page.route('**/?*', async (route) => {
        if (route.request().headers()['hx-request']) await new Promise((r) => setTimeout(r, 1200));
        await route.continue();
      });
      await page.focus('#q');
      await page.keyboard.type('park');
      await expect.poll(() => page.textContent('#search-indicator')).toBe('Søker …');
      // The answer is held back 1.2 s: wait longer than that for it.
      await expect.poll(() => page.textContent('#result-status'), { timeout: 5000 }).toMatch(/^\d+ tiltak for «park»$/);
      expect((await page.textContent('#search-indicator'))!.trim()).toBe('');
      await page.unroute('**/?*');
    });
  });

  it('fits 320 px and 200 % zoom without sideways scrolling, and prints without the controls', async () => {
    await withPage(browser, 'narrow and print', async (page) => {
      for (const [width, scale] of [[320, 1], [640, 2]] as const) {
        await page.setViewportSize({ width, height: 800 });
        for (const path of ['/?q=meeting&country=NO', '/initiatives/kvarterhus-norrebro', '/programmes/prog-dk', '/areas']) {
          await page.goto(`${server.origin}${path}`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${path} at ${width}px (zoom ${scale * 100} %)`).toBeLessThanOrEqual(0);
        }
      }
      await page.goto(`${server.origin}/?q=meeting&country=NO`);
      await page.emulateMedia({ media: 'print' });
      const shown = await page.evaluate(() =>
        Object.fromEntries(
          ['.site-nav', '.facets', '.search-bar', '.clear-all', '.chips', '.hits', '#result-status', 'h1'].map((s) => [s, getComputedStyle(document.querySelector(s)!).display !== 'none']),
        ),
      );
      expect(shown).toEqual({
        '.site-nav': false,
        '.facets': false,
        '.search-bar': false,
        '.clear-all': false,
        '.chips': true, // what the printed list is filtered by
        '.hits': true,
        '#result-status': true,
        h1: true,
      });
      await page.emulateMedia({ media: 'screen' });
    });
  });
});
