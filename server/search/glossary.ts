// The cross-language glossary (seed/data/glossary.json), read once and folded the way the
// search box folds text. Both engines use it: the embedded engine expands a query word into
// an FTS5 OR-group (escapeFtsQuery), Meilisearch gets the same groups as synonyms.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tokenize } from './text.ts';

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

let cached: { groups: GlossaryGroup[]; byWord: Map<string, string[][]> } | null = null;

function load() {
  if (!cached) {
    const groups = readGlossary();
    const byWord = new Map<string, string[][]>();
    for (const g of groups) {
      for (const entry of g.terms) {
        if (entry.length !== 1) continue; // phrases are alternatives, never triggers
        const others = g.terms.filter((t) => t !== entry);
        byWord.set(entry[0], [...(byWord.get(entry[0]) ?? []), ...others]);
      }
    }
    cached = { groups, byWord };
  }
  return cached;
}

/** The shipped glossary, folded. */
export function glossaryGroups(): GlossaryGroup[] {
  return load().groups;
}

/**
 * The other spellings of one folded query word (each as its folded words), or [] when the
 * word is in no group. Only single-word entries trigger an expansion.
 */
export function synonymsOf(term: string): string[][] {
  return load().byWord.get(term) ?? [];
}
