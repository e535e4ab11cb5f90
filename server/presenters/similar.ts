// Comparable initiatives as the initiative page and the API show them: each with a link,
// its country and a line saying what it shares ("Også sosial + kulturell, ungdom,
// drabantby"), in the page's language, and a link comparing the two side by side.
import type { Locale } from '../search/types.ts';
import type { Vocabulary, VocabularyKind } from '../domain/labels.ts';
import type { SharedCodes, SimilarInitiative } from '../domain/similar.ts';
import { t } from '../i18n/index.ts';
import { RECORD_ROUTES, linkOf, type Context, type LinkView } from './records.ts';
import { compareUrl } from './compare.ts';

const lower = (text: string, locale: Locale) => text.toLocaleLowerCase(locale === 'en' ? 'en' : 'nb');

/** "Også sosial + kulturell, ungdom, drabantby": the shared labels, grouped by what they are. */
export function whyLine(vocab: Vocabulary, shared: SharedCodes, locale: Locale): string {
  const labels = (kind: VocabularyKind, codes: string[]) => codes.map((c) => lower(vocab[kind]?.get(c)?.[locale] ?? c, locale));
  const groups = [
    labels('measure', shared.measureTypes).join(' + '),
    labels('theme', shared.themes).join(' + '),
    labels('target', shared.targetGroups).join(', '),
    labels('area-type', shared.areaTypes).join(', '),
    labels('participation-method', shared.participation).join(', '),
  ].filter((g) => g !== '');
  return t(locale, 'similar.why', { list: groups.join(', ') });
}

export interface SimilarItemView {
  link: LinkView;
  country: string;
  why: string;
  /** This initiative and that one, side by side. */
  compareUrl: string;
  compareLabel: string;
}

export function presentSimilar(selfRef: string, list: SimilarInitiative[], ctx: Context): SimilarItemView[] {
  return list.map((s) => ({
    link: linkOf('initiative', s.initiative, ctx.locale),
    country: ctx.vocab.country.get(s.country)?.[ctx.locale] ?? s.country,
    why: whyLine(ctx.vocab, s.shared, ctx.locale),
    compareUrl: compareUrl([selfRef, s.initiative.ref], ctx.locale),
    compareLabel: t(ctx.locale, 'similar.compareWith', { title: s.initiative.name[ctx.locale] }),
  }));
}

/** The API's item: the domain's fields, the why line in both languages, and where it lives. */
export function similarApiItem(s: SimilarInitiative, vocab: Vocabulary) {
  return {
    ...s,
    why: { nb: whyLine(vocab, s.shared, 'nb'), en: whyLine(vocab, s.shared, 'en') },
    url: `${RECORD_ROUTES.initiative.path}/${encodeURIComponent(s.initiative.slug)}`,
    permalink: `${RECORD_ROUTES.initiative.permalink}/${encodeURIComponent(s.initiative.ref)}`,
  };
}
