// Citations field by field: APA 7 in both languages, BibTeX (escaping, Nordic letters
// kept), RIS (tags, CRLF) and CSL-JSON; the year from the last change, n.d. without one.
import { describe, expect, it } from 'vitest';
import {
  citationKey,
  escapeBibtex,
  formatApa,
  formatBibtex,
  formatCslJson,
  formatRis,
  todayIso,
  type CitationInput,
} from '../../server/domain/citation.ts';

const input = (over: Partial<CitationInput> = {}): CitationInput => ({
  ref: 'I001',
  title: 'Møteplass for ungdom på Årstad & Søndre_Nordstrand {test} 100% #1',
  titleLang: 'nb',
  kindLabel: 'Tiltak',
  url: 'https://kb.example.no/i/I001',
  changed: '2025-11-02T10:00:00.000Z',
  accessed: '2026-12-03',
  locale: 'nb',
  ...over,
});

/** BibTeX fields as a map (one `key = {value},` per line). */
function bibFields(bib: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of bib.split('\n').slice(1, -2)) {
    const m = /^ {2}(\w+) = \{(.*)\},$/.exec(line);
    expect(m, line).not.toBeNull();
    out[m![1]] = m![2];
  }
  return out;
}

describe('domain/citation', () => {
  describe('APA 7', () => {
    it('names the knowledge base as author, the year of the last change, title, kind and retrieval date (nb)', () => {
      expect(formatApa(input({ title: 'Møteplass for ungdom' }))).toBe(
        'Kunnskapsbase for områdeløft. (2025). Møteplass for ungdom [Tiltak]. Hentet 3. desember 2026 fra https://kb.example.no/i/I001',
      );
    });

    it('in English, and n.d. / u.å. without a date', () => {
      expect(formatApa(input({ title: 'Meeting place for youth', kindLabel: 'Initiative', locale: 'en', changed: null }))).toBe(
        'Kunnskapsbase for områdeløft. (n.d.). Meeting place for youth [Initiative]. Retrieved December 3, 2026, from https://kb.example.no/i/I001',
      );
      expect(formatApa(input({ changed: null }))).toContain('(u.å.)');
    });

    it('puts a title on one line', () => {
      expect(formatApa(input({ title: 'Two\nlines  here' }))).toContain('. Two lines here [Tiltak].');
    });
  });

  describe('BibTeX', () => {
    const bib = formatBibtex(input());
    const fields = bibFields(bib);

    it('is one @misc entry keyed by the ref', () => {
      expect(bib.startsWith('@misc{omradeloft-I001,\n')).toBe(true);
      expect(bib.endsWith('\n}\n')).toBe(true);
      expect(citationKey('NO-GDS 2007/å')).toBe('omradeloft-NO-GDS-2007--');
    });

    it('has author (braced as one name), title, year, publisher, url, urldate, note and language', () => {
      expect(fields.author).toBe('{Kunnskapsbase for områdeløft}');
      expect(fields.title).toBe('{Møteplass for ungdom på Årstad \\& Søndre\\_Nordstrand \\{test\\} 100\\% \\#1}');
      expect(fields.year).toBe('2025');
      expect(fields.publisher).toBe('Kunnskapsbase for områdeløft');
      expect(fields.url).toBe('https://kb.example.no/i/I001');
      expect(fields.howpublished).toBe('\\url{https://kb.example.no/i/I001}');
      expect(fields.urldate).toBe('2026-12-03');
      expect(fields.note).toBe('Tiltak. Lest 2026-12-03');
      expect(fields.language).toBe('nb');
    });

    it('escapes every LaTeX special character and keeps Nordic letters as UTF-8', () => {
      expect(escapeBibtex('a\\b{c}d%e&f$g#h_i^j~k')).toBe('a\\textbackslash{}b\\{c\\}d\\%e\\&f\\$g\\#h\\_i\\^{}j\\~{}k');
      expect(escapeBibtex('Æbleø Åkersgården Göteborg Kärrtorp')).toBe('Æbleø Åkersgården Göteborg Kärrtorp');
    });

    it('leaves out the year without a date, and escapes % in a URL', () => {
      const f = bibFields(formatBibtex(input({ changed: null, url: 'https://kb.example.no/i/%C3%A5' })));
      expect(f.year).toBeUndefined();
      expect(f.url).toBe('https://kb.example.no/i/\\%C3\\%A5');
    });
  });

  describe('RIS', () => {
    const ris = formatRis(input());
    const lines = ris.split('\r\n');

    it('ends every line with CRLF, starts with TY and ends with ER', () => {
      expect(ris.endsWith('ER  -\r\n')).toBe(true);
      expect(ris.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      expect(lines[0]).toBe('TY  - ELEC');
    });

    it('has the title, author, container, publisher, year, dates, URL, kind and language', () => {
      const tags = Object.fromEntries(lines.filter(Boolean).map((l) => [l.slice(0, 2), l.slice(6)]));
      expect(tags).toEqual({
        TY: 'ELEC',
        ID: 'omradeloft-I001',
        TI: 'Møteplass for ungdom på Årstad & Søndre_Nordstrand {test} 100% #1',
        AU: 'Kunnskapsbase for områdeløft',
        T2: 'Kunnskapsbase for områdeløft',
        PB: 'Kunnskapsbase for områdeløft',
        PY: '2025',
        DA: '2025/11/02',
        Y2: '2026/12/03',
        UR: 'https://kb.example.no/i/I001',
        M3: 'Tiltak',
        LA: 'nb',
        ER: '',
      });
    });
  });

  describe('CSL-JSON', () => {
    it('is a webpage item with the knowledge base as author, container and publisher, and both dates', () => {
      const item = formatCslJson(input({ title: 'Møteplass for ungdom' }));
      expect(JSON.parse(JSON.stringify(item))).toEqual({
        id: 'omradeloft-I001',
        type: 'webpage',
        title: 'Møteplass for ungdom',
        author: [{ literal: 'Kunnskapsbase for områdeløft' }],
        'container-title': 'Kunnskapsbase for områdeløft',
        publisher: 'Kunnskapsbase for områdeløft',
        genre: 'Tiltak',
        URL: 'https://kb.example.no/i/I001',
        accessed: { 'date-parts': [[2026, 12, 3]] },
        issued: { 'date-parts': [[2025, 11, 2]] },
        language: 'nb',
      });
    });

    it('has no issued date when the last change is unknown', () => {
      expect(formatCslJson(input({ changed: null }))).not.toHaveProperty('issued');
    });
  });

  it('dates today in UTC', () => {
    expect(todayIso(new Date('2026-12-03T23:30:00Z'))).toBe('2026-12-03');
  });
});
