// Periods and status (MODEL.md): an ongoing initiative counts every year from its start
// to the current year; an unknown end counts its start year only; an ended one its
// period. Exact counts for year ranges and decades, on the embedded engine and in the
// Meilisearch documents (the same searchedPeriod() reading).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.ts';
import { SqliteSearchEngine } from '../../server/search/sqlite/engine.ts';
import { loadSearchDocuments } from '../../server/search/documents.ts';
import { toMeiliDocument } from '../../server/search/meilisearch-documents.ts';
import { currentYear, periodOverlaps, searchedPeriod } from '../../server/search/types.ts';
import { fixtureCatalogue } from '../fixtures/catalogue.ts';
import { createTestDatabase, removeDbFile } from '../helpers/app.ts';
import { counts, q } from './contract.ts';

const YEAR = currentYear();

describe('periods by status', () => {
  let handle: DatabaseHandle;
  let engine: SqliteSearchEngine;

  beforeAll(() => {
    const catalogue = fixtureCatalogue();
    const base = catalogue.initiatives[0];
    const make = (slug: string, periodStart: number | null, periodEnd: number | null, status: string) => ({
      ...base,
      ref: slug,
      slug,
      titleEn: slug,
      titleNb: slug,
      periodStart,
      periodEnd,
      status,
    });
    catalogue.initiatives = [
      make('pagar', 2015, null, 'ongoing'),
      make('avsluttet', 2008, 2012, 'ended'),
      make('slutt-ukjent', 2008, null, 'unknown-end'),
      make('uten-periode', null, null, 'unknown-end'),
    ];
    catalogue.resources = [];
    handle = createTestDatabase(catalogue);
    engine = new SqliteSearchEngine(handle.sqlite);
  });
  afterAll(async () => {
    await engine.close();
    handle.close();
    removeDbFile(handle.file);
  });

  const slugs = async (from: number | null, to: number | null) =>
    (await engine.search(q({ from, to, sort: 'title' }))).hits.map((h) => h.slug).sort();

  it('reads each period as the model says', () => {
    expect(searchedPeriod(2015, null, 'ongoing', 2030)).toEqual([2015, 2030]);
    expect(searchedPeriod(2015, 2040, 'ongoing', 2030)).toEqual([2015, 2040]);
    expect(searchedPeriod(2008, null, 'unknown-end')).toEqual([2008, 2008]);
    expect(searchedPeriod(2008, 2012, 'ended')).toEqual([2008, 2012]);
    expect(searchedPeriod(null, null, 'ongoing')).toBeNull();
  });

  it('filters year ranges by status', async () => {
    expect(await slugs(2009, 2010)).toEqual(['avsluttet']);
    expect(await slugs(2008, 2008)).toEqual(['avsluttet', 'slutt-ukjent']);
    expect(await slugs(YEAR, YEAR)).toEqual(['pagar']);
    expect(await slugs(2013, null)).toEqual(['pagar']);
    expect(await slugs(null, 2007)).toEqual([]);
    expect(await slugs(null, null)).toEqual(['avsluttet', 'pagar', 'slutt-ukjent', 'uten-periode']);
  });

  it('counts decades by status, with an unknown-period bucket', async () => {
    const decades = counts(await engine.search(q()), 'decade');
    const expected: Record<string, number> = { '2000': 2, '2010': 2, unknown: 1 };
    for (let d = 2020; d <= YEAR; d += 10) expected[String(d)] = 1;
    expect(decades).toEqual(expected);
    expect(counts(await engine.search(q()), 'status')).toEqual({ ongoing: 1, ended: 1, 'unknown-end': 2 });
  });

  it('gives Meilisearch the same period bounds', () => {
    const docs = loadSearchDocuments(handle.sqlite).map((d) => toMeiliDocument(d));
    const bounds = Object.fromEntries(docs.map((d) => [d.slug, [d.periodMin ?? null, d.periodMax ?? null]]));
    expect(bounds).toEqual({
      pagar: [2015, YEAR],
      avsluttet: [2008, 2012],
      'slutt-ukjent': [2008, 2008],
      'uten-periode': [null, null],
    });
    for (const d of docs) {
      for (const [from, to] of [[2009, 2010], [YEAR, YEAR], [null, 2007]] as [number | null, number | null][]) {
        const meili = (from === null || (d.periodMax !== undefined && d.periodMax >= from)) && (to === null || (d.periodMin !== undefined && d.periodMin <= to));
        expect(meili, `${d.slug} ${from}-${to}`).toBe(periodOverlaps(d.periodStart as number | null, d.periodEnd as number | null, from, to, d.status as string));
      }
    }
  });
});
