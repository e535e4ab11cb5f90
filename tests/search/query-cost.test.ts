// Bounded cost of a hostile query (issue 14, defect 6): one-letter words are not
// prefix-expanded (each expanded to a large share of the vocabulary: twelve of them cost
// over a second at 30,000 initiatives), except the last word, which is being typed.
// The number of words is capped by MAX_QUERY_TERMS (and by the query schema).
import { describe, expect, it } from 'vitest';
import { escapeFtsQuery, MAX_QUERY_TERMS } from '../../server/search/text.ts';
import { buildTestApp } from '../helpers/app.ts';

describe('query cost', () => {
  /** Each word as typed (the first term of each ANDed part; its stems follow it), with `*` when it is matched as a prefix. */
  const textTerms = (q: string) =>
    [...escapeFtsQuery(q)!.matchAll(/(?:^|AND )\(?(?:-\{variants\} : )?"([^"]+)"(\*?)/g)].map((m) => m[1] + m[2]);

  it('prefix-matches one-letter words only as the last word', () => {
    expect(textTerms('a b c')).toEqual(['a', 'b', 'c*']);
    expect(textTerms('park b')).toEqual(['park*', 'b*']);
    expect(textTerms('b park')).toEqual(['b', 'park*']);
    expect(textTerms('p')).toEqual(['p*']);
    expect(textTerms('to ti')).toEqual(['to*', 'ti*']);
  });

  it('uses at most MAX_QUERY_TERMS words', () => {
    const words = Array.from({ length: 30 }, (_, i) => `w${i}x`);
    expect(textTerms(words.join(' '))).toHaveLength(MAX_QUERY_TERMS);
  });

  it('answers a twelve-letter query over HTTP without an error', async () => {
    const t = await buildTestApp();
    try {
      const res = await t.app.inject(`/?q=${encodeURIComponent('a b c d e f g h i j k l')}`);
      expect(res.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
