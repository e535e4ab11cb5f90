// Comparable initiatives on a fixture whose order is known: weighted shared codes, text
// similarity breaking a tie, the cross-country rule, the cache following the catalogue
// revision, and the "why" line in both languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { createTestDatabase, removeDbFile } from '../helpers/app.ts';
import { fixtureCatalogue } from '../fixtures/catalogue.ts';
import type { CatalogueInput, InitiativeInput } from '../../server/domain/import-catalogue.ts';
import { listSimilarInitiatives, SIMILARITY_WEIGHTS } from '../../server/domain/similar.ts';
import { loadSearchLabels } from '../../server/domain/labels.ts';
import { whyLine } from '../../server/presenters/similar.ts';

const participation = (method: string) => ({
  method,
  who: { nb: null, en: null },
  count: null,
  stage: null,
  influence: null,
  text: { nb: null, en: null },
  sourceUrl: null,
});

/**
 * The target T (Norway, in Østerby, a housing estate): social + cultural, meeting places,
 * youth, door-to-door. Scores with the weights (measure 3, theme 2, target 2,
 * participation 1, area type 2): N1 13, N2 10, N3 8, N4 7, S1 6 (Sweden), N5b and N5 5
 * (N5b's summary shares a word with T's, so it ranks first), N6 3, D1 2 (Denmark), G1 0.
 */
function similarityFixture(): CatalogueInput {
  const c = fixtureCatalogue();
  const template = c.initiatives.find((i) => i.slug === 'glen-jobs')!;
  const make = (ref: string, country: string, area: string | null, f: Partial<InitiativeInput>): InitiativeInput => ({
    ...template,
    ref,
    slug: ref.toLowerCase(),
    titleNb: null,
    titleOriginal: null,
    titleEn: `Case ${ref}`,
    summary: { nb: null, en: `Unrelated words ${ref.toLowerCase()}zz.` },
    country,
    areas: area ? [area] : [],
    programmes: [],
    measureTypes: [],
    themes: [],
    targetGroups: [],
    participation: [],
    ...f,
  });
  c.initiatives = [
    make('T', 'NO', 'osterby', {
      summary: { nb: null, en: 'Drum workshops and a youth club in the estate.' },
      measureTypes: ['social', 'cultural'], themes: ['meeting-places'], targetGroups: ['youth'], participation: [participation('door-to-door')],
    }),
    make('N1', 'NO', 'osterby', {
      measureTypes: ['social', 'cultural'], themes: ['meeting-places'], targetGroups: ['youth'], participation: [participation('door-to-door')],
    }),
    make('N2', 'NO', 'tromso-nord', { measureTypes: ['social', 'cultural'], themes: ['meeting-places'], targetGroups: ['youth'] }),
    make('N3', 'NO', 'tromso-nord', { measureTypes: ['social', 'cultural'], targetGroups: ['youth'] }),
    make('N4', 'NO', 'tromso-nord', { measureTypes: ['social'], themes: ['meeting-places'], targetGroups: ['youth'] }),
    make('S1', 'SE', 'gardsby', { measureTypes: ['social', 'cultural'], themes: ['housing'] }),
    make('N5', 'NO', 'tromso-nord', { measureTypes: ['social'], targetGroups: ['youth'] }),
    make('N5b', 'NO', 'tromso-nord', { measureTypes: ['social'], targetGroups: ['youth'], summary: { nb: null, en: 'Homework help and a drum room for pupils after school.' } }),
    make('N6', 'NO', 'tromso-nord', { measureTypes: ['social'], themes: ['housing'] }),
    make('D1', 'DK', 'norrebro-test', { measureTypes: ['physical'], themes: ['meeting-places'], targetGroups: ['older-people'] }),
    make('G1', 'GB-SCT', 'glen-test', { measureTypes: ['physical'], themes: ['employment'], targetGroups: ['jobseekers'] }),
  ];
  c.resources = [];
  return c;
}

