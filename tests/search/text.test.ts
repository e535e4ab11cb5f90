import { describe, expect, it } from 'vitest';
import {
  buildFtsQuery,
  editDistance,
  escapeFtsQuery,
  escapeHtml,
  foldEachChar,
  foldText,
  highlight,
  plainSpellings,
  queryStem,
  queryTerms,
  snippet,
  stemsOf,
  tokenize,
  typoBudget,
  variantsText,
} from '../../server/search/text.ts';

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

  it('folds a whole text exactly as it folds each character on its own', () => {
    // Every BMP character but the surrogates, in runs of 61 (so each run mixes blocks),
    // between ASCII words; then the cases where lower-casing a whole string differs.
    const samples: string[] = [];
    let run = '';
    for (let c = 0; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      run += String.fromCharCode(c);
      if (run.length === 61) {
        samples.push(`Tiltak ${run} Øst`);
        run = '';
      }
    }
    samples.push(
      'ΟΔΟΣ ΣΑΣ', // a final sigma lower-cases by context in a whole string
      'İstanbul Åsane', // İ lower-cases to two code units
      '𐐀𐐁 Gårdsten', // a pair outside the BMP lower-cases; its halves alone do not
      'Ἀγορά ǅemal ß ẞ Kelvin \u212a',
      'Mötesplats Älvsjö Café Müller Nørrebro',
      '',
    );
    for (const text of samples) expect(foldText(text), JSON.stringify(text)).toBe(foldEachChar(text));
  });
});

describe('buildFtsQuery', () => {
  it('quotes every word, makes it a prefix over every column and adds its other stems as whole words', () => {
    const q = buildFtsQuery('møteplass ungdommer')!;
    expect(q.match).toBe(
      // One prefix over every column (the stem "møteplass" starts with it), the other stems whole.
      '("møteplass"* OR "møteplas") AND ("ungdommer"* OR "ungdom" OR "ungdomm")',
    );
    expect(q.exact).toBe('-{variants} : ("møteplass" AND "ungdommer")');
  });
  it('turns FTS5 operators and punctuation into plain words', () => {
    const expr = escapeFtsQuery('NEAR(a b) AND "x" -y *')!;
    expect(expr.match(/"[^"]*"/g)!.map((w) => w.slice(1, -1))).toEqual(['near', 'a', 'b', 'and', 'x', 'y']);
    // A one-letter word before the last is matched whole (query-cost.test.ts).
    expect(escapeFtsQuery('a""b')).toContain('"b"*');
    expect(escapeFtsQuery('a""b')).not.toContain('"a"*');
    expect(escapeFtsQuery('"')).toBeNull();
    expect(escapeFtsQuery(' - ')).toBeNull();
    expect(escapeFtsQuery('')).toBeNull();
  });
  it('drops repeated words and keeps at most 10 (what Meilisearch reads)', () => {
    expect(queryTerms('a a b')).toEqual(['a', 'b']);
    expect(queryTerms(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))).toHaveLength(10);
  });
  it('adds typo spellings from the lookup as whole words', () => {
    expect(buildFtsQuery('groruddalsatsingen', () => ['groruddalssatsingen'])!.match).toContain('-{variants} : "groruddalssatsingen"');
  });
  it('names the words that match by themselves alone, and none when any part also matches other spellings', () => {
    expect(buildFtsQuery('oslo tiltak')!.soleWords).toEqual([
      { word: 'oslo', prefix: true },
      { word: 'tiltak', prefix: true },
    ]);
    // A one-letter word before the last is matched whole, not as a prefix.
    expect(buildFtsQuery('x tiltak')!.soleWords).toEqual([
      { word: 'x', prefix: false },
      { word: 'tiltak', prefix: true },
    ]);
    expect(buildFtsQuery('tiltak ungdommer')!.soleWords, 'a word with other stems').toBeNull();
    expect(buildFtsQuery('tiltak drabantby')!.soleWords, 'a glossary word').toBeNull();
    expect(buildFtsQuery('area based regeneration')!.soleWords, 'a glossary phrase').toBeNull();
    expect(buildFtsQuery('tiltakk', () => ['tiltak'])!.soleWords, 'a word with typo spellings').toBeNull();
  });
});

