// The "Cite" box of a record page: the four formats as text to copy, the downloads, the
// access date, and the sources the record rests on (with links).
import type { RecordKind } from '../../db/schema.ts';
import { t } from '../i18n/index.ts';
import { formatApa, formatBibtex, formatCslJson, formatRis, type CitationInput } from '../domain/citation.ts';
import { formatDate, type Context, type LinkView } from './records.ts';

/** The downloads: path suffix after the permalink, content type and label. */
export const CITATION_FORMATS = {
  bib: { contentType: 'application/x-bibtex; charset=utf-8', label: 'BibTeX' },
  ris: { contentType: 'application/x-research-info-systems; charset=utf-8', label: 'RIS' },
  json: { contentType: 'application/vnd.citationstyles.csl+json; charset=utf-8', label: 'CSL-JSON' },
} as const;
export type CitationFormat = keyof typeof CITATION_FORMATS;

export interface CitedRecord {
  kind: RecordKind;
  ref: string;
  title: { text: string; lang: string | null };
  /** The permalink as the page shows it (text: the absolute URL). */
  permalink: Pick<LinkView, 'href' | 'text'>;
  changed: string | null;
}

export function citationInput(record: CitedRecord, ctx: Context, accessed: string): CitationInput {
  return {
    ref: record.ref,
    title: record.title.text,
    titleLang: record.title.lang,
    kindLabel: t(ctx.locale, `cite.kind.${record.kind}`),
    url: record.permalink.text,
    changed: record.changed,
    accessed,
    locale: ctx.locale,
  };
}

/** One download's body. */
export function citationFile(format: CitationFormat, input: CitationInput): string {
  if (format === 'bib') return formatBibtex(input);
  if (format === 'ris') return formatRis(input);
  // Indented, with number lists (date-parts) kept on one line.
  const json = JSON.stringify([formatCslJson(input)], null, 2).replace(/\[\s*((?:-?\d+,\s*)*-?\d+)\s*\]/g, (_m, nums: string) => `[${nums.split(/,\s*/).join(', ')}]`);
  return `${json}\n`;
}

export function presentCitation(record: CitedRecord, sources: { url: string; title: string; lang: string | null }[], ctx: Context, accessed: string) {
  const input = citationInput(record, ctx, accessed);
  return {
    accessed: t(ctx.locale, 'cite.accessed', { date: formatDate(ctx.locale, accessed) }),
    formats: [
      { id: 'apa', label: 'APA 7', text: formatApa(input), open: true },
      { id: 'bibtex', label: 'BibTeX', text: formatBibtex(input).trimEnd(), open: false },
      { id: 'ris', label: 'RIS', text: formatRis(input).replace(/\r\n/g, '\n').trimEnd(), open: false },
      { id: 'csl', label: 'CSL-JSON', text: citationFile('json', input).trimEnd(), open: false },
    ],
    downloads: (Object.keys(CITATION_FORMATS) as CitationFormat[]).map((f) => ({
      href: `${record.permalink.href}/cite.${f}`,
      text: t(ctx.locale, 'cite.download', { format: CITATION_FORMATS[f].label }),
    })),
    sources,
  };
}

/** The sources a presented record cites; a resource's own links stand in for them. */
export function citedSources(presented: {
  sources?: { url: string; title: string; lang: string | null }[];
  links?: { href: string; kind: { label: string } }[];
}): { url: string; title: string; lang: string | null }[] {
  if (presented.sources) return presented.sources.map((s) => ({ url: s.url, title: s.title, lang: s.lang }));
  return (presented.links ?? []).map((l) => ({ url: l.href, title: `${l.kind.label}: ${l.href}`, lang: null }));
}
