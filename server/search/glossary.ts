// The cross-language glossary (seed/data/glossary.json), read once and folded the way the
// search box folds text. Both engines use it: the embedded engine expands a query word or
// a typed multi-word entry into an FTS5 OR-group (buildFtsQuery), Meilisearch gets the
// same groups as synonyms. Any entry, one word or several, finds the others.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { plainSpellings, tokenize } from './text.ts';

export const GLOSSARY_FILE = fileURLToPath(new URL('../../seed/data/glossary.json', import.meta.url));

export interface GlossaryGroup {
  concept: string;
  /** Each entry as its folded words: ['områdeløft'], ['area', 'based', 'regeneration']. */
  terms: string[][];
}

interface GlossaryFile {
  groups: { concept: string; terms: string[] }[];
}

/** Reads and checks a glossary file; throws with the file name on anything malformed. */
export function readGlossary(file = GLOSSARY_FILE): GlossaryGroup[] {
  let parsed: GlossaryFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as GlossaryFile;
  } catch (err) {
    throw new Error(`Cannot read glossary ${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed?.groups)) throw new Error(`Glossary ${file} has no "groups" list`);
  return parsed.groups.map((g, i) => {
    if (!Array.isArray(g.terms) || g.terms.some((t) => typeof t !== 'string')) {
      throw new Error(`Glossary ${file}: group ${i} needs a "terms" list of strings`);
    }
    const seen = new Set<string>();
    const terms: string[][] = [];
    for (const t of g.terms) {
      const words = tokenize(t);
      const key = words.join(' ');
      if (words.length === 0 || seen.has(key)) continue;
      seen.add(key);
      terms.push(words);
    }
    return { concept: String(g.concept ?? `group ${i}`), terms };
  });
}

let cached: {
  groups: GlossaryGroup[];
  byWord: Map<string, string[][]>;
  /** Multi-word entries by their first word, longest first. */
  phrases: Map<string, { words: string[]; others: string[][] }[]>;
} | null = null;

function load() {
  if (!cached) {
    const groups = readGlossary();
    const byWord = new Map<string, string[][]>();
    const phrases = new Map<string, { words: string[]; others: string[][] }[]>();
    for (const g of groups) {
      for (const entry of g.terms) {
        const others = g.terms.filter((t) => t !== entry);
        // An entry typed without æ/ø/å ("omradeloft") triggers its group too.
        const spellings = [entry, ...plainSpellings(entry.join(' ')).map((p) => p.split(' '))];
        for (const words of spellings) {
          if (words.length === 1) {
            byWord.set(words[0], [...(byWord.get(words[0]) ?? []), ...others]);
          } else {
            const list = phrases.get(words[0]) ?? [];
            list.push({ words, others });
            list.sort((a, b) => b.words.length - a.words.length);
            phrases.set(words[0], list);
          }
        }
      }
    }
    cached = { groups, byWord, phrases };
  }
  return cached;
}

/** The shipped glossary, folded. */
export function glossaryGroups(): GlossaryGroup[] {
  return load().groups;
}

/**
 * The other spellings of one folded query word (each as its folded words), or [] when the
 * word is in no single-word entry of a group.
 */
export function synonymsOf(term: string): string[][] {
  return load().byWord.get(term) ?? [];
}

/** What the embedded engine expands a typed entry to: a word's or a whole phrase's others. */
export function expansionsOf(term: string): string[][] {
  const words = term.split(' ');
  if (words.length === 1) return synonymsOf(term);
  const p = glossaryPhraseAt(words, 0);
  return p && p.words.length === words.length ? p.others : [];
}

/**
 * The longest multi-word glossary entry that the folded words start with at `index`
 * ("area based regeneration" in ["area", "based", "regeneration", "oslo"]), with the other
 * entries of its group; null when none does.
 */
export function glossaryPhraseAt(words: string[], index: number): { words: string[]; others: string[][] } | null {
  for (const p of load().phrases.get(words[index]) ?? []) {
    if (p.words.every((w, k) => words[index + k] === w)) return p;
  }
  return null;
}
