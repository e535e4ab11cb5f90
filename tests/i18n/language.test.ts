// Which language a reader gets: the URL decides, the first visit to an unprefixed page
// follows Accept-Language, and a choice made with the switch is remembered in a cookie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { localeFromAcceptLanguage, localeFromCookie } from '../../server/i18n/negotiate.ts';

describe('Accept-Language parsing', () => {
  it('takes the best-ranked language we have', () => {
    expect(localeFromAcceptLanguage('en-GB,en;q=0.9')).toBe('en');
    expect(localeFromAcceptLanguage('nb-NO,nb;q=0.9,en;q=0.8')).toBe('nb');
    expect(localeFromAcceptLanguage('nn-NO')).toBe('nb');
    expect(localeFromAcceptLanguage('no')).toBe('nb');
    expect(localeFromAcceptLanguage('sv-SE,sv;q=0.9,en;q=0.8,nb;q=0.7')).toBe('en');
    expect(localeFromAcceptLanguage('en;q=0.5,nb;q=0.8')).toBe('nb');
    expect(localeFromAcceptLanguage('de-DE,fr')).toBeNull();
    expect(localeFromAcceptLanguage('en;q=0,nb')).toBe('nb');
    expect(localeFromAcceptLanguage(undefined)).toBeNull();
  });

  it('reads only a valid stored choice', () => {
    expect(localeFromCookie('a=1; lang=en; b=2')).toBe('en');
    expect(localeFromCookie('lang=nb')).toBe('nb');
    expect(localeFromCookie('lang=de')).toBeNull();
    expect(localeFromCookie('xlang=en')).toBeNull();
  });
});

describe('language of a request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t.close());
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('sends an English browser from an unprefixed page to the /en page once, keeping the query', async () => {
    const res = await get('/?q=park&country=NO', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/en/?q=park&country=NO');
    expect(res.headers.vary).toContain('Accept-Language');
    const record = await get('/initiatives/park-og-turvei', { 'accept-language': 'en' });
    expect(record.headers.location).toBe('/en/initiatives/park-og-turvei');
    const english = await get('/en/?q=park&country=NO', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(english.statusCode).toBe(200);
    expect(parse(english.body).querySelector('html')?.getAttribute('lang')).toBe('en');
  });

  it('keeps shared links Norwegian for a Norwegian browser, and /en links English for everyone', async () => {
    const nb = await get('/?q=park', { 'accept-language': 'nb-NO,nb;q=0.9,en;q=0.5' });
    expect(nb.statusCode).toBe(200);
    expect(parse(nb.body).querySelector('html')?.getAttribute('lang')).toBe('nb');
    expect(nb.headers.vary).toContain('Accept-Language');
    const en = await get('/en/?q=park', { 'accept-language': 'nb-NO' });
    expect(en.statusCode).toBe(200);
    expect(parse(en.body).querySelector('html')?.getAttribute('lang')).toBe('en');
    // No header at all: the default language.
    expect((await get('/')).statusCode).toBe(200);
  });

  it('does not redirect htmx requests, the API, assets or other methods', async () => {
    const en = { 'accept-language': 'en' };
    expect((await get('/?q=park', { ...en, 'hx-request': 'true' })).statusCode).toBe(200);
    expect((await get('/api/v1/initiatives', en)).statusCode).toBe(200);
    expect((await get('/health', en)).statusCode).not.toBe(302);
    expect((await get('/static/app.css', en)).statusCode).toBe(200);
  });

  it('remembers the language chosen with the switch, which keeps the search', async () => {
    const page = parse((await get('/?q=park&country=NO')).body);
    const switchHref = page.querySelector('a.lang-switch')!.getAttribute('href')!;
    expect(switchHref).toBe('/en/?q=park&country=NO&setlang=en');
    const back = parse((await get('/en/?q=park')).body).querySelector('a.lang-switch')!.getAttribute('href');
    expect(back).toBe('/?q=park&setlang=nb');

    // An English browser chooses Norwegian: the cookie is set, the marker dropped.
    const choose = await get('/?q=park&setlang=nb', { 'accept-language': 'en' });
    expect(choose.statusCode).toBe(303);
    expect(choose.headers.location).toBe('/?q=park');
    const cookie = String(choose.headers['set-cookie']);
    expect(cookie).toMatch(/^lang=nb;.*Path=\//);
    const after = await get('/?q=park', { 'accept-language': 'en', cookie: 'lang=nb' });
    expect(after.statusCode).toBe(200);
    expect(parse(after.body).querySelector('html')?.getAttribute('lang')).toBe('nb');

    // A Norwegian browser that chose English gets English for unprefixed links too.
    const chooseEn = await get('/en/?setlang=en', { 'accept-language': 'nb' });
    expect(chooseEn.headers.location).toBe('/en/');
    expect(String(chooseEn.headers['set-cookie'])).toMatch(/^lang=en;/);
    expect((await get('/areas', { 'accept-language': 'nb', cookie: 'lang=en' })).headers.location).toBe('/en/areas');
  });

  it('keeps the hreflang alternates free of the switch marker', async () => {
    const doc = parse((await get('/?q=park')).body);
    const alternates = doc.querySelectorAll('link[rel=alternate][hreflang]').map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')]);
    // Absolute, as search engines require, from the configured origin (PUBLIC_URL unset:
    // http://HOST:PORT), not from the request's Host header (inject sends localhost:80).
    expect(alternates).toEqual([
      ['nb', 'http://127.0.0.1:3000/?q=park'],
      ['en', 'http://127.0.0.1:3000/en/?q=park'],
      ['x-default', 'http://127.0.0.1:3000/?q=park'],
    ]);
  });
});
