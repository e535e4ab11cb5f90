// The two message catalogues stay in step: every key in both, no empty text, the same
// {placeholders} on both sides, and every t('...') key used in views/ and server/ exists.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nb } from '../../server/i18n/nb.ts';
import { en } from '../../server/i18n/en.ts';
import { formatNumber, t } from '../../server/i18n/index.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function filesUnder(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? filesUnder(p, ext) : ext.test(d.name) ? [p] : [];
  });
}

describe('message catalogues', () => {
  const nbKeys = Object.keys(nb).sort();
  const enKeys = Object.keys(en).sort();

  it('have the same keys in bokmål and English', () => {
    expect(nbKeys.filter((k) => !(k in en)), 'keys missing in en.ts').toEqual([]);
    expect(enKeys.filter((k) => !(k in nb)), 'keys missing in nb.ts').toEqual([]);
  });

  it('have no empty texts and the same placeholders on both sides', () => {
    for (const key of nbKeys) {
      const a = (nb as Record<string, string>)[key];
      const b = (en as Record<string, string>)[key];
      expect(a.trim(), `nb ${key}`).not.toBe('');
      expect(b?.trim(), `en ${key}`).not.toBe('');
      expect(placeholders(b ?? ''), `placeholders of ${key}`).toEqual(placeholders(a));
    }
  });

  it('contain every literal key that templates and server code pass to t()', () => {
    const files = [...filesUnder(path.resolve('views'), /\.eta$/), ...filesUnder(path.resolve('server'), /\.ts$/)];
    const used = new Set<string>();
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*(?:locale\s*,\s*)?'([a-z][\w]*\.[\w.]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/\bkey:\s*'([a-z][\w]*\.[\w.]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((k) => !(k in nb)).sort(), 'keys used but not in the catalogues').toEqual([]);
  });

  it('formats counts for the locale', () => {
    expect(formatNumber('nb', 12345)).toBe('12\u00a0345');
    expect(formatNumber('en', 12345)).toBe('12,345');
    expect(t('en', 'search.resultCount', { count: 1234 })).toBe('1,234 initiatives');
    expect(t('nb', 'search.resultCount', { count: 1234 })).toMatch(/^1\s234 tiltak$/u);
  });
});
