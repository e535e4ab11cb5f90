// Text folding, tokenising, FTS5 query escaping and highlighting: the one place that
// decides which spellings count as the same word. Used when indexing and when querying,
// by both search engines, so they agree.
import snowball from 'snowball-stemmers';
import { glossaryPhraseAt, synonymsOf } from './glossary.ts';

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
  // The whole string lower-cased at once (native, fast), then only the characters that
  // fold further looked at one by one: the same result as foldEachChar(), which the
  // documents' build spent most of its time in. Where lower-casing a whole string differs
  // from lower-casing each character (a final sigma, a letter that lower-cases to two code
  // units, characters outside the BMP), the text goes the slow way.
  if (NOT_PER_CHAR.test(text)) return foldEachChar(text);
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return foldEachChar(text);
  return FOLDS_FURTHER.test(lower) ? lower.replace(FOLDS_FURTHER_ALL, foldChar) : lower;
}

/** foldText() one character at a time: the definition foldText() is tested against. */
export function foldEachChar(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += foldChar(text[i]);
  return out;
}

/** Σ (final sigma depends on context) and surrogates (a pair lower-cases; a half does not). */
const NOT_PER_CHAR = /[\u03a3\ud800-\udfff]/;
/** After lower-casing: anything but ASCII and æ, ø, å may fold further (ö, ä, accents). */
const FOLDS_FURTHER = /[^\u0000-\u007fæøå]/;
const FOLDS_FURTHER_ALL = new RegExp(FOLDS_FURTHER.source, 'g');

const TOKEN_RE = /[\p{L}\p{N}]+/gu;

/** The folded words of a text, in order, duplicates kept. */
export function tokenize(text: string): string[] {
  return foldText(text).match(TOKEN_RE) ?? [];
}

/** Longest query the search box accepts (characters). */
export const MAX_QUERY_LENGTH = 200;
/**
 * Words beyond this are ignored, by both engines: Meilisearch reads only the first 10
 * words of a query, so the embedded engine stops there too and both answer the same.
 */
export const MAX_QUERY_TERMS = 10;

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


// ---------------------------------------------------------------------------
// Variants: what a word may also be typed as. Written into each search document's
// `variants` column (embedded engine) and `search_variants` attribute (Meilisearch), both
// ranked below the text itself.
// ---------------------------------------------------------------------------

/** Snowball stemmers (snowball-stemmers): bokmål, Swedish, Danish and English. */
let stemmers: { stem(word: string): string }[] | null = null;
const STEMMER_LANGUAGES = ['norwegian', 'swedish', 'danish', 'english'];
const STEM_CACHE = new Map<string, string[]>();
const STEM_CACHE_MAX = 200_000;
/**
 * Stems shorter than this are dropped, and shorter words are not stemmed (numbers never
 * are): a cross-language stem that short ("area" → "are" by the Norwegian stemmer) would
 * match half the catalogue.
 */
export const MIN_STEM_LENGTH = 4;

/**
 * The distinct stems of one folded word by the four stemmers, shortest first ("ungdommer"
 * → ["ungdom", "ungdomm"]). The text's language is not known word by word (titles, names
 * and summaries mix nb, sv, da and en), so every stemmer is applied, at index and query
 * time alike: two words meet when any stemmer reduces them to the same stem.
 */
export function stemsOf(word: string): string[] {
  const cached = STEM_CACHE.get(word);
  if (cached) return cached;
  let stems: string[] = [];
  if (word.length > MIN_STEM_LENGTH && !/^\p{N}+$/u.test(word)) {
    stemmers ??= STEMMER_LANGUAGES.map((language) => snowball.newStemmer(language));
    stems = [...new Set(stemmers.map((s) => s.stem(word)))].filter((x) => x.length >= MIN_STEM_LENGTH);
    stems.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  }
  if (STEM_CACHE.size >= STEM_CACHE_MAX) STEM_CACHE.clear();
  STEM_CACHE.set(word, stems);
  return stems;
}

/**
 * The one stem a query word is sent as where an engine takes one spelling (Meilisearch):
 * the shortest stem the word starts with ("ungdommer" → "ungdom"), else the word, so the
 * word's own text still matches as a prefix ("gårdsby", not the English "gårdsbi").
 */
export function queryStem(word: string): string {
  return stemsOf(word).find((s) => word.startsWith(s)) ?? word;
}

