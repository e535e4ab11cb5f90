// seed/editorial.ts on a tiny base catalogue and editorial files written per test: how
// editors name areas, explain a programme's period, relate initiatives, and how a hedged
// note lowers confidence. Unknown references stop the build.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyEditorial, degreesOf, type BaseCatalogue } from '../../seed/editorial.ts';

const SOURCE = 'https://example.org/source';
const OTHER = 'https://example.org/other';

function base(): BaseCatalogue {
  return {
    sources: [
      { url: SOURCE, title: 'A page', type: null, language: 'en', publisher: null, year: null },
      { url: OTHER, title: 'Another page', type: null, language: 'en', publisher: null, year: null },
    ],
    programmes: [
      {
        slug: 'p-one', ref: 'P-ONE', nameOriginal: 'Programme', nameEn: 'Programme', country: 'NO', periodStart: 2000, periodEnd: 2005,
        responsible: [], goals: null, budget: null, structure: null, population: null, evaluations: [], keyFindings: null,
        note: 'The fact base note.', confidence: 'seen', sourceUrls: [SOURCE],
      },
    ],
    areas: [
      {
        slug: 'old-name-and-more', name: 'Old name and more', district: null, municipality: 'Oslo', country: 'NO', population: null,
        notes: 'Membership derived from two lists.', confidence: 'seen', programmes: [], sourceUrls: [SOURCE],
      },
    ],
    initiatives: [
      {
        slug: 'first', ref: 'I001', titleNb: 'Første', titleOriginal: null, originalLanguage: null, titleEn: 'First', summaryEn: 'A summary.',
        locationText: null, areas: [], programme: null, country: 'NO', periodStart: null, periodEnd: null, measureTypes: ['social'],
        targetGroups: [], targetGroupsOriginal: [], themes: ['participation'], outcomes: null, confidence: 'seen', notes: null, sourceUrls: [SOURCE],
      },
    ],
  };
}

