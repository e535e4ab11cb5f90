// The cross-language glossary: one data file, read by both engines. The embedded engine
// expands a glossary word or typed phrase into an FTS5 OR-group; these tests pin the expression and check
// that it finds the other spellings in a real FTS5 index.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFtsQuery, escapeFtsQuery } from '../../server/search/text.ts';
import { glossaryGroups, glossaryPhraseAt, readGlossary, synonymsOf } from '../../server/search/glossary.ts';
import { SqliteSearchEngine } from '../../server/search/sqlite/engine.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { fixtureCatalogue } from '../fixtures/catalogue.ts';
import { createTestDatabase, removeDbFile } from '../helpers/app.ts';
import { q } from './contract.ts';

describe('glossary file', () => {
  it('holds the programme words in every language, folded', () => {
    const groups = glossaryGroups();
    const regeneration = groups.find((g) => g.terms.some((t) => t.join(' ') === 'områdeløft'));
    expect(regeneration).toBeDefined();
    const flat = regeneration!.terms.map((t) => t.join(' '));
    for (const word of ['områdesatsing', 'kvarterløft', 'områdefornyelse', 'storstadssatsning', 'area based regeneration']) {
      expect(flat).toContain(word);
    }
    const district = groups.find((g) => g.terms.some((t) => t.join(' ') === 'bydel'))!;
    expect(district.terms.map((t) => t.join(' '))).toEqual(expect.arrayContaining(['stadsdel', 'district']));
  });

  it('folds entries the way the search box does (ö→ø, ä→æ)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-'));
    const file = path.join(dir, 'g.json');
    fs.writeFileSync(file, JSON.stringify({ groups: [{ concept: 'x', terms: ['Förort', 'Förort', 'Housing-Estate', ''] }] }));
    expect(readGlossary(file)).toEqual([{ concept: 'x', terms: [['førort'], ['housing', 'estate']] }]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a malformed file with its name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-'));
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ groups: [{ concept: 'x', terms: [1] }] }));
    expect(() => readGlossary(file)).toThrow(/bad\.json/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('expands single words through synonymsOf and typed phrases through glossaryPhraseAt', () => {
    expect(synonymsOf('stadsdel').map((t) => t.join(' '))).toEqual(
      expect.arrayContaining(['bydel', 'district', 'borough']),
    );
    expect(synonymsOf('stadsdel').map((t) => t.join(' '))).not.toContain('stadsdel');
    expect(synonymsOf('regeneration')).toEqual([]);
    expect(synonymsOf('zebra')).toEqual([]);
    const phrase = glossaryPhraseAt(['oslo', 'area', 'based', 'regeneration'], 1)!;
    expect(phrase.words).toEqual(['area', 'based', 'regeneration']);
    expect(phrase.others.map((t) => t.join(' '))).toEqual(expect.arrayContaining(['områdeløft', 'kvarterløft']));
    expect(glossaryPhraseAt(['area', 'zebra'], 0)).toBeNull();
  });

  it('lets an entry typed without æ/ø/å trigger its group', () => {
    expect(synonymsOf('omradeloft').map((t) => t.join(' '))).toContain('kvarterløft');
    expect(synonymsOf('kvarterloft').map((t) => t.join(' '))).toContain('områdeløft');
  });
});

describe('buildFtsQuery with the glossary', () => {
  it('leaves words outside the glossary without OR-groups of other spellings', () => {
    const expr = escapeFtsQuery('Tromsø nord')!;
    expect(expr).toContain('"tromsø"*');
    expect(expr).toContain(' AND "nord"*'); // typed without æ/ø/å: one prefix over every column
    expect(expr).not.toContain('"bydel"');
    expect(escapeFtsQuery('   ')).toBeNull();
  });

  it('turns a glossary word into an OR-group of its spellings, ANDed with the rest', () => {
    const expr = escapeFtsQuery('Stadsdel Nørrebro')!;
    // Single words are one prefix over every column (and their other stems, here none).
    expect(expr.startsWith('("stadsdel"* OR "bydel"* OR ')).toBe(true);
    expect(expr).toContain(' OR "district"*');
    expect(expr).toMatch(/\) AND "nørrebro"\*$/);
  });

  it('writes multi-word entries as phrases of adjacent words, and a typed phrase triggers its group', () => {
    expect(escapeFtsQuery('kvarterløft')).toContain('-{variants} : "area"* + "based"* + "regeneration"*');
    const typed = buildFtsQuery('area-based regeneration')!;
    expect(typed.match).toContain(' OR "områdeløft"*');
    expect(typed.exact).toContain('"area" + "based" + "regeneration" OR "områdeløft"');
  });

  it('folds the query before looking it up (Swedish spelling of a glossary word)', () => {
    expect(escapeFtsQuery('FÖRORT')).toMatch(/^\("førort"\* OR /);
  });
});

describe('the embedded engine finds other spellings through the glossary', () => {
  let handle: DatabaseHandle;
  let engine: SqliteSearchEngine;
  beforeAll(() => {
    handle = createTestDatabase(fixtureCatalogue());
    engine = new SqliteSearchEngine(handle.sqlite);
  });
  afterAll(() => {
    handle.close();
    removeDbFile(handle.file);
  });

  it('finds a "Bydel" area when searching for stadsdel or district', async () => {
    const bydel = (await engine.search(q({ q: 'bydel' }))).hits.map((h) => h.slug).sort();
    expect(bydel.length).toBeGreaterThan(0);
    expect((await engine.search(q({ q: 'stadsdel' }))).hits.map((h) => h.slug).sort()).toEqual(bydel);
    expect((await engine.search(q({ q: 'district' }))).hits.map((h) => h.slug).sort()).toEqual(bydel);
  });

  it('finds the kvarterløft initiative through områdeløft and area-based regeneration words', async () => {
    expect((await engine.search(q({ q: 'områdeløft' }))).hits.map((h) => h.slug)).toContain('kvarterhus-norrebro');
    expect((await engine.search(q({ q: 'områdesatsing' }))).hits.map((h) => h.slug)).toContain('kvarterhus-norrebro');
  });

  it('still ANDs the other words', async () => {
    expect((await engine.search(q({ q: 'stadsdel zebra' }))).total).toBe(0);
  });
});