/**
 * The query as words for an engine that takes one spelling per word (Meilisearch): a
 * glossary word or typed glossary phrase as typed (the engine's synonyms expand it), any
 * other word as its shortest stem, which the documents' variants hold for every
 * inflection (and the text where the stem is a word of it).
 */
export function queryWordsForSynonyms(query: string): string[] {
  return parseQuery(query).flatMap((part) =>
    part.kind === 'phrase' ? part.words : part.synonyms.length > 0 ? [part.word] : [queryStem(part.word)],
  );
}

const NORDIC_RE = /[æøå]/;
const SINGLE: Record<string, string> = { æ: 'a', ø: 'o', å: 'a' };
const DIGRAPH: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa' };

/** Whether a folded word holds æ, ø or å (ä and ö fold to æ and ø). */
export function hasNordicLetter(word: string): boolean {
  return NORDIC_RE.test(word);
}

/**
 * How a folded word with æ, ø or å is written without them: single letters (områdeløft →
 * omradeloft, Hjällbo → hjallbo) and digraphs (Nørrebro → noerrebro, Gårdsten →
 * gaardsten). [] for a word without them. Only these spellings meet a query typed without
 * the letters; a query typed with them never matches them, so ø is still not o.
 */
export function plainSpellings(word: string): string[] {
  if (!hasNordicLetter(word)) return [];
  const single = word.replace(/[æøå]/g, (c) => SINGLE[c]);
  const digraph = word.replace(/[æøå]/g, (c) => DIGRAPH[c]);
  return single === digraph ? [single] : [single, digraph];
}

/**
 * The variants column of a document: every distinct stem of its words and the plain
 * spellings of its words with Nordic letters (and their stems), space-separated, leaving
 * out any that is itself a word of the texts (a stem is matched as a whole word in every
 * column, so the text holds it already: four in ten variants at 100,000, which FTS5 then
 * indexed twice). A set, not a sequence (no phrases are matched here), so it stays small.
 * `folded`: the texts are already folded (foldText).
 */
export function variantsText(texts: (string | null | undefined)[], folded = false): string {
  // Each word's variants are kept as numbers, and a variant already written for this
  // document is told by its stamp: a document's hundred-odd words cost one map lookup each,
  // with no per-document sets (most of a full rebuild's time went to those).
  if (WORDS.size >= STEM_CACHE_MAX || VARIANT_TEXT.length >= 4 * STEM_CACHE_MAX) releaseWordCaches();
  if (stampGeneration >= 0xfffffffe) {
    variantStamp.fill(0);
    stampGeneration = 0;
  }
  const generation = ++stampGeneration;
  // First the texts' own words are stamped, so none of them is written as a variant ...
  const entries = documentWords;
  entries.length = 0;
  for (const text of texts) {
    if (!text) continue;
    for (const word of folded ? (text.match(TOKEN_RE) ?? []) : tokenize(text)) {
      const entry = WORDS.get(word) ?? wordEntry(word);
      if (entry.self >= 0) stampVariant(entry.self, generation);
      entries.push(entry);
    }
  }
  // ... then each word's variants, once each.
  const out: string[] = [];
  for (const { ids } of entries) {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (variantStamp[id] === generation) continue;
      variantStamp[id] = generation;
      out.push(VARIANT_TEXT[id]);
    }
  }
  entries.length = 0;
  return out.join(' ');
}

/** A folded word: its variants (ids into VARIANT_TEXT, in wordEntry() order), and its own id as a variant, or -1. */
interface WordEntry {
  ids: Int32Array;
  self: number;
}

const WORDS = new Map<string, WordEntry>();
const VARIANT_ID = new Map<string, number>();
const VARIANT_TEXT: string[] = [];
/** The variants of every word that has none (most short words): one shared list. */
const NO_VARIANTS = new Int32Array(0);
/** The words of the document being written (reused). */
const documentWords: WordEntry[] = [];
/** variantStamp[id] === stampGeneration: the variant is already in the current document's text. */
let variantStamp = new Uint32Array(1024);
let stampGeneration = 0;

/** Room for a stamp per variant (variantsText reads them by id without a bounds check). */
function ensureStamps(): void {
  if (variantStamp.length >= VARIANT_TEXT.length) return;
  const grown = new Uint32Array(Math.max(variantStamp.length * 2, VARIANT_TEXT.length + 1024));
  grown.set(variantStamp);
  variantStamp = grown;
}

function stampVariant(id: number, generation: number): void {
  ensureStamps();
  variantStamp[id] = generation;
}

