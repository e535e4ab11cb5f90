// How æ and å reach Meilisearch without being folded away, one letter for one letter.
//
// Meilisearch normalises text itself (its tokenizer, charabia): it keeps ø, but writes æ
// as "ae" and strips the ring from å (å→a). The embedded engine keeps all three apart
// ("gardrum" is not "gårdrum"), so the searchable text and the query carry æ and å as two
// Latin letters Meilisearch leaves alone (no decomposition, no ligature rule): æ→ɛ (U+025B),
// å→ɑ (U+0251). Already-folded text holds no ä or ö (text.ts folds them to æ and ø).
//
// One character for one character matters: Meilisearch decides how many typos a word may
// have from its length (minWordSizeForTypos) and counts a typo on the first letter double.
// An encoding that lengthened words ("gårdrum" as "gqardrum", 8 letters) would grant a
// typo to a 7-letter word, and one that put a marker letter first would hide the real
// first letter from the first-letter rule.
const ENCODE: Record<string, string> = { æ: '\u025b', å: '\u0251' };
const DECODE: Record<string, string> = { '\u025b': 'æ', '\u0251': 'å' };

/** Spells æ and å (in already folded text) so Meilisearch keeps them apart from ae and a. */
export function encodeNordic(folded: string): string {
  return folded.replace(/[æå]/g, (c) => ENCODE[c]);
}

/** The folded text back from its encoded form (for messages and tests). */
export function decodeNordic(encoded: string): string {
  return encoded.replace(/[\u025b\u0251]/g, (c) => DECODE[c]);
}
