// Keyboard only: skip link, search, choose two facets, remove a chip, open a result and
// come back. Focus must stay where the user was after each htmx swap and always be visible.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CHROMIUM, explainSkip, launchBrowser, startApp, waitForSwap, withPage, type Browser, type RunningApp } from './harness.ts';

explainSkip(import.meta.filename);

interface Focused {
  id: string;
  tag: string;
  selector: string;
  href: string;
  visibleFocus: boolean;
  inViewport: boolean;
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { id: '', tag: 'BODY', selector: 'body', href: '', visibleFocus: false, inViewport: false };
    // Designsystemet draws a checkbox's focus ring on its field (the parent), so look up.
    const ringed = (e: Element) => {
      const style = getComputedStyle(e);
      return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || (style.boxShadow !== 'none' && style.boxShadow !== '');
    };
    const r = el.getBoundingClientRect();
    return {
      id: el.id,
      tag: el.tagName,
      selector: el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`,
      href: el.getAttribute('href') ?? '',
      // The skip link has no ring: it appears as a full-width bar only when focused.
      visibleFocus:
        ringed(el) ||
        (el.matches('input[type=checkbox]') && !!el.parentElement && ringed(el.parentElement)) ||
        (el.matches('.ds-skip-link') && r.height > 10 && r.top >= 0),
      inViewport: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight,
    };
  });
}

/** Presses Tab until `match` holds for the focused element; every stop must show focus. */
async function tabTo(page: Page, match: (f: Focused) => boolean, limit = 120, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<Focused> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    expect(f.visibleFocus, `focus indicator on ${f.selector}`).toBe(true);
    if (match(f)) return f;
  }
  throw new Error('Tab never reached the element');
}

describe.skipIf(!CHROMIUM)('keyboard only', () => {
  let server: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('search, choose two facets, remove one by its chip, open a result and come back', async () => {
    await withPage(browser, 'keyboard journey', async (page) => {
      await page.goto(`${server.origin}/`);

      // The first Tab stop is the skip link, shown when focused; it moves focus to <main>.
      await page.keyboard.press('Tab');
      const skip = await focused(page);
      expect(skip.selector).toContain('ds-skip-link');
      expect(skip.inViewport).toBe(true);
      await page.keyboard.press('Enter');
      expect((await focused(page)).id).toBe('main');

      await tabTo(page, (f) => f.id === 'q');
      await waitForSwap(page, () => page.keyboard.type('meeting'));
      // On a slow machine the typing may send two searches; go on once the last has landed.
      await page.waitForURL('**/?q=meeting');
      expect((await focused(page)).id).toBe('q');

      await tabTo(page, (f) => f.id === 'f-country-NO');
      await waitForSwap(page, () => page.keyboard.press('Space'));
      expect((await focused(page)).id).toBe('f-country-NO');
      expect(await page.isChecked('#f-country-NO')).toBe(true);

      await tabTo(page, (f) => f.id === 'f-theme-meeting-places');
      await waitForSwap(page, () => page.keyboard.press('Space'));
      expect((await focused(page)).id).toBe('f-theme-meeting-places');
      expect(new URL(page.url()).search).toBe('?q=meeting&country=NO&theme=meeting-places');

      // Shift+Tab back to the country facet still works after two swaps, and unticking it
      // keeps focus on it too.
      for (let i = 0; i < 200 && (await focused(page)).id !== 'f-country-NO'; i++) await page.keyboard.press('Shift+Tab');
      await waitForSwap(page, () => page.keyboard.press('Space'));
      expect((await focused(page)).id).toBe('f-country-NO');
      await waitForSwap(page, () => page.keyboard.press('Space'));
      expect(new URL(page.url()).search).toBe('?q=meeting&country=NO&theme=meeting-places');

      // A chip removes its filter (the chips sit above the filters); focus moves to the
      // next chip, not to the top of the page.
      await tabTo(page, (f) => f.selector.includes('ds-chip') && f.href === '/?q=meeting&theme=meeting-places', 120, 'Shift+Tab');
      await waitForSwap(page, () => page.keyboard.press('Enter'));
      expect(new URL(page.url()).search).toBe('?q=meeting&theme=meeting-places');
      const afterChip = await focused(page);
      expect(afterChip.selector).toContain('ds-chip');

      // Past the filters by their skip link, then the first result (links to matching
      // talks, areas … come before the results).
      await tabTo(page, (f) => f.selector.includes('skip-to-results'), 10);
      await page.keyboard.press('Enter');
      expect((await focused(page)).id).toBe('results-heading');
      await tabTo(page, (f) => f.tag === 'A' && f.href.startsWith('/initiatives/'), 20);
      const href = await page.evaluate(() => document.activeElement!.getAttribute('href'));
      expect(href).toMatch(/^\/initiatives\//);
      await Promise.all([page.waitForURL(`**${href}`), page.keyboard.press('Enter')]);
      expect(await page.locator('h1').count()).toBe(1);

      // Come back with the page's own "Back to search" link, which returns to this search
      // (the browser's Back shortcut is not available to a headless page; see journeys).
      await tabTo(page, (f) => f.selector.includes('back-to-search'), 10);
      await Promise.all([page.waitForURL('**/?q=meeting&theme=meeting-places'), page.keyboard.press('Enter')]);
      await expect.poll(() => page.isChecked('#f-theme-meeting-places')).toBe(true);
      expect(await page.isChecked('#f-country-NO')).toBe(false);
      expect(await page.inputValue('#q')).toBe('meeting');
    });
  });

  it('reaches every value of a long filter group with the keyboard through "show all"', async () => {
    await withPage(browser, 'keyboard show all', async (page) => {
      await page.goto(`${server.origin}/?q=`);
      const link = page.locator('.facet[data-facet="target"] .facet__more a:first-child');
      expect(await link.count(), 'the fixture has more target groups than the page lists').toBe(1);
      await link.focus();
      await Promise.all([page.waitForURL(/\/filters\/target/), page.keyboard.press('Enter')]);
      // The last value, which the search page did not list: Tab to it, tick it, send the form.
      const last = page.locator('.facet[data-facet="target"] input[type=checkbox]').last();
      const id = (await last.getAttribute('id'))!;
      const value = (await last.getAttribute('value'))!;
      await tabTo(page, (f) => f.id === id, 60);
      await page.keyboard.press('Space');
      expect(await last.isChecked()).toBe(true);
      await tabTo(page, (f) => f.selector.includes('button'), 5);
      await Promise.all([page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('target') === value), page.keyboard.press('Enter')]);
      expect(await page.isChecked(`#${id}`)).toBe(true);
    });
  });

  it('keeps focus on a link without an id when a search answer lands while the reader is on it', async () => {
    await withPage(browser, 'keyboard late swap', async (page) => {
      await page.goto(`${server.origin}/`);
      await page.focus('#q');
      await page.keyboard.press('Tab'); // the submit button: a keyboard interaction first
      await page.focus('.skip-to-results');
      expect((await focused(page)).selector).toContain('skip-to-results');
      // An answer to typing that was sent before the reader moved on arrives now.
      await waitForSwap(page, () =>
        page.evaluate(() => {
          const q = document.getElementById('q') as HTMLInputElement;
          q.value = 'meeting';
          q.dispatchEvent(new Event('search', { bubbles: true }));
        }),
      );
      const f = await focused(page);
      expect(f.selector).toContain('skip-to-results');
      expect(f.visibleFocus).toBe(true);
      // The "what the values mean" link of a facet keeps focus the same way.
      await page.focus('#about-measure');
      await waitForSwap(page, () =>
        page.evaluate(() => {
          const q = document.getElementById('q') as HTMLInputElement;
          q.value = 'youth';
          q.dispatchEvent(new Event('search', { bubbles: true }));
        }),
      );
      expect(await page.evaluate(() => document.activeElement?.matches('#about-measure'))).toBe(true);
    });
  });
});
