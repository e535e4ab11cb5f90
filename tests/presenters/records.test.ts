// The record presenters' rules, without a page: which language a text is shown in and
// what the note says, periods by status, amounts and dates in the reader's format,
// copies named as copies, labels and definitions from the vocabulary.
import { describe, expect, it } from 'vitest';
import { readSeedCatalogue } from '../../seed/catalogue.ts';
import type { Vocabulary } from '../../server/domain/labels.ts';
import {
  formatAmount,
  formatDate,
  periodText,
  permalinkOf,
  pickText,
  sourceOf,
  termOf,
  type Context,
} from '../../server/presenters/records.ts';

/** The shipped vocabularies as the presenter sees them, without a database. */
function vocabulary(): Vocabulary {
  const v = readSeedCatalogue().vocabularies;
  const labels: Record<string, Map<string, { nb: string; en: string }>> = {};
  const definitions: Record<string, Map<string, { nb: string; en: string }>> = {};
  const order: Record<string, string[]> = {};
  for (const [kind, terms] of Object.entries(v)) {
    const name = kind === 'countries' ? 'country' : kind;
    labels[name] = new Map(terms.map((x) => [x.code, { nb: x.nb, en: x.en }]));
    definitions[name] = new Map(terms.filter((x) => x.definitionNb).map((x) => [x.code, { nb: x.definitionNb!, en: x.definitionEn! }]));
    order[name] = terms.map((x) => x.code);
  }
  return Object.assign(labels, { order, definitions }) as unknown as Vocabulary;
}

const vocab = vocabulary();
const nb: Context = { locale: 'nb', vocab, origin: 'https://kb.example' };
const en: Context = { ...nb, locale: 'en' };

describe('record presenters', () => {
  it("show the reader's language, else the other one marked with its language and a note", () => {
    expect(pickText({ nb: 'Hei', en: 'Hello' }, 'nb')).toEqual({ text: 'Hei', lang: 'nb', fallback: false, note: null, noteShort: null });
    expect(pickText({ nb: null, en: 'Hello' }, 'nb')).toEqual({
      text: 'Hello',
      lang: 'en',
      fallback: true,
      note: 'Teksten finnes foreløpig bare på engelsk.',
      noteShort: 'bare på engelsk',
    });
    expect(pickText({ nb: 'Hei', en: '  ' }, 'en')).toMatchObject({ text: 'Hei', lang: 'nb', note: 'This text is only available in Norwegian.' });
    expect(pickText({ nb: null, en: '' }, 'en')).toBeNull();
    expect(pickText(null, 'nb')).toBeNull();
  });

  it('word a period by its status', () => {
    expect(periodText('nb', 2008, 2012, 'ended')).toBe('2008–2012');
    expect(periodText('nb', 2010, 2010)).toBe('2010');
    expect(periodText('nb', 2008, null, 'unknown-end')).toBe('fra 2008, slutt ukjent');
    expect(periodText('en', 2017, null, 'ongoing')).toBe('from 2017, ongoing');
    expect(periodText('nb', null, null)).toBe('ukjent');
  });

  it('format amounts with their currency, and dates as precise as the source', () => {
    expect(formatAmount('nb', 450000, 'NOK').replace(/\s/g, ' ')).toBe('450 000 kr');
    expect(formatAmount('en', 450000, 'NOK')).toMatch(/^NOK\s?450,000$/);
    expect(formatAmount('en', 1200000, 'GBP')).toBe('£1,200,000');
    expect(formatAmount('nb', 1000, null).replace(/\s/g, ' ')).toBe('1 000');
    expect(formatDate('nb', '2019-10-24')).toBe('24. oktober 2019');
    expect(formatDate('en', '2019-10')).toBe('October 2019');
    expect(formatDate('en', '2019')).toBe('2019');
  });

  it('name a copy as a copy, with its original publisher where known', () => {
    const copy = { url: 'https://docplayer.example/1', title: 'Rapport', publisher: null, year: 2016, type: null, language: 'nb', kind: 'copy', originalPublisher: 'Agenda Kaupang', linkStatus: 'ok', lastChecked: '2026-12-01' };
    expect(sourceOf(nb, copy)).toMatchObject({ copyNote: 'Kopi. Originalen er utgitt av Agenda Kaupang.', meta: '2016', kind: { code: 'copy' } });
    expect(sourceOf(en, { ...copy, originalPublisher: null }).copyNote).toBe('A copy of a document from another publisher.');
    expect(sourceOf(nb, { ...copy, kind: 'publisher', publisher: 'Husbanken' })).toMatchObject({ copyNote: null, meta: 'Husbanken, 2016' });
  });

  it('mark a link that was broken or unreachable at its last check, with the date', () => {
    const s = { url: 'https://gone.example/', title: 'Rapport', publisher: null, year: 2016, type: null, language: 'nb', kind: 'publisher', originalPublisher: null, linkStatus: 'broken', lastChecked: '2026-12-01' };
    expect(sourceOf(nb, s).deadNote).toBe('Lenken svarte ikke ved siste kontroll (1. desember 2026).');
    expect(sourceOf(en, { ...s, linkStatus: 'unreachable' }).deadNote).toBe('The link did not answer at the last check (1 December 2026).');
    expect(sourceOf(nb, { ...s, linkStatus: 'redirected' }).deadNote).toBeNull();
    expect(sourceOf(nb, { ...s, linkStatus: 'ok' }).deadNote).toBeNull();
  });

  it('resolve labels and definitions, and keep an unknown code visible', () => {
    expect(termOf(nb, 'participation-method', 'walkabout')).toMatchObject({ label: expect.any(String), definition: expect.any(String) });
    expect(termOf(en, 'evidence', 'independent-evaluation').label).toBe(vocab.evidence.get('independent-evaluation')!.en);
    expect(termOf(nb, 'evidence', 'no-such-code')).toEqual({ code: 'no-such-code', label: 'no-such-code', definition: null });
  });

  it('build permalinks from the public origin and the language', () => {
    expect(permalinkOf('initiative', 'I001', nb)).toEqual({ href: '/i/I001', text: 'https://kb.example/i/I001', lang: null });
    expect(permalinkOf('programme', 'NO-GDS-2007', en).href).toBe('/en/p/NO-GDS-2007');
  });
});
