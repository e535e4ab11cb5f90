// The comparison page as a view model: one column per initiative, one row per aspect,
// each row marked when its values differ; the URLs that add, remove and filter are built
// here so the page works as plain links. Also the "add to comparison" links that search
// hits and initiative pages carry.
import type { Locale } from '../search/types.ts';
import type { Initiative } from '../schemas/records.ts';
import { t } from '../i18n/index.ts';
import { MAX_COMPARE } from '../domain/compare.ts';
import { displayTitle } from './record-text.ts';
import { formatAmount, linkOf, periodText, pickText, prefixOf, recordPath, sourceOf, termOf, type Context } from './records.ts';

/** `/compare?ids=A,B` (`/en/compare?…` in English); `onlyDifferences` adds `diff=1`. */
export function compareUrl(refs: string[], locale: Locale, onlyDifferences = false): string {
  const ids = refs.map((r) => encodeURIComponent(r)).join(',');
  return `${prefixOf(locale)}/compare?ids=${ids}${onlyDifferences ? '&diff=1' : ''}`;
}

/** The refs already being gathered for a comparison (the `compare` parameter), deduplicated and bounded. */
export function parseCompareParam(raw: unknown): string[] {
  const value = Array.isArray(raw) ? raw.join(',') : typeof raw === 'string' ? raw : '';
  const refs = value
    .split(',')
    .map((r) => r.trim())
    .filter((r) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/.test(r));
  return [...new Set(refs)].slice(0, MAX_COMPARE);
}

/**
 * Where "add to comparison" leads for the initiative `ref`, given the refs gathered so far
 * (`gathered`) and the page to come back to (`backTo`, a path with its query): with two or
 * more the comparison itself; with one, back to `backTo` carrying `compare=ref` so the next
 * add completes the pair. Null when it is already in the comparison or the comparison is full.
 */
export function addToCompareUrl(ref: string, gathered: string[], backTo: string, locale: Locale): string | null {
  if (gathered.includes(ref) || gathered.length >= MAX_COMPARE) return null;
  const next = [...gathered, ref];
  if (next.length >= 2) return compareUrl(next, locale);
  const url = new URL(backTo, 'http://x');
  url.searchParams.set('compare', next.join(','));
  url.searchParams.delete('page');
  return `${url.pathname}${url.search}`;
}

/** The small "comparison (n)" notice on pages that gather refs. */
export function compareIndicator(gathered: string[], locale: Locale) {
  if (gathered.length === 0) return null;
  return {
    /** For the search form's hidden field, so a new search keeps the gathered ones. */
    value: gathered.join(','),
    text: t(locale, 'compare.gathered', { count: gathered.length }),
    url: gathered.length >= 2 ? compareUrl(gathered, locale) : null,
    hint: gathered.length < 2 ? t(locale, 'compare.pickAnother') : null,
  };
}

export interface CompareValue {
  text: string;
  href?: string;
  lang?: string | null;
}

export interface CompareCell {
  values: CompareValue[];
  /** "Not stated", shown dimmed. */
  empty: string | null;
}

export interface CompareRow {
  key: string;
  label: string;
  cells: CompareCell[];
  differs: boolean;
  /** Words for the mark (not colour alone): "Differs". */
  differsText: string | null;
}

const plain = (text: string, lang?: string | null): CompareValue => ({ text, lang: lang ?? undefined });

function rowsOf(i: Initiative, ctx: Context): Record<string, CompareValue[]> {
  const { locale } = ctx;
  const labels = (kind: Parameters<typeof termOf>[1], codes: string[]) => codes.map((c) => plain(termOf(ctx, kind, c).label));
  const text = (x: Initiative['outcomes']) => {
    const v = pickText(x, locale);
    return v ? [plain(v.text, v.lang)] : [];
  };
  const continuation = i.continuation ? [plain(`${t(locale, 'record.continuation')}: ${termOf(ctx, 'continuation', i.continuation.code).label}`)] : [];
  const evidenceNote = pickText(i.evidence.note, locale);
  return {
    country: [plain(ctx.vocab.country.get(i.country)?.[locale] ?? i.country)],
    programmes: i.programmes.map((p) => ({ ...linkOf('programme', p, locale), text: `${p.name[locale]} (${termOf(ctx, 'programme-role', p.role).label})` })),
    areas: i.areas.length ? i.areas.map((a) => linkOf('area', a, locale)) : i.locationText ? [plain(i.locationText)] : [],
    areaTypes: labels('area-type', [...new Set(i.areas.map((a) => a.areaType).filter((x): x is string => x !== null))]),
    period: [plain(`${periodText(locale, i.periodStart, i.periodEnd, i.status)} (${termOf(ctx, 'status', i.status).label.toLocaleLowerCase(locale === 'en' ? 'en' : 'nb')})`)],
    measureTypes: labels('measure', i.measureTypes),
    themes: labels('theme', i.themes),
    targetGroups: labels('target', i.targetGroups),
    participation: labels('participation-method', [...new Set(i.participation.map((p) => p.method))]),
    anchoring: [...labels('anchoring', [...new Set(i.anchoring.map((a) => a.kind))]), ...continuation],
    funding: i.funding.map((f) =>
      plain(
        [f.amount === null ? null : formatAmount(locale, f.amount, f.currency), f.year, f.funder?.name[locale]].filter((x) => x !== null && x !== undefined).join(', ') ||
          pickText(f.text, locale)?.text ||
          t(locale, 'compare.notStated'),
      ),
    ),
    organisations: [...new Map(i.organisations.map((o) => [o.ref, o])).values()].map((o) => linkOf('organisation', o, locale)),
    outcomes: text(i.outcomes),
    evidence:
      i.evidence.level === 'not-stated' && !evidenceNote
        ? []
        : [plain(termOf(ctx, 'evidence', i.evidence.level).label), ...(evidenceNote ? [plain(evidenceNote.text, evidenceNote.lang)] : [])],
    lessons: text(i.lessons),
    sources: i.sources.map((s) => {
      const v = sourceOf(ctx, s);
      return { text: v.title, href: v.url, lang: v.lang };
    }),
  };
}

