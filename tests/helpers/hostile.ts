// Hostile input for the property-based tests (issue 14): text that breaks parsers, query
// languages and markup, and the one rule every answer to it must keep.
import fc from 'fast-check';
import { parse } from 'node-html-parser';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

export const MARKUP = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>"];
export const MARKERS = [/<script>alert/i, /<img src=x/i, /<svg onload/i];

export const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    // FTS5 syntax
    'NEAR(a b, 2)', 'a OR b', 'NOT x', '"unclosed', 'title:park', '^park', 'park*', '*', '(((', 'a AND (b', '-', 'col : x', '{a b}: c',
    // Meilisearch filter syntax
    'country = "no" OR 1 = 1', 'country IN [no, se]', '_geoRadius(59, 10, 1000)', 'x EXISTS', 'x IS NULL', 'a TO b', "' OR '1'='1",
    // SQL and path tricks, numbers at the edges
    "'; DROP TABLE initiatives; --", '../../etc/passwd', '..\\..\\', '%00', '-1', '0', '1e9', '99999999999999999999', 'NaN', 'Infinity', '',
    ' ', '\u202e', '\ufeff', 'ø'.repeat(300),
  ),
  fc.constantFrom(...MARKUP),
  fc.string({ minLength: 500, maxLength: 3000 }),
  fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 1, maxLength: 5 }).map((codes) => String.fromCharCode(...codes)),
);

/** Broken percent-escapes: truncated, non-hex, overlong, surrogates, beyond U+10FFFF. */
export const rawEscape = fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%C0%AF', '%FF%FE', '%ED%A0%80', '%F4%90%80%80', '%%32%65', '%2', '+%', '%u0041');

/** A 2xx/3xx/4xx (never a 5xx), an error that says something, no stack trace, no unescaped
 * markup, and no redirect to another site. */
export function checkAnswer(res: LightMyRequestResponse, url: string): void {
  const where = `${res.statusCode} for ${url}`;
  expect(res.statusCode, where).toBeLessThan(500);
  expect(res.statusCode, where).toBeGreaterThanOrEqual(200);
  const body = res.body;
  expect(body, where).not.toMatch(/\n\s+at [\w.<>]+ \(|SqliteError|TypeError|ReferenceError/);
  if (res.statusCode >= 300 && res.statusCode < 400) {
    const location = String(res.headers.location ?? '');
    // Same site: a path, never //host, /\host or a scheme.
    expect(location, where).toMatch(/^\/(?![/\\])/);
  }
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('text/html')) {
    for (const marker of MARKERS) expect(body, where).not.toMatch(marker);
    if (res.statusCode >= 400) {
      const main = parse(body).querySelector('main');
      expect(main?.text.trim().length ?? 0, where).toBeGreaterThan(10);
    }
  } else if (type.includes('application/json') && res.statusCode >= 400) {
    expect(String(res.json().message ?? '').length, where).toBeGreaterThan(3);
  }
}
