// What a Meilisearch server reads of a query, checked against its source (1.x): only the
// first 10 words. The app never sends more (text.ts stops at MAX_QUERY_TERMS, which is
// this number); capWords() is the last guard for whatever builds the query text.
export const MEILI_MAX_QUERY_WORDS = 10;

/** The first MEILI_MAX_QUERY_WORDS space-separated words of an already folded query text. */
export function capWords(text: string, max = MEILI_MAX_QUERY_WORDS): string {
  const words = text.split(' ').filter((w) => w !== '');
  return words.length <= max ? text : words.slice(0, max).join(' ');
}
