// Which text of a record to show in the reader's language, and in which language it is,
// so the page can say so with `lang` (and note when only the other language exists).
import type { Locale } from '../search/types.ts';
import type { InitiativeSummary } from '../schemas/records.ts';

/** The title to show in a locale: the reader's language, else the original, else English. */
export function displayTitle(
  i: Pick<InitiativeSummary, 'titleNb' | 'titleOriginal' | 'titleEn' | 'originalLanguage'>,
  locale: Locale,
): { text: string; lang: string } {
  if (locale === 'en') return { text: i.titleEn, lang: 'en' };
  if (i.titleNb) return { text: i.titleNb, lang: 'nb' };
  if (i.titleOriginal) return { text: i.titleOriginal, lang: i.originalLanguage ?? 'und' };
  return { text: i.titleEn, lang: 'en' };
}

/** The summary to show: the reader's language where written, else the other one. */
export function displaySummary(i: Pick<InitiativeSummary, 'summaryNb' | 'summaryEn'>, locale: Locale): { text: string; lang: string } {
  if (locale === 'nb' && i.summaryNb) return { text: i.summaryNb, lang: 'nb' };
  if (locale === 'en' && i.summaryEn) return { text: i.summaryEn, lang: 'en' };
  return i.summaryEn ? { text: i.summaryEn, lang: 'en' } : { text: i.summaryNb, lang: 'nb' };
}
