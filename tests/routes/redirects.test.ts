// Every redirect the app builds stays on this site, whatever the request path looks like:
// the language switch (?setlang=) and the Accept-Language redirect used to copy the raw
// path into Location, so `//evil.example/?setlang=en` sent the reader to evil.example.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { listenLocally, rawGet } from '../helpers/raw-http.ts';
import { decideLanguage } from '../../server/i18n/negotiate.ts';
import { toSameOriginPath } from '../../server/same-origin-path.ts';

/** Paths a browser (or an intermediary that decodes %2F and %5C) could read as another host. */
const HOSTILE = [
  '//evil.example/',
  '///evil.example/',
  '////evil.example/x',
  '/\\evil.example/',
  '\\\\evil.example/',
  '/\\/evil.example/',
  '\\/evil.example/',
  '/%2F%2Fevil.example/',
  '/%2f/evil.example/',
  '/%5Cevil.example',
  '/%5Cevil.example/',
  '/%5c%5cevil.example/',
  '/%2F%5Cevil.example/',
  '/\t/evil.example/',
  '/\n/evil.example/',
  ' //evil.example/',
  'http://evil.example/',
  'https://evil.example//evil.example/',
  'HTTP://evil.example/en/',
  'javascript:alert(1)//',
  'evil.example/',
  '//evil.example/en/',
  '/en//evil.example/',
  '//evil.example',
];

/** Exactly one "/" followed by something that is neither "/" nor "\" (or "/" alone). */
const SAME_ORIGIN = /^\/(?:$|[^/\\])/;

function expectSameOrigin(location: string | undefined, from: string) {
  expect(location, from).toBeDefined();
  expect(location, from).toMatch(SAME_ORIGIN);
  // No whitespace or control characters a browser would strip before resolving it.
  expect(location, from).not.toMatch(/[\x00-\x20\x7f]/);
  // Resolved the way a browser resolves Location, it is still this site.
  expect(new URL(location!, 'https://kb.example').origin, from).toBe('https://kb.example');
}

describe('toSameOriginPath', () => {
  it('turns every hostile path into a path on this site', () => {
    for (const path of HOSTILE) {
      for (const target of [path, `${path}?q=park`]) {
        const safe = toSameOriginPath(target);
        expectSameOrigin(safe, JSON.stringify(target));
        // Applying it twice changes nothing (it is safe to use at every layer).
        expect(toSameOriginPath(safe), JSON.stringify(target)).toBe(safe);
      }
    }
  });

  it('leaves ordinary paths and their queries alone', () => {
    expect(toSameOriginPath('/')).toBe('/');
    expect(toSameOriginPath('/?q=park&country=NO')).toBe('/?q=park&country=NO');
    expect(toSameOriginPath('/en/initiatives/park-og-turvei')).toBe('/en/initiatives/park-og-turvei');
    expect(toSameOriginPath('/areas?x=%2F%2Fa')).toBe('/areas?x=%2F%2Fa');
    expect(toSameOriginPath('/?q=gr%C3%B8nt')).toBe('/?q=gr%C3%B8nt');
    expect(toSameOriginPath('/?q=grønt omsorg')).toBe('/?q=gr%C3%B8nt%20omsorg');
    expect(toSameOriginPath('')).toBe('/');
  });

  it('keeps only the path and query of an absolute-form target', () => {
    expect(toSameOriginPath('http://evil.example/en/areas?q=x')).toBe('/en/areas?q=x');
    expect(toSameOriginPath('http://evil.example')).toBe('/');
  });
});

describe('language decisions never leave the site', () => {
  const english = { 'accept-language': 'en' };
  it('for the switch and for an English browser', () => {
    for (const path of HOSTILE) {
      for (const [url, headers] of [
        [`${path}?setlang=en`, {}],
        [`${path}?q=park&setlang=nb`, english],
        [path, english],
        [`${path}?q=park`, english],
      ] as const) {
        const decision = decideLanguage({ method: 'GET', url, headers });
        if (decision.action !== 'none') expectSameOrigin(decision.location, JSON.stringify(url));
      }
    }
  });
});

describe('redirects over HTTP', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await buildTestApp();
    port = await listenLocally(t.app);
  });
  afterAll(async () => t.close());

  it('answers the switch on a hostile path with a Location on this site (app.inject)', async () => {
    // inject keeps these paths as they are (it would resolve backslashes, see below).
    const paths = HOSTILE.filter((p) => p.startsWith('/') && !p.includes('\\') && !/\s/.test(p));
    for (const path of paths) {
      for (const [url, headers, status] of [
        [`${path}?setlang=en`, {}, 303],
        [`${path}?q=park&setlang=nb`, {}, 303],
        // An English path (/en//evil.example/) is not negotiated: no redirect then.
        [path, { 'accept-language': 'en' }, path.startsWith('/en/') ? 404 : 302],
      ] as const) {
        const res = await t.app.inject({ method: 'GET', url, headers });
        // /%5Cevil.example looks like a file (".example"), which is not negotiated.
        if (/\.example$/.test(path) || status === 404) {
          expect(res.statusCode, url).toBe(404);
          expect(res.headers.location, url).toBeUndefined();
        } else {
          expect(res.statusCode, url).toBe(status);
          expectSameOrigin(res.headers.location as string, url);
        }
      }
    }
  });

  it('does the same for the exact bytes of a request line: backslashes and absolute-form', async () => {
    const targets = [
      '//evil.example/?setlang=en',
      '/\\evil.example/?setlang=en',
      '/\\/evil.example/?setlang=en',
      '\\\\evil.example/?setlang=en',
      '///evil.example/?q=park&setlang=nb',
      '/%2F%2Fevil.example/?setlang=en',
      '/%5C%5Cevil.example/?setlang=en',
      'http://evil.example/?setlang=en',
      'http://evil.example//evil.example/?setlang=en',
    ];
    for (const target of targets) {
      const res = await rawGet(port, target);
      if (res.status >= 300 && res.status < 400) expectSameOrigin(res.headers.location, target);
      else expect(res.headers.location, target).toBeUndefined();
    }
    // An absolute-form request is the same request as its origin-form.
    const absolute = await rawGet(port, 'http://evil.example/?q=park&setlang=en');
    expect(absolute.status).toBe(303);
    expect(absolute.headers.location).toBe('/?q=park');
    const english = await rawGet(port, 'http://evil.example/areas?x=1', { 'accept-language': 'en' });
    expect(english.status).toBe(302);
    expect(english.headers.location).toBe('/en/areas?x=1');
  });

  it('still redirects ordinary paths with their queries', async () => {
    const choose = await t.app.inject({ url: '/areas?q=park&country=NO&setlang=nb' });
    expect(choose.statusCode).toBe(303);
    expect(choose.headers.location).toBe('/areas?q=park&country=NO');
    const chooseEn = await t.app.inject({ url: '/en/?q=gr%C3%B8nt&page=2&setlang=en' });
    expect(chooseEn.headers.location).toBe('/en/?q=gr%C3%B8nt&page=2');
    const negotiated = await t.app.inject({ url: '/?q=park&country=NO', headers: { 'accept-language': 'en' } });
    expect(negotiated.statusCode).toBe(302);
    expect(negotiated.headers.location).toBe('/en/?q=park&country=NO');
    const record = await t.app.inject({ url: '/initiatives/park-og-turvei?x=1', headers: { 'accept-language': 'en' } });
    expect(record.headers.location).toBe('/en/initiatives/park-og-turvei?x=1');
  });
});