/** One folded word's entry: its stems, then each plain spelling followed by that spelling's stems. */
function wordEntry(word: string): WordEntry {
  const variants = [...stemsOf(word)];
  for (const p of plainSpellings(word)) variants.push(p, ...stemsOf(p));
  let ids = NO_VARIANTS;
  if (variants.length > 0) {
    ids = new Int32Array(variants.length);
    variants.forEach((v, i) => (ids[i] = variantId(v)));
  }
  const entry = { ids, self: VARIANT_ID.get(word) ?? -1 };
  WORDS.set(word, entry);
  ensureStamps();
  return entry;
}

/** The id of a variant's text, given one on first sight (and recorded as the own id of the word it spells). */
function variantId(v: string): number {
  let id = VARIANT_ID.get(v);
  if (id === undefined) {
    id = VARIANT_TEXT.length;
    VARIANT_TEXT.push(v);
    VARIANT_ID.set(v, id);
    const word = WORDS.get(v);
    if (word) word.self = id;
  }
  return id;
}

/**
 * Lets go of the per-word stems and variants: a rebuild of every document fills them with
 * the catalogue's whole vocabulary (up to STEM_CACHE_MAX words each), which searches do
 * not need afterwards. Returns how many words were held.
 */
export function releaseWordCaches(): number {
  const held = STEM_CACHE.size + WORDS.size;
  STEM_CACHE.clear();
  WORDS.clear();
  VARIANT_ID.clear();
  VARIANT_TEXT.length = 0;
  variantStamp = new Uint32Array(1024);
  stampGeneration = 0;
  return held;
}

// ---------------------------------------------------------------------------
// Query parsing: the user's words, with glossary entries (single words and phrases)
// recognised, as one structure both engines translate.
// ---------------------------------------------------------------------------

export type QueryPart =
  /** One typed word. `synonyms` are the other entries of its glossary group. */
  | { kind: 'word'; word: string; synonyms: string[][] }
  /** A typed multi-word glossary entry ("area based regeneration") and the other entries. */
  | { kind: 'phrase'; words: string[]; synonyms: string[][] };

/** The user's words as parts: each glossary phrase typed in full is one part. */
export function parseQuery(query: string): QueryPart[] {
  const terms = queryTerms(query);
  const parts: QueryPart[] = [];
  for (let i = 0; i < terms.length; ) {
    const phrase = glossaryPhraseAt(terms, i);
    if (phrase) {
      parts.push({ kind: 'phrase', words: phrase.words, synonyms: phrase.others });
      i += phrase.words.length;
    } else {
      parts.push({ kind: 'word', word: terms[i], synonyms: synonymsOf(terms[i]) });
      i++;
    }
  }
  return parts;
}

/**
 * Typos a word may carry and still match, as Meilisearch counts them
 * (minWordSizeForTypos): one from 8 letters, two from 12, none below.
 */
export const TYPO_MIN_LENGTH = { one: 8, two: 12 } as const;

export function typoBudget(word: string): number {
  return word.length >= TYPO_MIN_LENGTH.two ? 2 : word.length >= TYPO_MIN_LENGTH.one ? 1 : 0;
}

/**
 * Edit distance (insertions, deletions, substitutions and swaps of neighbours) between
 * two words; stops early and returns max + 1 once the distance exceeds `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2] + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length];
}

/** Extra words to try for a word no document holds (typo matching); supplied by the engine. */
export type TypoLookup = (word: string) => string[];

export interface FtsQuery {
  /** Everything that counts as a match: text prefixes, glossary spellings, stems, plain spellings, typos. */
  match: string;
  /**
   * The strict subset ranked first: every word whole, as typed (or as a glossary
   * spelling), in the text columns.
   */
  exact: string;
  /**
   * When every part is one word matched by itself alone (its prefix, or the word whole):
   * those words. Null when any part also matches stems, typos or glossary spellings, or is
   * a phrase. Every match of such a query is exact when each word is the index's only word
   * that starts with it and stands in the text columns only (Vocabulary.onlyWholeInText).
   */
  soleWords: SoleWord[] | null;
}

/** A query word that matches by itself alone: as a prefix, or whole. */
export interface SoleWord {
  word: string;
  prefix: boolean;
}

const quote = (word: string) => `"${word.replace(/"/g, '""')}"`;
/** A glossary phrase: adjacent words, each a prefix ("residents participation"). */
const phraseOf = (words: string[]) => words.map((w) => `${quote(w)}*`).join(' + ');
const TEXT = '-{variants}';

