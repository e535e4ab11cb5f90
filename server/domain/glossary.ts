// The glossary page's words, read from the same file as the search glossary
// (seed/data/glossary.json): each defined word with its definitions and the other
// spellings of its group, which are exactly what a search for it also finds.
import fs from 'node:fs';
import { GLOSSARY_FILE } from '../search/glossary.ts';
import type { Label } from './labels.ts';

export interface GlossaryEntry {
  term: string;
  /** The word's id on the page (/glossary#områdeløft). */
  anchor: string;
  /** Language of the word itself: nb, sv, da or en. */
  language: string;
  definition: Label;
  /** The other words of its group, as written in the file. */
  alsoFinds: string[];
  /** Slug of the programme the word names, when it names one. */
  programme: string | null;
}

interface EntryInput {
  term: string;
  language: string;
  definition: Label;
  programme?: string;
}

interface GroupInput {
  concept: string;
  terms: string[];
  entries?: EntryInput[];
}

/** Every defined word, in alphabetical order (Norwegian collation). Throws with the file name on a malformed entry. */
export function listGlossaryEntries(file = GLOSSARY_FILE): GlossaryEntry[] {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { groups: GroupInput[] };
  const entries: GlossaryEntry[] = [];
  for (const group of parsed.groups) {
    for (const e of group.entries ?? []) {
      if (typeof e.term !== 'string' || !e.definition?.nb || !e.definition?.en || typeof e.language !== 'string') {
        throw new Error(`Glossary ${file}: an entry of "${group.concept}" needs term, language and definition.nb/.en`);
      }
      if (!group.terms.includes(e.term)) {
        // The page promises that the search knows the word: it must be one of the group's terms.
        throw new Error(`Glossary ${file}: "${e.term}" is defined but not a term of "${group.concept}"`);
      }
      entries.push({
        term: e.term,
        anchor: e.term.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-'),
        language: e.language,
        definition: { nb: e.definition.nb, en: e.definition.en },
        alsoFinds: group.terms.filter((t) => t !== e.term),
        programme: e.programme ?? null,
      });
    }
  }
  const collator = new Intl.Collator('nb');
  return entries.sort((a, b) => collator.compare(a.term, b.term));
}