describe('stems, plain spellings and variants', () => {
  it('stems with the nb, sv, da and en Snowball stemmers, shortest first', () => {
    expect(stemsOf('ungdommer')).toEqual(['ungdom', 'ungdomm']);
    expect(stemsOf('ungdoms')).toContain('ungdom');
    expect(stemsOf('communities')).toContain('communiti');
    expect(stemsOf('area')).toEqual([]); // too short: "are" would match half the catalogue
    expect(stemsOf('2008')).toEqual([]);
    expect(queryStem('ungdommer')).toBe('ungdom');
  });
  it('spells æ, ø and å without them, as single letters and digraphs', () => {
    expect(plainSpellings('områdeløft')).toEqual(['omradeloft', 'omraadeloeft']);
    expect(plainSpellings(foldText('Hjällbo'))).toEqual(['hjallbo', 'hjaellbo']);
    expect(plainSpellings('tromso')).toEqual([]);
  });
  it('writes every variant of the texts once, in the order its word first occurs, but none that is a word of the texts, call after call', () => {
    // The definition: each distinct word's stems, then each plain spelling and its stems,
    // leaving out the texts' own words (the text columns hold those).
    const reference = (texts: string[]) => {
      const words = texts.flatMap((t) => tokenize(t));
      const own = new Set(words);
      const out = new Set<string>();
      for (const word of words) {
        for (const v of [...stemsOf(word), ...plainSpellings(word).flatMap((p) => [p, ...stemsOf(p)])]) if (!own.has(v)) out.add(v);
      }
      return [...out].join(' ');
    };
    const texts = [
      ['Ungdommer i Gårdsten', 'ungdommene møtes i Gårdstens bibliotek'],
      ['Områdeløft på Furuset: områdeløftet, beboermedvirkning og møteplasser'],
      ['', 'Hjällbo', 'Rosengård och Nørrebro; Hjällbo igen'],
      ['Ungdommer i Gårdsten'], // the same words again: not left out because they were seen before
      ['bydel', 'bydeler i bydelen'], // "bydel" is the stem of the others and a word of its own
      ['Gardsten og Gårdsten'], // a plain spelling that is also a word of the text
    ];
    for (let round = 0; round < 2; round++) {
      for (const t of texts) expect(variantsText(t), t.join(' | ')).toBe(reference(t));
    }
  });
  it('writes each stem and plain spelling once', () => {
    const v = variantsText(['Ungdommer i Gårdsten', 'ungdommene']).split(' ');
    expect(v).toEqual(expect.arrayContaining(['ungdom', 'gardsten', 'gaardsten']));
    expect(new Set(v).size).toBe(v.length);
  });
  it('measures edit distance with swaps, stopping past the limit', () => {
    expect(editDistance('groruddalsatsingen', 'groruddalssatsingen')).toBe(1);
    expect(editDistance('ugndom', 'ungdom')).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(typoBudget('tromso')).toBe(0);
    expect(typoBudget('kvarterloft')).toBe(1);
    expect(typoBudget('groruddalsatsingen')).toBe(2);
  });
});

describe('highlight and snippet', () => {
  it('marks word prefixes that match, whatever their spelling', () => {
    expect(highlight('Møteplass i Tromsø', ['møtep'])).toBe('<mark>Møtep</mark>lass i Tromsø');
    expect(highlight('Mötesplats', tokenize('møtesplats'))).toBe('<mark>Mötesplats</mark>');
    // Matched as the search matches: by a stem, or typed without the Nordic letter.
    expect(highlight('Ungdommer i Romsås', ['ungdom', 'romsas'])).toBe('<mark>Ungdom</mark>mer i <mark>Romsås</mark>');
    expect(highlight('Ungdoms klubb', ['ungdommer'])).toBe('<mark>Ungdoms</mark> klubb');
    expect(highlight('Tromso', ['tromsø'])).toBe('Tromso');
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

describe('the per-word caches', () => {
  it('are let go after a rebuild of every document, and give the same variants when filled again', async () => {
    const { createTestDatabase, removeDbFile } = await import('../helpers/app.ts');
    const { refreshSearchDocuments } = await import('../../server/search/documents.ts');
    const { releaseWordCaches } = await import('../../server/search/text.ts');
    const h = createTestDatabase();
    try {
      const before = variantsText(['Ungdommer i Gårdsten', 'områdeløftet']);
      refreshSearchDocuments(h.sqlite);
      expect(releaseWordCaches(), 'nothing left after the rebuild').toBe(0);
      variantsText(['Ungdommer i Gårdsten', 'områdeløftet']);
      expect(releaseWordCaches()).toBeGreaterThan(0);
      expect(variantsText(['Ungdommer i Gårdsten', 'områdeløftet'])).toBe(before);
    } finally {
      h.close();
      removeDbFile(h.file);
    }
  });
});