/**
 * One word: a prefix over every column, or any of its other stems as a whole word.
 * `prefix` false (a one-letter word before the last, see prefixMatched) matches it whole.
 */
function wordMatch(word: string, typos: TypoLookup | undefined, prefix = true): string {
  const star = prefix ? '*' : '';
  // The prefix meets the text's words and, in variants, the plain spellings (typed without
  // æ/ø/å; typed with them it cannot: ø is still not o) and the stems that start with it;
  // one prefix over every column, so FTS5 gathers the words with that prefix once.
  const alternatives = [`${quote(word)}${star}`];
  // The other stems as whole words in every column: the variants hold the stems of the
  // text's words, the text the words themselves (variantsText leaves those out).
  for (const stem of stemsOf(word)) if (!(prefix && stem.startsWith(word))) alternatives.push(quote(stem));
  for (const t of typos?.(word) ?? []) alternatives.push(`${TEXT} : ${quote(t)}`);
  return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' OR ')})`;
}

function entryMatch(words: string[], typos: TypoLookup | undefined): string {
  return words.length === 1 ? wordMatch(words[0], typos) : `${TEXT} : ${phraseOf(words)}`;
}

/**
 * Turns any user text into safe FTS5 MATCH expressions (every word quoted, so AND, OR,
 * NOT, NEAR, `*`, `-`, `(` and quotes are plain text). A word matches as a prefix of a
 * word in the text (results appear while the user types), by any of its stems, and, when
 * typed without æ/ø/å, by the plain spelling of a word with them; a glossary word or
 * phrase also matches every other entry of its group, single words as above, phrases as
 * adjacent words. Every part is required. Null when the text has no searchable word.
 */
export function buildFtsQuery(query: string, typos?: TypoLookup): FtsQuery | null {
  const parts = parseQuery(query);
  if (parts.length === 0) return null;
  const matches: string[] = [];
  const exacts: string[] = [];
  let soleWords: SoleWord[] | null = [];
  for (const [k, part] of parts.entries()) {
    const prefix = part.kind === 'word' && prefixMatched(part.word, k, parts.length);
    const own = part.kind === 'word' ? wordMatch(part.word, typos, prefix) : `(${part.words.map((w) => wordMatch(w, typos)).join(' AND ')})`;
    const alone = part.kind === 'word' && part.synonyms.length === 0 && own === `${quote(part.word)}${prefix ? '*' : ''}`;
    if (soleWords && alone) soleWords.push({ word: part.word, prefix });
    else soleWords = null;
    const others = part.synonyms.map((s) => entryMatch(s, undefined));
    matches.push(others.length === 0 ? own : `(${[own, ...others].join(' OR ')})`);
    const typed = part.kind === 'word' ? [part.word] : part.words;
    const whole = [typed, ...part.synonyms].map((words) => words.map(quote).join(' + '));
    exacts.push(whole.length === 1 ? whole[0] : `(${whole.join(' OR ')})`);
  }
  return { match: matches.join(' AND '), exact: `${TEXT} : (${exacts.join(' AND ')})`, soleWords };
}

/** The FTS5 expression of everything that matches (see buildFtsQuery). */
export function escapeFtsQuery(query: string): string | null {
  return buildFtsQuery(query)?.match ?? null;
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

/**
 * Where the query's terms occur in `text`: as word prefixes (the prefix is marked), and,
 * as the search matches them, by a shared stem or, for a term typed without æ/ø/å, as a
 * prefix of the word's plain spelling (the whole word is marked).
 */
function findHits(text: string, terms: string[]): Span[] {
  if (terms.length === 0 || !text) return [];
  const folded = foldText(text);
  const termStems = terms.map((t) => new Set(stemsOf(t)));
  const hits: Span[] = [];
  for (const m of folded.matchAll(TOKEN_RE)) {
    const word = m[0];
    let best = 0;
    for (const t of terms) if (t.length > best && word.startsWith(t)) best = t.length;
    if (best === 0 && terms.some((t, i) => matchesVariant(word, t, termStems[i]))) best = word.length;
    if (best > 0) hits.push({ start: m.index, end: m.index + best });
  }
  return hits;
}

function matchesVariant(word: string, term: string, termStems: Set<string>): boolean {
  if (!hasNordicLetter(term) && plainSpellings(word).some((p) => p.startsWith(term))) return true;
  return termStems.size > 0 && (termStems.has(word) || stemsOf(word).some((s) => termStems.has(s)));
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
