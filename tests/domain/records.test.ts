// The read side without HTTP: each kind by slug and by ref (null when missing), the
// relations between kinds, the resource list's filters, and old slugs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { createTestDatabase, removeDbFile } from '../helpers/app.ts';
import { recordFixture } from '../fixtures/records.ts';
import { importCatalogue } from '../../server/domain/import-catalogue.ts';
import { BadRequestError } from '../../server/errors.ts';
import {
  RECORD_READERS,
  currentSlugOf,
  getAreaByRef,
  getAreaBySlug,
  getEventBySlug,
  getInitiativeByRef,
  getInitiativeBySlug,
  getInitiativeSummaries,
  getOrganisationBySlug,
  getProgrammeBySlug,
  getResourceBySlug,
  listInitiativesOfArea,
  listInitiativesOfOrganisation,
  listInitiativesOfProgramme,
  listOrganisations,
  listResourceFilterValues,
  listResources,
  listResourcesAboutArea,
  listResourcesAboutInitiative,
  listResourcesAboutProgramme,
  listResourcesOfEvent,
  parseResourceFilters,
  slugOfRef,
} from '../../server/domain/records/index.ts';

describe('domain/records', () => {
  let handle: DatabaseHandle;
  const db = () => handle.sqlite;
  const id = (table: string, slug: string) => db().prepare(`SELECT id FROM ${table} WHERE slug = ?`).pluck().get(slug) as number;

  beforeAll(() => {
    const catalogue = recordFixture();
    const se = catalogue.programmes.find((p) => p.slug === 'prog-se')!;
    se.budgetLines = [{ amount: 1500000, currency: 'SEK', year: 2000, funder: 'test-bank', text: { nb: null, en: 'State grant.' }, sourceUrl: null }];
    handle = createTestDatabase(catalogue);
  });
  afterAll(() => {
    handle.close();
    removeDbFile(handle.file);
  });

  it('returns null for a slug or ref that does not exist, for every kind', () => {
    for (const reader of Object.values(RECORD_READERS)) {
      expect(reader.bySlug(db(), 'finnes-ikke')).toBeNull();
      expect(reader.byRef(db(), 'X999')).toBeNull();
    }
  });

  it('reads an initiative whole, by slug or by ref in any case', () => {
    const i = getInitiativeBySlug(db(), 'moteplass-for-ungdom')!;
    expect(getInitiativeByRef(db(), 'Moteplass-For-Ungdom')).toEqual(i);
    expect(i.areas).toEqual([
      { ref: 'tromso-nord', slug: 'tromso-nord', name: { nb: 'Tromsø nord', en: 'Tromsø nord' }, lang: { nb: 'nb', en: 'nb' }, areaType: null },
    ]);
    expect(i.participation).toEqual([
      {
        method: 'door-to-door',
        who: { nb: 'Beboerne i blokkene', en: 'Residents of the blocks' },
        count: 120,
        stage: 'analysis',
        influence: 'consult',
        text: { nb: 'Prosjektet banket på alle dører.', en: 'The project knocked on every door.' },
        source: expect.objectContaining({ url: 'https://example.test/source-1', kind: 'publisher' }),
      },
    ]);
    expect(i.anchoring.map((a) => a.kind)).toEqual(['local']);
    expect(i.continuation?.code).toBe('ordinary-operation');
    expect(i.funding).toEqual([
      expect.objectContaining({ amount: 2000000, currency: 'NOK', year: 2009, funder: expect.objectContaining({ slug: 'test-bank' }) }),
    ]);
    expect(i.related).toEqual([expect.objectContaining({ slug: 'park-og-turvei', relation: 'similar' })]);
    expect(i.lessons).toEqual({ nb: 'Start med ungdommene selv.', en: 'Start with the young people themselves.' });
    expect(i.status).toBe('ended');
    expect(i.lastVerified).toBe('2026-11-02');
    // Search hit rows: in the order asked for, missing ids left out.
    const ids = [id('initiatives', 'solhus-gardsby'), 999, id('initiatives', 'glen-jobs')];
    expect(getInitiativeSummaries(db(), ids).map((s) => s.slug)).toEqual(['solhus-gardsby', 'glen-jobs']);
  });

  it('relates initiatives to areas, programmes and organisations', () => {
    expect(listInitiativesOfArea(db(), id('areas', 'osterby')).map((i) => i.slug)).toEqual(['tromso-medvirkning', 'park-og-turvei']);
    expect(listInitiativesOfProgramme(db(), id('programmes', 'prog-no')).map((i) => i.slug)).toEqual([
      'tromso-medvirkning',
      'park-og-turvei',
      'moteplass-for-ungdom',
    ]);
    // A funder through a funding line counts once.
    expect(listInitiativesOfOrganisation(db(), id('organisations', 'test-bank')).map((i) => i.slug)).toEqual(['moteplass-for-ungdom']);
    const bank = getOrganisationBySlug(db(), 'test-bank')!;
    expect(bank.initiatives.map((x) => [x.slug, x.role])).toEqual([['moteplass-for-ungdom', 'funder']]);
    expect(bank.programmes.map((x) => [x.slug, x.role])).toEqual([
      ['prog-se', 'funder'],
      ['prog-no', 'owner'],
    ]);
    expect(bank.events.map((x) => [x.slug, x.role])).toEqual([['testkonferansen', 'partner']]);
    expect(listOrganisations(db()).map((o) => o.slug)).toEqual(['test-bank', 'test-kommune']);
  });

  it('relates resources to initiatives, areas, programmes, organisations and events', () => {
    const talk = ['erfaringer-fra-testvik'];
    const slugs = (list: { slug: string }[]) => list.map((r) => r.slug);
    expect(slugs(listResourcesAboutInitiative(db(), id('initiatives', 'moteplass-for-ungdom')))).toEqual(talk);
    expect(slugs(listResourcesAboutInitiative(db(), id('initiatives', 'park-og-turvei')))).toEqual([]);
    expect(slugs(listResourcesAboutArea(db(), id('areas', 'osterby')))).toEqual(talk);
    expect(slugs(listResourcesAboutProgramme(db(), id('programmes', 'prog-no')))).toEqual(talk);
    expect(slugs(listResourcesOfEvent(db(), id('events', 'testkonferansen')))).toEqual(talk);
    expect(slugs(getOrganisationBySlug(db(), 'test-kommune')!.resources)).toEqual(talk);
    expect(slugs(getOrganisationBySlug(db(), 'test-bank')!.resources)).toEqual([]);
    const event = getEventBySlug(db(), 'testkonferansen')!;
    expect(event.organisers.map((o) => [o.slug, o.role])).toEqual([
      ['test-kommune', 'organiser'],
      ['test-bank', 'partner'],
    ]);
    expect(event.notFound).toEqual({ nb: ['Lysbildene'], en: ['The slides'] });
    const r = getResourceBySlug(db(), 'erfaringer-fra-testvik')!;
    expect(r.people).toEqual([{ name: 'Kari Testesen', role: 'bydelsdirektør', organisation: expect.objectContaining({ slug: 'test-kommune' }) }]);
    expect(r.event?.slug).toBe('testkonferansen');
    expect(r.links).toEqual([{ kind: 'page', url: 'https://example.test/source-4', linkStatus: 'unchecked', lastChecked: null }]);
    expect(slugs(r.subjects.areas)).toEqual(['tromso-nord', 'osterby']);
  });

  it('reads programme budget lines and area population', () => {
    const se = getProgrammeBySlug(db(), 'prog-se')!;
    expect(se.budgetLines).toEqual([expect.objectContaining({ amount: 1500000, currency: 'SEK', year: 2000, text: { nb: null, en: 'State grant.' } })]);
    const osterby = getAreaBySlug(db(), 'osterby')!;
    expect(osterby.populationCount).toEqual({ count: 4012, year: 2019, source: expect.objectContaining({ url: 'https://example.test/source-3' }) });
    expect(getAreaByRef(db(), 'OSTERBY')?.areaType).toBe('housing-estate');
  });

  it('filters the resource list by every field and by words', () => {
    const slugs = (filters: Parameters<typeof listResources>[1]) => listResources(db(), filters).map((r) => r.slug);
    const talk = ['erfaringer-fra-testvik'];
    expect(slugs({})).toEqual(talk);
    expect(slugs({ kind: 'talk', country: 'NO', programme: 'prog-no', area: 'tromso-nord', organisation: 'test-kommune', q: 'Kari' })).toEqual(talk);
    expect(slugs({ organisation: 'test-bank' })).toEqual(talk); // through the event it was given at
    expect(slugs({ kind: 'report' })).toEqual([]);
    expect(slugs({ country: 'DK' })).toEqual([]);
    expect(slugs({ year: 2019 })).toEqual([]);
    expect(slugs({ q: 'zzzyx' })).toEqual([]);
    expect(listResourceFilterValues(db())).toMatchObject({
      kinds: ['talk'],
      countries: ['NO'],
      programmes: [{ slug: 'prog-no' }],
      areas: [{ slug: 'tromso-nord' }, { slug: 'osterby' }],
      years: [],
    });
  });

  it('checks the filters against the catalogue and names every problem', () => {
    expect(parseResourceFilters(db(), { q: ' Kari ', kind: '', year: ' 2019 ', area: 'osterby' })).toEqual({ q: 'Kari', year: 2019, area: 'osterby' });
    try {
      parseResourceFilters(db(), { kind: 'podcast', country: 'XX', year: '99' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BadRequestError);
      expect((err as BadRequestError).messages.map((m) => m.key)).toEqual(['validation.unknownValue', 'validation.unknownValue', 'validation.year']);
    }
  });

  it('follows old slugs and refs to the current slug', () => {
    expect(slugOfRef(db(), 'event', 'TEST-EVENT')).toBe('testkonferansen');
    expect(slugOfRef(db(), 'initiative', 'test-event')).toBeNull();
    expect(currentSlugOf(db(), 'area', 'osterby')).toBeNull();
    const renamed = recordFixture();
    renamed.areas.find((a) => a.slug === 'osterby')!.slug = 'osterby-sentrum';
    importCatalogue(db(), renamed);
    expect(currentSlugOf(db(), 'area', 'osterby')).toBe('osterby-sentrum');
    expect(getAreaBySlug(db(), 'osterby')).toBeNull();
    expect(slugOfRef(db(), 'area', 'osterby')).toBe('osterby-sentrum');
  });
});