const ROWS: [string, string][] = [
  ['country', 'record.country'],
  ['programmes', 'record.programmes'],
  ['areas', 'compare.row.areas'],
  ['areaTypes', 'record.areaType'],
  ['period', 'compare.row.period'],
  ['measureTypes', 'record.measureTypes'],
  ['themes', 'record.themes'],
  ['targetGroups', 'record.targetGroups'],
  ['participation', 'compare.row.participation'],
  ['anchoring', 'record.section.anchoring'],
  ['funding', 'record.funding'],
  ['organisations', 'record.organisations'],
  ['outcomes', 'compare.row.outcomes'],
  ['evidence', 'record.evidence'],
  ['lessons', 'record.lessons'],
  ['sources', 'record.sources'],
];

/** The comparison of `initiatives` (2–4, in the URL's order); `onlyDifferences` keeps the rows that differ. */
export function presentComparison(initiatives: Initiative[], ctx: Context, onlyDifferences: boolean) {
  const { locale } = ctx;
  const refs = initiatives.map((i) => i.ref);
  const values = initiatives.map((i) => rowsOf(i, ctx));
  const notStated = t(locale, 'compare.notStated');
  const allRows: CompareRow[] = ROWS.map(([key, labelKey]) => {
    const cells = values.map((v) => ({ values: v[key], empty: v[key].length ? null : notStated }));
    const signatures = new Set(cells.map((c) => JSON.stringify(c.values.map((x) => x.text))));
    const differs = signatures.size > 1;
    return { key, label: t(locale, labelKey), cells, differs, differsText: differs ? t(locale, 'compare.differs') : null };
  });
  const rows = onlyDifferences ? allRows.filter((r) => r.differs) : allRows;
  const differing = allRows.filter((r) => r.differs).length;
  return {
    columns: initiatives.map((i) => {
      const rest = refs.filter((r) => r !== i.ref);
      const title = displayTitle(i, locale);
      return {
        ref: i.ref,
        title,
        href: recordPath('initiative', i.slug, locale),
        // Removing one of two leaves nothing to compare: then the link goes to the other one.
        removeUrl: rest.length >= 2 ? compareUrl(rest, locale, onlyDifferences) : recordPath('initiative', initiatives.find((x) => x.ref === rest[0])!.slug, locale),
        removeLabel: t(locale, 'compare.remove', { title: title.text }),
      };
    }),
    rows,
    onlyDifferences,
    summary: t(locale, 'compare.differingRows', { count: differing, total: allRows.length }),
    noDifferences: onlyDifferences && rows.length === 0 ? t(locale, 'compare.noDifferences') : null,
    toggle: onlyDifferences
      ? { url: compareUrl(refs, locale), text: t(locale, 'compare.showAll') }
      : { url: compareUrl(refs, locale, true), text: t(locale, 'compare.onlyDifferences') },
    addMoreUrl: refs.length < MAX_COMPARE ? `${prefixOf(locale)}/?compare=${refs.map(encodeURIComponent).join(',')}` : null,
    canonicalPath: compareUrl(refs, locale, onlyDifferences),
  };
}

/** A search page whose hits each carry their "add to comparison" link (null: already in it, or full). */
export function withCompareLinks<P extends { url: string; hits: { ref: string }[] }>(page: P, gathered: string[], locale: Locale) {
  return { ...page, hits: page.hits.map((h) => ({ ...h, compareAddUrl: addToCompareUrl(h.ref, gathered, page.url, locale) })) };
}