const dirs: string[] = [];
function editorial(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'editorial-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), JSON.stringify(content));
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const addition = (extra: Record<string, unknown> = {}) => ({
  ref: 'I002', titleNb: 'Andre', titleEn: 'Second', summaryNb: 'Et sammendrag.', summaryEn: 'A summary.', country: 'NO',
  periodStart: null, periodEnd: null, measureTypes: ['physical'], themes: [], targetGroups: [], sourceUrls: [SOURCE], ...extra,
});

describe('the editorial layer', () => {
  it('lets an editor name an area by its published slug as well as by the fact base slug', () => {
    const dir = editorial({
      'translations-places.json': { areas: { 'old-name-and-more': { name: 'New name' } } },
      'additions.json': {
        areaProgrammeLinks: [
          { area: 'new-name', programme: 'P-ONE', periodStart: 2001, periodEnd: null, source: OTHER },
          { area: 'old-name-and-more', programme: 'P-ONE', periodStart: 2001, periodEnd: null },
        ],
      },
    });
    const [area] = applyEditorial(base(), dir, 2026).areas;
    expect(area.slug).toBe('new-name');
    expect(area.ref).toBe('A001');
    expect(area.programmes).toEqual([{ programme: 'P-ONE', periodStart: 2001, periodEnd: null }]);
    expect(area.sourceUrls).toEqual([SOURCE, OTHER]);
  });

  it('treats a note that says "derived" like one that says "inferred"', () => {
    const [area] = applyEditorial(base(), editorial({}), 2026).areas;
    expect(area.confidence).toBe('partly-inferred');
  });

  it("replaces a programme's English note and adds the sources and confidence note an editor read", () => {
    const dir = editorial({
      'translations-places.json': { programmes: { 'P-ONE': { noteNb: 'Perioden er forklart.', noteEn: 'The period is explained.' } } },
      'knowledge.json': { programmes: { 'P-ONE': { sourceUrls: [OTHER], confidenceNote_en: 'One source is weak.', confidenceNote_nb: 'Én kilde er svak.' } } },
    });
    const [programme] = applyEditorial(base(), dir, 2026).programmes;
    expect(programme.note).toEqual({ nb: 'Perioden er forklart.', en: 'The period is explained.' });
    expect(programme.sourceUrls).toEqual([SOURCE, OTHER]);
    expect(programme.confidenceNote).toEqual({ nb: 'Én kilde er svak.', en: 'One source is weak.' });
  });

  it('keeps the fact base note when no editor replaced it', () => {
    const [programme] = applyEditorial(base(), editorial({}), 2026).programmes;
    expect(programme.note).toEqual({ nb: null, en: 'The fact base note.' });
  });

  it('relates a new initiative to an existing one', () => {
    const dir = editorial({ 'additions.json': { initiatives: [addition({ related: [{ initiative: 'I001', relation: 'part-of' }] })] } });
    const added = applyEditorial(base(), dir, 2026).initiatives.find((i) => i.ref === 'I002')!;
    expect(added.related).toEqual([{ initiative: 'I001', relation: 'part-of' }]);
  });

  it('stops on a relation to an unknown initiative, and on an uncited source', () => {
    const unknown = editorial({ 'additions.json': { initiatives: [addition({ related: [{ initiative: 'I999', relation: 'follows' }] })] } });
    expect(() => applyEditorial(base(), unknown, 2026)).toThrow(/unknown initiative I999/);
    const uncited = editorial({ 'additions.json': { initiatives: [addition({ sourceUrls: ['https://example.org/nowhere'] })] } });
    expect(() => applyEditorial(base(), uncited, 2026)).toThrow(/not a source/);
  });

  it('stops when an area link names an unknown area', () => {
    const dir = editorial({ 'additions.json': { areaProgrammeLinks: [{ area: 'nowhere', programme: 'P-ONE', periodStart: null, periodEnd: null }] } });
    expect(() => applyEditorial(base(), dir, 2026)).toThrow(/unknown area nowhere/);
  });

  const PAGE = 'https://example.org/coordinates-page';
  const coordinates = (areas: Record<string, unknown>) => ({
    sources: [{ url: PAGE, title: 'A page with coordinates', language: 'en', kind: 'copy', originalPublisher: 'Wikipedia' }],
    areas,
  });

  it('gives an area the coordinates its page states, cites the page, and says in both languages when they locate a wider place', () => {
    const dir = editorial({
      'coordinates.json': coordinates({ 'old-name-and-more': { latitude: 59.9, longitude: 10.8, source: PAGE, of: { nb: 'Bydel X', en: 'the X borough' } } }),
    });
    const { areas, sources } = applyEditorial(base(), dir, 2026);
    expect(areas[0]!.coordinates).toEqual({ latitude: 59.9, longitude: 10.8, note: null, sourceUrl: PAGE });
    expect(areas[0]!.sourceUrls).toEqual([SOURCE, PAGE]);
    expect(areas[0]!.description.nb).toContain('Koordinatene på kartet er de kilden oppgir for Bydel X');
    expect(areas[0]!.description.en).toContain('The map coordinates are those the source gives for the X borough');
    expect(sources.find((s) => s.url === PAGE)).toMatchObject({ kind: 'copy', originalPublisher: 'Wikipedia' });
  });

  it('stops on coordinates for an unknown area, from an uncited page, or locating a place named in one language', () => {
    const at = (entry: Record<string, unknown>) => ({ latitude: 59.9, longitude: 10.8, source: PAGE, ...entry });
    expect(() => applyEditorial(base(), editorial({ 'coordinates.json': coordinates({ nowhere: at({}) }) }), 2026)).toThrow(/unknown area nowhere/);
    expect(() => applyEditorial(base(), editorial({ 'coordinates.json': coordinates({ 'old-name-and-more': at({ source: 'https://example.org/unread' }) }) }), 2026)).toThrow(
      /not a source/,
    );
    expect(() => applyEditorial(base(), editorial({ 'coordinates.json': coordinates({ 'old-name-and-more': at({ of: { nb: 'Bydel X' } }) }) }), 2026)).toThrow(
      /one language only/,
    );
  });

  it('reads degrees, minutes and seconds as a page writes them, west and south negative', () => {
    expect(degreesOf('59° 55′ 45″ N, 10° 51′ 39″ E')).toEqual([59 + 55 / 60 + 45 / 3600, 10 + 51 / 60 + 39 / 3600]);
    expect(degreesOf('58° 57′ N, 5° 45′ O')).toEqual([58.95, 5.75]);
    expect(degreesOf("55°52'48.5\" N 4°12'29.5\" W")).toEqual([55 + 52 / 60 + 48.5 / 3600, -(4 + 12 / 60 + 29.5 / 3600)]);
    expect(degreesOf('33° 55′ S, 18° 25′ Ø')).toEqual([-(33 + 55 / 60), 18 + 25 / 60]);
    expect(degreesOf('59.9, 10.8')).toBeNull();
    expect(degreesOf('59° 55′ N')).toBeNull();
  });

  it('takes coordinates a page states in degrees and minutes only when the decimals are exactly that text, converted', () => {
    const at = (entry: Record<string, unknown>) => ({ source: PAGE, stated: '58° 57′ N, 5° 45′ O', ...entry });
    const { areas } = applyEditorial(base(), editorial({ 'coordinates.json': coordinates({ 'old-name-and-more': at({ latitude: 58.95, longitude: 5.75 }) }) }), 2026);
    expect(areas[0]!.coordinates).toMatchObject({ latitude: 58.95, longitude: 5.75, sourceUrl: PAGE });
    // One minute off, or a text that is not two positions, stops the build.
    expect(() => applyEditorial(base(), editorial({ 'coordinates.json': coordinates({ 'old-name-and-more': at({ latitude: 58.9667, longitude: 5.75 }) }) }), 2026)).toThrow(
      /is not "58° 57′ N, 5° 45′ O"/,
    );
    expect(() =>
      applyEditorial(base(), editorial({ 'coordinates.json': coordinates({ 'old-name-and-more': at({ latitude: 58.95, longitude: 5.75, stated: 'near Stavanger' }) }) }), 2026),
    ).toThrow(/not two values in degrees/);
  });
});
