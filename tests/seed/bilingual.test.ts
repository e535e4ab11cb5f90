// The shipped seed speaks both languages: every free text a record has in one language it
// also has in the other, wherever it sits (summaries, notes, participation, funding lines,
// evidence, confidence notes …), and the conference is there with its talks and sources.
// Place and person names are names, not texts, and stay as they are.
import { describe, expect, it } from 'vitest';
import { readSeedCatalogue } from '../../seed/catalogue.ts';

const seed = readSeedCatalogue();

const isText = (v: unknown): v is { nb: unknown; en: unknown } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).sort().join() === 'en,nb';
const filled = (v: unknown) => (typeof v === 'string' ? v.trim() !== '' : Array.isArray(v) ? v.length > 0 : false);

/** Paths of every {nb, en} pair below `value` that has text in one language only. */
function oneLanguageOnly(value: unknown, path: string): string[] {
  if (isText(value)) {
    const nb = filled(value.nb);
    const en = filled(value.en);
    if (nb !== en) return [`${path} (${nb ? 'en' : 'nb'} missing)`];
    if (Array.isArray(value.nb) && Array.isArray(value.en) && value.nb.length !== value.en.length) {
      return [`${path} (${value.nb.length} nb items, ${value.en.length} en items)`];
    }
    return [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => oneLanguageOnly(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => oneLanguageOnly(v, `${path}.${k}`));
  }
  return [];
}

const collections = {
  initiatives: seed.initiatives,
  areas: seed.areas,
  programmes: seed.programmes,
  organisations: seed.organisations,
  events: seed.events,
  resources: seed.resources,
} as Record<string, { ref: string }[]>;

describe('the real seed in both languages', () => {
  it('helper: finds a text that is missing one language, at any depth', () => {
    const record = { a: { nb: 'x', en: 'y' }, b: [{ text: { nb: null, en: 'only English' } }], c: { nb: ['a'], en: [] } };
    expect(oneLanguageOnly(record, 'r')).toEqual(['r.b[0].text (nb missing)', 'r.c (en missing)']);
  });

  for (const [name, records] of Object.entries(collections)) {
    it(`has nb and en in every free-text field of every ${name.replace(/s$/, '')}`, () => {
      expect(records.length).toBeGreaterThan(0);
      const missing = records.flatMap((r) => oneLanguageOnly(r, `${name} ${r.ref}`));
      expect(missing).toEqual([]);
    });
  }

  it('gives every initiative a title in both languages', () => {
    const missing = seed.initiatives.filter((i) => !filled(i.titleNb) || !filled(i.titleEn)).map((i) => i.ref);
    expect(missing).toEqual([]);
  });

  it('gives every programme a name, and every resource a title, in both languages', () => {
    expect(seed.programmes.filter((p) => !filled(p.nameNb) || !filled(p.nameEn)).map((p) => p.ref)).toEqual([]);
    expect(seed.resources.filter((r) => !filled(r.titleNb) || !filled(r.titleEn)).map((r) => r.ref)).toEqual([]);
  });

  it('keeps the original-language title beside the translation for Swedish and Danish titles', () => {
    const withoutLanguage = seed.initiatives.filter((i) => i.titleOriginal && !i.originalLanguage).map((i) => i.ref);
    expect(withoutLanguage).toEqual([]);
  });

  it('has no placeholder place names and no English inside Norwegian names', () => {
    const names = seed.areas.map((a) => a.name);
    expect(names.filter((n) => /kvarterløft area|\(.* and .*\)/.test(n) && !/^Clyde Gateway/.test(n))).toEqual([]);
    expect(seed.areas.filter((a) => a.district?.startsWith('Bydel Bydel'))).toEqual([]);
  });

  it('says area-based regeneration, not "area lift", in English', () => {
    const english = JSON.stringify(seed.initiatives.map((i) => [i.titleEn, i.summary.en, i.notes.en, i.outcomes.en, i.participation]));
    expect(english).not.toMatch(/area[ -]lift/i);
  });
});

describe('the conference and its talks', () => {
  const event = seed.events.find((e) => e.slug === 'erfaringskonferanse-omradeloft');
  const sourceUrls = new Set(seed.sources.map((s) => s.url));

  it('exists with its three organisers and its official page as a source', () => {
    expect(event).toBeDefined();
    const orgSlug = (ref: string) => seed.organisations.find((o) => o.ref === ref)?.slug;
    expect(event!.organisers.map((o) => [orgSlug(o.org), o.role])).toEqual([
      ['oslo-kommune', 'organiser'],
      ['husbanken', 'partner'],
      ['imdi', 'partner'],
    ]);
    expect(event!.sourceUrl && sourceUrls.has(event!.sourceUrl)).toBe(true);
  });

  it('gives no date, says so, and marks the inferred date as an inference', () => {
    expect(event!.date).toBeNull();
    expect(event!.dateNote.en).toMatch(/^Not given in the sources/);
    expect(event!.dateNote.en).toMatch(/inference, not a fact/);
    expect(event!.dateNote.nb).toMatch(/slutning, ikke et faktum/);
  });

  it('lists at least 14 talks, each with speakers and a page that is a cited source', () => {
    const talks = seed.resources.filter((r) => r.event === event!.ref);
    expect(talks.length).toBeGreaterThanOrEqual(14);
    for (const t of talks) {
      expect(t.kind, t.slug).toBe('talk');
      expect(t.people.length, t.slug).toBeGreaterThan(0);
      expect(t.links.length, t.slug).toBeGreaterThan(0);
      for (const l of t.links) expect(sourceUrls.has(l.url), `${t.slug}: ${l.url}`).toBe(true);
    }
  });

  it('says what was not found (a Bjerke talk, an IMDi talk, slides)', () => {
    const notFound = event!.notFound.en.join(' ');
    expect(notFound).toMatch(/Bjerke/);
    expect(notFound).toMatch(/IMDi/);
    expect(notFound).toMatch(/slides/);
  });
});
