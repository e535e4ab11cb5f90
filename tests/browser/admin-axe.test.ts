// axe-core (WCAG 2.0/2.1 A and AA) on the editorial pages in both languages: login,
// overview, a list, a new and an existing record's form, a form with validation messages,
// the history and the users page. An editor signs in through the real form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, explainSkip, formatViolations, launchBrowser, runAxe, startApp, withPage, type Browser, type RunningApp } from './harness.ts';
import { createUser } from '../../server/domain/accounts/users.ts';
import { createSuggestion } from '../../server/domain/editorial/suggestions.ts';

explainSkip(import.meta.filename);

const PASSWORD = 'korrekt hest batteri stift';

describe.skipIf(!CHROMIUM)('axe: editorial pages', () => {
  let server: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startApp(), launchBrowser()]);
    await createUser(server.app.db.sqlite, { email: 'admin@example.no', password: PASSWORD, role: 'admin' });
    // One suggestion waiting, so the queue shows its accept and dismiss forms.
    createSuggestion(server.app.db.sqlite, 'test-secret', '192.0.2.1', 'nb', {
      type: 'new', targetKind: null, targetRef: null, text: 'Et nytt tiltak\nMed mer tekst.', sourceUrl: 'https://example.org/kilde', name: null, email: null,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const prefix of ['', '/en']) {
    it(`${prefix ? 'en' : 'nb'}: every admin page type`, async () => {
      await withPage(browser, `axe admin ${prefix || 'nb'}`, async (page) => {
        const check = async (expected: number) => {
          const violations = await runAxe(page);
          expect(violations, formatViolations(page.url(), violations)).toEqual([]);
          expect(await page.getAttribute('html', 'lang')).toBe(prefix ? 'en' : 'nb');
          return expected;
        };
        // The browser context keeps cookies: sign out first if an earlier test signed in.
        await page.goto(`${server.origin}${prefix}/admin`);
        if (await page.$('.admin-nav__logout')) await Promise.all([page.waitForURL(/\/admin\/login$/), page.click('.admin-nav__logout button')]);
        await page.goto(`${server.origin}${prefix}/admin/login`);
        await check(200);
        await page.fill('#email', 'admin@example.no');
        await page.fill('#password', PASSWORD);
        await Promise.all([page.waitForURL(/\/admin$/), page.click('form.admin-form button[type=submit]')]);
        await check(200);
        for (const path of ['/admin/initiatives', '/admin/initiatives/new', '/admin/resources/new', '/admin/areas', '/admin/users', '/admin/suggestions', '/admin/import', '/suggest']) {
          const res = await page.goto(`${server.origin}${prefix}${path}`);
          expect(res?.status(), path).toBe(200);
          await check(200);
        }
        // An existing record, its history, and the form with messages after a bad save.
        await page.goto(`${server.origin}${prefix}/admin/initiatives`);
        await Promise.all([page.waitForURL(/\/admin\/initiatives\/[^/]+$/), page.click('tbody tr a')]);
        await check(200);
        const editUrl = page.url();
        await page.fill('#f-titleEn', '');
        await page.click('button[name=_save]');
        await page.waitForSelector('#f-titleEn-error');
        await check(200);
        await page.goto(`${editUrl}/history`);
        await check(200);
      });
    }, 120_000);
  }
});
