// The editorial journey in a real browser, on the shipped catalogue (issue 12): an editor
// signs in, adds a talk to the conference (speaker and summary in both languages), uploads
// its slides, publishes it, and finds it in search within the same minute; the public page
// of the talk offers the slides for download and names the conference.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, explainSkip, launchBrowser, startApp, withPage, type Browser, type RunningApp } from './harness.ts';
import { createUser } from '../../server/domain/accounts/users.ts';

explainSkip(import.meta.filename);

const PASSWORD = 'korrekt hest batteri stift';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
// A word no record has, so the search can only find the new talk by it.
const WORD = 'journeyfjellvann';

describe.skipIf(!CHROMIUM)('editor journey: a talk with slides, from the form to search', () => {
  let server: RunningApp;
  let browser: Browser;
  const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'omradeloft-journey-uploads-'));

  beforeAll(async () => {
    [server, browser] = await Promise.all([startApp('seed', { UPLOAD_DIR: uploads }), launchBrowser()]);
    await createUser(server.app.db.sqlite, { email: 'redaktor@example.no', password: PASSWORD, role: 'editor' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(uploads, { recursive: true, force: true });
  });

  it('signs in, adds the talk, uploads slides, publishes, and finds it in search', { timeout: 120_000 }, async () => {
    await withPage(browser, 'editor journey', async (page) => {
      const origin = server.origin;
      const conference = server.app.db.sqlite.prepare(`SELECT ref, slug, name_nb FROM events ORDER BY ref LIMIT 1`).get() as { ref: string; slug: string; name_nb: string };

      // Sign in through the login form.
      await page.goto(`${origin}/admin/login`);
      await page.fill('#email', 'redaktor@example.no');
      await page.fill('#password', PASSWORD);
      await Promise.all([page.waitForURL(/\/admin$/), page.click('form.admin-form button[type=submit]')]);

      // A new talk at the conference, with a speaker row added through the form.
      await page.goto(`${origin}/admin/resources/new`);
      await page.selectOption('#f-kind', 'talk');
      await page.fill('#f-titleOriginal', `Medvirkning i praksis ${WORD}`);
      await page.fill('#f-titleNb', `Medvirkning i praksis ${WORD}`);
      await page.fill('#f-titleEn', `Participation in practice ${WORD}`);
      await page.fill('#f-language', 'nb');
      await page.selectOption('#f-event', conference.ref);
      await page.fill('#f-summary-nb', 'Et testforedrag lagt inn av en redaktør i nettleseren.');
      await page.fill('#f-summary-en', 'A test talk entered by an editor in the browser.');
      await page.click('button[name=_add][value=people]');
      await page.waitForSelector('[name="people.0.name"]');
      await page.fill('[name="people.0.name"]', 'Test Testesen');
      await Promise.all([page.waitForURL(/\/admin\/resources\/[^/?]+\?saved=1$/), page.click('button[name=_save]')]);
      const editUrl = page.url().replace(/\?.*$/, '');
      const ref = decodeURIComponent(editUrl.split('/').at(-1)!);
      const slug = await page.inputValue('#f-slug');
      expect(slug).toContain(WORD);
      expect(await page.textContent('.admin-state .state')).toMatch(/utkast/i);

      // Slides: a PDF through the upload form on the talk's page.
      await page.setInputFiles('#upload-file', { name: 'lysark.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.selectOption('#upload-kind', 'slides');
      await Promise.all([page.waitForURL((url) => url.pathname.endsWith(`/admin/resources/${ref}`)), page.click('.admin-upload button[type=submit]')]);
      // The upload became one of the talk's links, of kind "slides".
      expect(await page.locator('input[name^="links."][value*="/uploads/"]').count()).toBe(1);

      // Not public while a draft: neither the page nor search knows it.
      const api = async () => (await page.request.get(`${origin}/api/v1/resources?limit=100`)).text();
      expect(await api()).not.toContain(WORD);
      expect((await page.request.get(`${origin}/resources/${slug}`)).status()).toBe(404);
      const draftSearch = await page.request.get(`${origin}/?q=${WORD}`);
      expect(await draftSearch.text()).not.toContain(`Medvirkning i praksis ${WORD}`);

      // Publish.
      const published = Date.now();
      await Promise.all([page.waitForURL((url) => url.pathname.endsWith(`/admin/resources/${ref}`)), page.click('.admin-state form:has(input[name=to][value=published]) button')]);
      expect(await page.textContent('.admin-state .state')).toMatch(/publisert/i);
      expect(await api()).toContain(WORD);

      // Search: typed into the search box, as a visitor would.
      await page.goto(`${origin}/`);
      await page.fill('input[name=q]', WORD);
      await page.keyboard.press('Enter');
      const hit = page.locator('.record-matches__group[data-kind=resource] a', { hasText: `Medvirkning i praksis ${WORD}` });
      await hit.waitFor({ timeout: 15_000 });
      expect(Date.now() - published).toBeLessThan(60_000);

      // The public page: the conference named, the slides offered as a download.
      await Promise.all([page.waitForURL((url) => url.pathname === `/resources/${slug}`), hit.click()]);
      expect(await page.textContent('main')).toContain(conference.name_nb);
      const slides = page.locator('main a[href*="/uploads/"]').first();
      const href = await slides.getAttribute('href');
      // Upload links are absolute on the public address (PUBLIC_URL); here the app listens on another port.
      expect(href!.startsWith(`${server.app.publicOrigin}/uploads/`), href!).toBe(true);
      const file = await page.request.get(`${origin}${new URL(href!).pathname}`);
      expect(file.status()).toBe(200);
      expect(file.headers()['content-type']).toBe('application/pdf');
      expect(file.headers()['content-disposition']).toMatch(/attachment/);
      expect(Buffer.from(await file.body()).equals(PDF)).toBe(true);
    });
  });
});
