import { describe, expect, it } from 'vitest';
import { escapeFtsQuery, escapeHtml, foldText, highlight, queryTerms, snippet, tokenize } from '../../server/search/text.ts';

describe('foldText', () => {
  it('keeps å, æ and ø distinct and meets Swedish spellings', () => {
    expect(foldText('Tromsø')).toBe('tromsø');
    expect(foldText('Mötesplats Älvsjö')).toBe('møtesplats ælvsjø');
    expect(foldText('Gårdsten Æble')).toBe('gårdsten æble');
    expect(foldText('Café Müller')).toBe('cafe muller');
  });

  it('returns text of the same length, so hit positions map back', () => {
    for (const s of ['Øst-Furuset (Gransdalen)', 'İstanbul', 'ﬁne', 'e\u0301', '😀 emoji']) {
      expect(foldText(s).length).toBe(s.length);
    }
  });
});

describe('escapeFtsQuery', () => {
  it('quotes every word and makes it a prefix', () => {
    expect(escapeFtsQuery('møteplass ungdom')).toBe('"møteplass"* "ungdom"*');
  });
  it('turns FTS5 operators and punctuation into plain words', () => {
    expect(escapeFtsQuery('NEAR(a b) AND "x" -y *')).toBe('"near"* "a" "b" "and"* "x" "y"*');
    expect(escapeFtsQuery('"')).toBeNull();
    expect(escapeFtsQuery(' - ')).toBeNull();
    expect(escapeFtsQuery('')).toBeNull();
  });
  it('drops repeated words and keeps at most 12', () => {
    expect(queryTerms('a a b')).toEqual(['a', 'b']);
    expect(queryTerms(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))).toHaveLength(12);
  });
});

describe('highlight and snippet', () => {
  it('marks word prefixes that match, whatever their spelling', () => {
    expect(highlight('Møteplass i Tromsø', ['møtep'])).toBe('<mark>Møtep</mark>lass i Tromsø');
    expect(highlight('Mötesplats', tokenize('møtesplats'))).toBe('<mark>Mötesplats</mark>');
  });
  it('escapes everything else', () => {
    const html = highlight('<script>alert("x")</script> møte', ['møte']);
    expect(html).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>møte</mark>');
    expect(highlight('<b>', ['b'])).toBe('&lt;<mark>b</mark>&gt;');
    expect(escapeHtml(`'&`)).toBe('&#39;&amp;');
  });
  it('cuts a long text around the first hit', () => {
    const text = `${'lorem '.repeat(80)}kvarterløft ${'ipsum '.repeat(80)}`;
    const s = snippet(text, ['kvarterløft'], 120);
    expect(s).toContain('<mark>kvarterløft</mark>');
    expect(s.startsWith('… ')).toBe(true);
    expect(s.endsWith(' …')).toBe(true);
    expect(s.replace(/<\/?mark>/g, '').length).toBeLessThan(140);
  });
  it('starts at the beginning without a hit', () => {
    expect(snippet('a b c', [], 100)).toBe('a b c');
  });
});
