// Citations of a record of the knowledge base: APA 7 (the reference list entry), BibTeX,
// RIS and CSL-JSON. Pure functions of one CitationInput; no I/O. The knowledge base is the
// author, container and publisher; the record's permalink is the URL; the year is the
// record's last change (else "n.d."); the access date is given by the caller (today).
// Nordic letters stay as UTF-8 in every format (BibTeX included: biber and modern BibTeX
// read UTF-8); only characters with a meaning in a format are escaped.

export const KNOWLEDGE_BASE_NAME = { nb: 'Kunnskapsbase for områdeløft', en: 'Kunnskapsbase for områdeløft' } as const;

export type CitationLocale = 'nb' | 'en';

export interface CitationInput {
  /** Stable ref of the record (I001 …): the citation key is made from it. */
  ref: string;
  /** The record's title as shown on its page, and the language it is in. */
  title: string;
  titleLang: string | null;
  /** What kind of record, in the page's language ("Tiltak", "Initiative"). */
  kindLabel: string;
  /** The absolute permalink. */
  url: string;
  /** When the record last changed, YYYY-MM-DD (or an ISO timestamp); null when unknown. */
  changed: string | null;
  /** The date the reader accessed it, YYYY-MM-DD. */
  accessed: string;
  locale: CitationLocale;
}

const MONTHS = {
  nb: ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

function dateParts(date: string | null): [number, number, number] | null {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})/.exec(date) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

const yearOf = (c: CitationInput) => dateParts(c.changed)?.[0] ?? null;

/** Text on one line: line breaks and runs of spaces become one space. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * APA 7, plain text: the organisation as author, the year, the title with its kind in
 * brackets, and "Retrieved <date>, from <URL>" (the page is meant to change).
 * nb: `Kunnskapsbase for områdeløft. (2026). Tittel [Tiltak]. Hentet 3. desember 2026 fra https://…`
 */
export function formatApa(c: CitationInput): string {
  const author = KNOWLEDGE_BASE_NAME[c.locale];
  const year = yearOf(c) ?? (c.locale === 'nb' ? 'u.å.' : 'n.d.');
  const [y, m, d] = dateParts(c.accessed)!;
  const retrieved =
    c.locale === 'nb' ? `Hentet ${d}. ${MONTHS.nb[m - 1]} ${y} fra ${c.url}` : `Retrieved ${MONTHS.en[m - 1]} ${d}, ${y}, from ${c.url}`;
  const title = oneLine(c.title).replace(/[.]$/, '');
  return `${author}. (${year}). ${title} [${oneLine(c.kindLabel)}]. ${retrieved}`;
}

const BIBTEX_ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '%': '\\%',
  '&': '\\&',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '^': '\\^{}',
  '~': '\\~{}',
};

/** A text for a BibTeX field: LaTeX's special characters escaped, everything else (æ, ø, å, ä, ö) kept. */
export function escapeBibtex(text: string): string {
  return oneLine(text).replace(/[\\{}%&$#_^~]/g, (ch) => BIBTEX_ESCAPES[ch]);
}

/** The citation key: `omradeloft-<ref>`, letters, digits and - only. */
export function citationKey(ref: string): string {
  return `omradeloft-${ref.replace(/[^A-Za-z0-9-]/g, '-')}`;
}

/** A BibTeX @misc entry (biblatex reads url and urldate; classic styles show howpublished and note). */
export function formatBibtex(c: CitationInput): string {
  const name = KNOWLEDGE_BASE_NAME[c.locale];
  const year = yearOf(c);
  const accessedNote = c.locale === 'nb' ? `Lest ${c.accessed}` : `Accessed ${c.accessed}`;
  // URLs are percent-encoded, so the only character BibTeX minds is %.
  const url = c.url.replace(/%/g, '\\%');
  const fields: [string, string][] = [
    ['author', `{${escapeBibtex(name)}}`],
    ['title', `{${escapeBibtex(c.title)}}`],
    ...(year ? ([['year', String(year)]] as [string, string][]) : []),
    ['publisher', escapeBibtex(name)],
    ['howpublished', `\\url{${url}}`],
    ['url', url],
    ['urldate', c.accessed],
    ['note', `${escapeBibtex(c.kindLabel)}. ${accessedNote}`],
    ...(c.titleLang ? ([['language', c.titleLang]] as [string, string][]) : []),
  ];
  return `@misc{${citationKey(c.ref)},\n${fields.map(([k, v]) => `  ${k} = {${v}},`).join('\n')}\n}\n`;
}

/** An RIS record (type ELEC), CRLF line endings as the format asks. */
export function formatRis(c: CitationInput): string {
  const name = KNOWLEDGE_BASE_NAME[c.locale];
  const year = yearOf(c);
  const changed = dateParts(c.changed);
  const accessed = dateParts(c.accessed)!;
  const slashed = (p: [number, number, number]) => `${p[0]}/${String(p[1]).padStart(2, '0')}/${String(p[2]).padStart(2, '0')}`;
  const lines: [string, string][] = [
    ['TY', 'ELEC'],
    ['ID', citationKey(c.ref)],
    ['TI', oneLine(c.title)],
    ['AU', name],
    ['T2', name],
    ['PB', name],
    ...(year ? ([['PY', String(year)]] as [string, string][]) : []),
    ...(changed ? ([['DA', slashed(changed)]] as [string, string][]) : []),
    ['Y2', slashed(accessed)],
    ['UR', c.url],
    ['M3', oneLine(c.kindLabel)],
    ...(c.titleLang ? ([['LA', c.titleLang]] as [string, string][]) : []),
    ['ER', ''],
  ];
  return lines.map(([tag, value]) => `${tag}  - ${value}`.trimEnd() + '\r\n').join('');
}

/** One CSL-JSON item (type webpage); the download is an array of it. */
export function formatCslJson(c: CitationInput) {
  const name = KNOWLEDGE_BASE_NAME[c.locale];
  const changed = dateParts(c.changed);
  return {
    id: citationKey(c.ref),
    type: 'webpage',
    title: oneLine(c.title),
    author: [{ literal: name }],
    'container-title': name,
    publisher: name,
    genre: oneLine(c.kindLabel),
    URL: c.url,
    accessed: { 'date-parts': [dateParts(c.accessed)!] },
    ...(changed ? { issued: { 'date-parts': [changed] } } : {}),
    ...(c.titleLang ? { language: c.titleLang } : {}),
  };
}

/** Today as YYYY-MM-DD (UTC). */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
