// Text folding, tokenising, FTS5 query escaping and highlighting: the one place that
// decides which spellings count as the same word. Used when indexing and when querying,
// by both search engines, so they agree.
import { synonymsOf } from './glossary.ts';

/**
 * Folds one character for matching. Nordic letters stay distinct (ø is not o, å is not
 * a), Swedish/German spellings meet the Norwegian/Danish ones (ö→ø, ä→æ), and other
 * accents go (é→e, ü→u). Always returns exactly one character for one input character,
 * so positions in folded text are positions in the original (see highlight()).
 */
const FOLD_CACHE = new Map<string, string>();

function foldChar(ch: string): string {
  const cached = FOLD_CACHE.get(ch);
  if (cached !== undefined) return cached;
  let out = ch.toLowerCase();
  if (out.length !== 1) out = ch; // e.g. 'İ' lower-cases to two code units: leave it
  switch (out) {
    case 'ö':
    case 'ő':
      out = 'ø';
      break;
    case 'ä':
      out = 'æ';
      break;
    case 'å':
    case 'æ':
    case 'ø':
      break;
    default: {
      const stripped = out.normalize('NFD').replace(/\p{M}+/gu, '');
      if (stripped.length === 1) out = stripped;
    }
  }
  FOLD_CACHE.set(ch, out);
  return out;
}

/** Folds text for matching; the result has the same length as the input. */
export function foldText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += foldChar(text[i]);
  return out;
}

const TOKEN_RE = /[\p{L}\p{N}]+/gu;

/** The folded words of a text, in order, duplicates kept. */
export function tokenize(text: string): string[] {
  return foldText(text).match(TOKEN_RE) ?? [];
}

/** Longest query the search box accepts (characters). */
export const MAX_QUERY_LENGTH = 200;
/** Words beyond this are ignored: they only slow the query down. */
export const MAX_QUERY_TERMS = 12;

/** The distinct folded terms of a user query, at most MAX_QUERY_TERMS. */
export function queryTerms(query: string): string[] {
  return [...new Set(tokenize(query))].slice(0, MAX_QUERY_TERMS);
}

/** Shorter terms are prefix-matched only as the last word (the one being typed). */
export const MIN_PREFIX_LENGTH = 2;

/**
 * Whether term `i` of `count` is matched as a prefix. A one-letter prefix expands to a
 * large share of the vocabulary: a query of twelve single letters cost over a second of
 * the only thread at 30,000 initiatives. Only the word being typed (the last) keeps it.
 */
function prefixMatched(term: string, i: number, count: number): boolean {
  return [...term].length >= MIN_PREFIX_LENGTH || i === count - 1;
}

/**
 * Turns any user text into a safe FTS5 MATCH expression: every word is quoted (so
 * AND, OR, NOT, NEAR, `*`, `-`, `(` and quotes are plain text) and prefix-matched, so
 * results appear while the user is still typing. Returns null when the text has no
 * searchable word at all.
 */
export function escapeFtsQuery(query: string): string | null {
  const terms = queryTerms(query);
  if (terms.length === 0) return null;
  const phrase = (words: string[], prefix = true) => `"${words.join(' ').replace(/"/g, '""')}"${prefix ? '*' : ''}`;
  // A glossary word also finds its other spellings (seed/data/glossary.json). FTS5 takes
  // no implicit AND next to a parenthesised group, so then the ANDs are written out.
  let grouped = false;
  const parts = terms.map((t, i) => {
    const others = synonymsOf(t);
    if (others.length === 0) return phrase([t], prefixMatched(t, i, terms.length));
    grouped = true;
    return `(${[[t], ...others].map((words) => phrase(words)).join(' OR ')})`;
  });
  return parts.join(grouped ? ' AND ' : ' ');
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

interface Span {
  start: number;
  end: number;
}

/** Where the query's terms (as word prefixes) occur in `text`. */
function findHits(text: string, terms: string[]): Span[] {
  if (terms.length === 0 || !text) return [];
  const folded = foldText(text);
  const hits: Span[] = [];
  for (const m of folded.matchAll(TOKEN_RE)) {
    const word = m[0];
    let best = 0;
    for (const t of terms) if (t.length > best && word.startsWith(t)) best = t.length;
    if (best > 0) hits.push({ start: m.index, end: m.index + best });
  }
  return hits;
}

/**
 * The text as safe HTML with the matched word prefixes wrapped in <mark>. Everything
 * else is escaped, so the result can be output unescaped.
 */
export function highlight(text: string, terms: string[]): string {
  return markSpans(text, findHits(text, terms), 0, text.length);
}

function markSpans(text: string, hits: Span[], from: number, to: number): string {
  let out = '';
  let pos = from;
  for (const h of hits) {
    if (h.end <= from || h.start >= to) continue;
    out += escapeHtml(text.slice(pos, h.start));
    out += `<mark>${escapeHtml(text.slice(h.start, h.end))}</mark>`;
    pos = h.end;
  }
  return out + escapeHtml(text.slice(pos, to));
}

/**
 * A short excerpt (about `maxChars`) around the first hit, as safe HTML with hits
 * marked; without hits, the start of the text. Cuts at word boundaries.
 */
export function snippet(text: string, terms: string[], maxChars = 220): string {
  if (!text) return '';
  const hits = findHits(text, terms);
  if (text.length <= maxChars) return markSpans(text, hits, 0, text.length);
  const first = hits[0]?.start ?? 0;
  let start = Math.max(0, first - Math.floor(maxChars / 3));
  let end = Math.min(text.length, start + maxChars);
  start = Math.max(0, end - maxChars);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space !== -1 && space < first) start = space + 1;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start && space > (hits[0]?.end ?? 0)) end = space;
  }
  return (
    (start > 0 ? '… ' : '') + markSpans(text, hits, start, end) + (end < text.length ? ' …' : '')
  );
}
