// The one rule for turning a name into a URL slug, used by the seed build and its
// editorial layer (and by anything else that derives slugs from titles).

// Nordic and other letters that NFKD does not reduce to a plain ASCII letter the way we
// want (ø, æ, å are transliterated as o, ae, a, not ö -> oe etc.).
const TRANSLITERATE: Record<string, string> = {
  å: 'a',
  æ: 'ae',
  ø: 'o',
  ä: 'a',
  ö: 'o',
  é: 'e',
  è: 'e',
  ü: 'u',
  ß: 'ss',
  ð: 'd',
  þ: 'th',
};

/** ASCII kebab-case slug; optionally cut to at most maxLength at a word (hyphen) boundary. */
export function slugify(text: string, maxLength?: number): string {
  const s = slugOrNull(text, maxLength);
  if (s === null) throw new Error(`cannot derive a slug from ${JSON.stringify(text)}`);
  return s;
}

/** As slugify, but null for a text with no letter or digit a slug can keep ("—", "✓", "北京"). */
export function slugOrNull(text: string, maxLength?: number): string | null {
  let s = text.toLowerCase();
  s = s.replace(/[åæøäöéèüßðþ]/g, (ch) => TRANSLITERATE[ch] ?? ch);
  s = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  s = s.replace(/['’‘"“”«»]/g, ''); // residents' house -> residents-house
  s = s.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (maxLength !== undefined && s.length > maxLength) {
    const cut = s.slice(0, maxLength + 1);
    const lastHyphen = cut.lastIndexOf('-');
    s = (lastHyphen > 0 ? cut.slice(0, lastHyphen) : s.slice(0, maxLength)).replace(/-+$/g, '');
  }
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s) ? s : null;
}
