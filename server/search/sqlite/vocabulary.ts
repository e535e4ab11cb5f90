// The index's own words, read from FTS5 (search_vocab, an fts5vocab table over
// search_fts): what a word typed with a typo can be matched as, and what a search that
// found nothing is offered instead ("Mente du …?"). The word list is loaded on first use
// after the catalogue changed (one pass over the index) and kept until it changes again.
import type Database from 'better-sqlite3';
import { editDistance, queryTerms, stemsOf, typoBudget, type SoleWord, type TypoLookup } from '../text.ts';

interface WordList {
  revision: number;
  /** Words of the text columns, with how many documents hold each. */
  words: string[];
  docs: Int32Array;
  /** Word indexes by length, so a lookup only compares words of a near length. */
  byLength: Map<number, number[]>;
}

/** Sorts after every character (in UTF-8, as FTS5 orders its terms): `${word}${LAST_CHARACTER}` bounds the words starting with `word`. */
const LAST_CHARACTER = '\u{10ffff}';

/** Shortest word a suggestion is looked for (shorter words are too easily "corrected"). */
const MIN_SUGGEST_LENGTH = 4;
/** Most typo spellings one word is matched as. */
const MAX_TYPO_MATCHES = 5;

export class Vocabulary {
  private list: WordList | null = null;
  private readonly revisionStmt: Database.Statement;
  private readonly prefixStmt: Database.Statement;
  private readonly wordStmt: Database.Statement;
  private readonly rangeColumnsStmt: Database.Statement;
  private readonly termColumnsStmt: Database.Statement;

  constructor(private readonly sqlite: Database.Database) {
    this.revisionStmt = sqlite.prepare(`SELECT value FROM meta WHERE key = 'catalogue'`).pluck();
    // fts5vocab answers term ranges from the index without a scan.
    this.prefixStmt = sqlite.prepare(`SELECT 1 FROM search_vocab WHERE term >= ? AND term < ? LIMIT 1`).pluck();
    this.wordStmt = sqlite.prepare(`SELECT 1 FROM search_vocab WHERE term = ? AND col = 'variants' LIMIT 1`).pluck();
    this.rangeColumnsStmt = sqlite.prepare(`SELECT term, col FROM search_vocab WHERE term >= ? AND term < ?`).raw();
    this.termColumnsStmt = sqlite.prepare(`SELECT term, col FROM search_vocab WHERE term = ?`).raw();
  }

  /**
   * Whether every document that matches these words (each as its prefix, or whole) holds
   * each of them whole in its text columns: each word is the only word of the index that
   * starts with it, and it never stands in the variants column. fts5vocab walks a word's
   * postings to give its rows (about a tenth of a millisecond for 5,000 documents); the
   * walk stops at the first row of another word or of the variants column. False when it
   * cannot tell.
   */
  onlyWholeInText(words: SoleWord[]): boolean {
    for (const { word, prefix } of words) {
      const rows = (prefix ? this.rangeColumnsStmt.iterate(word, `${word}${LAST_CHARACTER}`) : this.termColumnsStmt.iterate(word)) as IterableIterator<[string, string]>;
      for (const [term, col] of rows) if (term !== word || col === 'variants') return false;
    }
    return true;
  }

  /** Whether any document matches the word as the search would: a prefix, a stem or a plain spelling. */
  known(word: string): boolean {
    if (this.prefixStmt.get(word, `${word}\uffff`) !== undefined) return true;
    return stemsOf(word).some((s) => this.wordStmt.get(s) !== undefined);
  }

  private words(): WordList {
    const revision = (this.revisionStmt.get() as number | undefined) ?? 0;
    if (this.list?.revision === revision) return this.list;
    const rows = this.sqlite
      .prepare(`SELECT term, sum(doc) FROM search_vocab WHERE col <> 'variants' GROUP BY term`)
      .raw()
      .all() as [string, number][];
    const words: string[] = [];
    const docs = new Int32Array(rows.length);
    const byLength = new Map<number, number[]>();
    for (const [term, n] of rows) {
      if (/^\p{N}+$/u.test(term)) continue;
      const i = words.length;
      words.push(term);
      docs[i] = n;
      const bucket = byLength.get(term.length) ?? [];
      bucket.push(i);
      byLength.set(term.length, bucket);
    }
    this.list = { revision, words, docs, byLength };
    return this.list;
  }

  /**
   * Words of the index within `budget` edits of `word` (same first letter), closest
   * first, then the most common.
   */
  nearest(word: string, budget: number, limit: number): string[] {
    if (budget <= 0) return [];
    const { words, docs, byLength } = this.words();
    const found: { i: number; d: number }[] = [];
    for (let len = word.length - budget; len <= word.length + budget; len++) {
      for (const i of byLength.get(len) ?? []) {
        const w = words[i];
        if (w[0] !== word[0] || w === word) continue;
        const d = editDistance(word, w, budget);
        if (d <= budget) found.push({ i, d });
      }
    }
    found.sort((a, b) => a.d - b.d || docs[b.i] - docs[a.i] || (words[a.i] < words[b.i] ? -1 : 1));
    return found.slice(0, limit).map((f) => words[f.i]);
  }

  /**
   * Typo matching for the embedded engine: a word no document holds in any form, long
   * enough for a typo (typoBudget), is also matched as the index's words within that many
   * edits, as Meilisearch's typo tolerance does.
   */
  typoLookup(): TypoLookup {
    return (word) => {
      const budget = typoBudget(word);
      if (budget === 0 || this.known(word)) return [];
      return this.nearest(word, budget, MAX_TYPO_MATCHES);
    };
  }

  /**
   * "Did you mean": the query with each word no document holds replaced by the closest
   * index word (one edit from 4 letters, two from 8); null when no word changed.
   */
  suggest(q: string): string | null {
    const terms = queryTerms(q);
    let changed = false;
    const out = terms.map((word) => {
      if (word.length < MIN_SUGGEST_LENGTH || this.known(word)) return word;
      const budget = word.length >= 8 ? 2 : 1;
      const best = this.nearest(word, budget, 1)[0];
      if (!best) return word;
      changed = true;
      return best;
    });
    return changed ? out.join(' ') : null;
  }
}

const shared = new WeakMap<Database.Database, Vocabulary>();

/** The vocabulary of a database (one per connection, shared by its users). */
export function vocabularyOf(sqlite: Database.Database): Vocabulary {
  let v = shared.get(sqlite);
  if (!v) {
    v = new Vocabulary(sqlite);
    shared.set(sqlite, v);
  }
  return v;
}