describe('domain/similar', () => {
  let handle: DatabaseHandle;
  const db = () => handle.sqlite;
  const idOf = (ref: string) => db().prepare('SELECT id FROM initiatives WHERE ref = ?').pluck().get(ref) as number;
  const refs = (ref: string, limit?: number) => listSimilarInitiatives(db(), idOf(ref), limit).map((s) => s.initiative.ref);

  beforeAll(() => {
    handle = createTestDatabase(similarityFixture());
  });
  afterAll(() => {
    handle.close();
    removeDbFile(handle.file);
  });

  it('ranks by weighted shared codes, text breaking the tie, and leaves out what shares nothing', () => {
    expect(refs('T', 20)).toEqual(['N1', 'N2', 'N3', 'N4', 'S1', 'N5b', 'N5', 'N6', 'D1']);
    const list = listSimilarInitiatives(db(), idOf('T'), 20);
    const n1 = list[0];
    expect(n1.shared).toEqual({
      measureTypes: ['social', 'cultural'],
      themes: ['meeting-places'],
      targetGroups: ['youth'],
      participation: ['door-to-door'],
      areaTypes: ['housing-estate'],
    });
    expect(n1.score).toBe(13);
    const n5b = list.find((s) => s.initiative.ref === 'N5b')!;
    expect(n5b.textSimilarity).toBeGreaterThan(0);
    expect(n5b.score).toBeCloseTo(5 + SIMILARITY_WEIGHTS.text * n5b.textSimilarity, 3);
    expect(list.find((s) => s.initiative.ref === 'N5')!.score).toBe(5);
  });

  it('keeps at least two from another country in the top six (the cross-country rule)', () => {
    // Without the rule the six would be N1 N2 N3 N4 S1 N5b: one foreign. D1 takes the
    // place of the lowest-ranked Norwegian one, and the list stays in score order.
    const six = listSimilarInitiatives(db(), idOf('T'));
    expect(six.map((s) => s.initiative.ref)).toEqual(['N1', 'N2', 'N3', 'N4', 'S1', 'D1']);
    expect(six.filter((s) => s.country !== 'NO')).toHaveLength(2);
  });

  it('does not pull in a foreign initiative when two are already there', () => {
    // S1 (SE): its best matches are all in other countries anyway.
    const list = listSimilarInitiatives(db(), idOf('S1'));
    expect(list.filter((s) => s.country !== 'SE').length).toBe(list.length);
    expect(list.map((s) => s.initiative.ref).slice(0, 3)).toEqual(['N1', 'N2', 'N3']);
  });

  it('gives links with the name in both languages, never the initiative itself', () => {
    const list = listSimilarInitiatives(db(), idOf('T'));
    expect(list.map((s) => s.initiative.ref)).not.toContain('T');
    expect(list[0].initiative).toMatchObject({ ref: 'N1', slug: 'n1', name: { en: 'Case N1' } });
  });

  it('is the same on every call, and follows a catalogue change', () => {
    const first = JSON.stringify(listSimilarInitiatives(db(), idOf('T')));
    expect(JSON.stringify(listSimilarInitiatives(db(), idOf('T')))).toBe(first);
    const c = similarityFixture();
    c.initiatives.find((i) => i.ref === 'N6')!.themes = ['meeting-places', 'housing'];
    c.initiatives.find((i) => i.ref === 'N6')!.targetGroups = ['youth'];
    handle.close();
    removeDbFile(handle.file);
    handle = createTestDatabase(c);
    expect(refs('T', 20).indexOf('N6')).toBeLessThan(refs('T', 20).indexOf('S1'));
  });

  it('says why in the page language, grouping measure types with +', () => {
    const vocab = loadSearchLabels(db()).vocab;
    const shared = listSimilarInitiatives(db(), idOf('T'))[0].shared;
    expect(whyLine(vocab, shared, 'nb')).toBe('Også sosial + kulturell, møteplasser, ungdom og unge voksne, drabantby og boligområde, dør-til-dør-samtaler');
    expect(whyLine(vocab, shared, 'en')).toMatch(/^Also social \+ cultural, /);
  });
});
