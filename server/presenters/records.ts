// Record pages as view models: a record from domain/records, the reader's locale and the
// vocabulary in, everything the template shows out — labels and definitions resolved,
// each text in the page's language (or the other one, marked, with its `lang`), links
// built, amounts and dates formatted, empty sections left out (null or []). Templates
// only loop and test.
import type { Locale } from '../search/types.ts';
import type { RecordKind } from '../../db/schema.ts';
import type { Vocabulary, VocabularyKind } from '../domain/labels.ts';
import type {
  Area,
  AreaSummary,
  Event,
  FundingLine,
  Initiative,
  InitiativeSummary,
  Organisation,
  OrganisationSummary,
  Programme,
  ProgrammeSummary,
  RecordLink,
  Resource,
  ResourceFilters,
  ResourceSummary,
  Source,
  Text,
} from '../schemas/records.ts';
import type { ResourceFilterValues } from '../domain/records/resources.ts';
import { t, formatNumber } from '../i18n/index.ts';
import { displayTitle } from './record-text.ts';

export interface Context {
  locale: Locale;
  vocab: Vocabulary;
  /** The public origin, for the permalink shown on the page. */
  origin: string;
}

/** A text to show: in the page's language, or else the other one (`fallback`, for a note). */
export interface TextView {
  text: string;
  lang: string;
  fallback: boolean;
  /** When `fallback`: the note saying so, in a sentence and short. */
  note: string | null;
  noteShort: string | null;
}

export interface TermView {
  code: string;
  label: string;
  definition: string | null;
}

export interface LinkView {
  href: string;
  text: string;
  lang: string | null;
}

export interface SourceView {
  url: string;
  title: string;
  lang: string | null;
  meta: string | null;
  kind: TermView;
  /** For a copy or mirror: "A copy; the original was published by …". */
  copyNote: string | null;
  /** "The link did not answer at the last check (date)", when it was broken or unreachable. */
  deadNote: string | null;
}

/** Where each kind's pages live, and the one-letter permalink prefix. */
export const RECORD_ROUTES = {
  initiative: { path: '/initiatives', permalink: '/i' },
  programme: { path: '/programmes', permalink: '/p' },
  area: { path: '/areas', permalink: '/a' },
  organisation: { path: '/organisations', permalink: '/o' },
  event: { path: '/events', permalink: '/e' },
  resource: { path: '/resources', permalink: '/r' },
} as const;
export type PageKind = keyof typeof RECORD_ROUTES;

export const prefixOf = (locale: Locale) => (locale === 'en' ? '/en' : '');

/** The public suggestion form, set to correct this record. */
export const suggestChangePath = (kind: RecordKind, ref: string, locale: Locale) =>
  `${prefixOf(locale)}/suggest?${new URLSearchParams({ kind, ref })}`;

export function recordPath(kind: PageKind, slug: string, locale: Locale): string {
  return `${prefixOf(locale)}${RECORD_ROUTES[kind].path}/${encodeURIComponent(slug)}`;
}

export function permalinkOf(kind: PageKind, ref: string, ctx: Context): LinkView {
  const path = `${prefixOf(ctx.locale)}${RECORD_ROUTES[kind].permalink}/${encodeURIComponent(ref)}`;
  return { href: path, text: ctx.origin + path, lang: null };
}

export function pickText(text: Text | null | undefined, locale: Locale): TextView | null {
  if (!text) return null;
  const own = text[locale]?.trim();
  if (own) return { text: own, lang: locale, fallback: false, note: null, noteShort: null };
  const other: Locale = locale === 'nb' ? 'en' : 'nb';
  const theirs = text[other]?.trim();
  if (!theirs) return null;
  const [note, noteShort] = other === 'en' ? ['record.onlyIn.en', 'record.onlyInShort.en'] : ['record.onlyIn.nb', 'record.onlyInShort.nb'];
  return { text: theirs, lang: other, fallback: true, note: t(locale, note), noteShort: t(locale, noteShort) };
}

export function termOf(ctx: Context, kind: VocabularyKind, code: string): TermView {
  const label = ctx.vocab[kind]?.get(code)?.[ctx.locale] ?? code;
  const definition = ctx.vocab.definitions[kind]?.get(code)?.[ctx.locale] || null;
  return { code, label, definition };
}

const termOrNull = (ctx: Context, kind: VocabularyKind, code: string | null) => (code ? termOf(ctx, kind, code) : null);

export function linkOf(kind: PageKind, link: RecordLink, locale: Locale): LinkView {
  return { href: recordPath(kind, link.slug, locale), text: link.name[locale], lang: link.lang[locale] };
}

/** The note for a link that was broken or unreachable at its last check, else null. */
export function deadLinkNote(locale: Locale, linkStatus: string | null | undefined, lastChecked: string | null | undefined): string | null {
  if (linkStatus !== 'broken' && linkStatus !== 'unreachable') return null;
  return lastChecked ? t(locale, 'record.linkDead', { date: formatDate(locale, lastChecked) }) : t(locale, 'record.linkDeadUndated');
}

export function sourceOf(ctx: Context, s: Source): SourceView {
  const copyNote =
    s.kind === 'copy'
      ? s.originalPublisher
        ? t(ctx.locale, 'record.sourceCopy', { publisher: s.originalPublisher })
        : t(ctx.locale, 'record.sourceCopyUnknown')
      : null;
  return {
    url: s.url,
    title: s.title,
    lang: s.language,
    meta: [s.publisher, s.year].filter((x) => x !== null && x !== '').join(', ') || null,
    kind: termOf(ctx, 'source-kind', s.kind),
    copyNote,
    deadNote: deadLinkNote(ctx.locale, s.linkStatus, s.lastChecked),
  };
}

const sourceOrNull = (ctx: Context, s: Source | null) => (s ? sourceOf(ctx, s) : null);

/** "2008–2012", "from 2008, end unknown", "from 2008 (ongoing)", "unknown". */
export function periodText(locale: Locale, start: number | null, end: number | null, status?: string): string {
  if (start && end) return start === end ? String(start) : `${start}–${end}`;
  if (start && status === 'ongoing') return t(locale, 'record.periodOngoing', { start });
  if (start && status === 'unknown-end') return t(locale, 'record.periodUnknownEnd', { start });
  if (start) return t(locale, 'record.periodFrom', { start });
  if (end) return t(locale, 'record.periodUntil', { end });
  return t(locale, 'record.periodUnknown');
}

const MONEY = new Map<string, Intl.NumberFormat>();
export function formatAmount(locale: Locale, amount: number, currency: string | null): string {
  if (!currency) return formatNumber(locale, amount);
  const key = `${locale}:${currency}`;
  let format = MONEY.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'nb-NO', { style: 'currency', currency, maximumFractionDigits: 0 });
    MONEY.set(key, format);
  }
  return format.format(amount);
}

/** A date as the source gives it (YYYY, YYYY-MM or YYYY-MM-DD), in words. */
export function formatDate(locale: Locale, date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const tag = locale === 'en' ? 'en-GB' : 'nb-NO';
  if (d) return new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
  if (m) return new Intl.DateTimeFormat(tag, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
  return String(y);
}

// ---- pieces shared by several pages ---------------------------------------------------

export interface QualityView {
  confidence: TermView;
  note: TextView | null;
  lastVerified: string | null;
  /** Shown as a warning near the top: anything short of verified. */
  warn: boolean;
}

function qualityOf(ctx: Context, r: { confidence: string; confidenceNote: Text; lastVerified: string | null }): QualityView {
  return {
    confidence: termOf(ctx, 'confidence', r.confidence),
    note: pickText(r.confidenceNote, ctx.locale),
    lastVerified: r.lastVerified ? formatDate(ctx.locale, r.lastVerified) : null,
    warn: r.confidence !== 'verified',
  };
}

export interface InitiativeItemView {
  href: string;
  title: { text: string; lang: string };
  period: string;
}

export function initiativeItems(ctx: Context, list: InitiativeSummary[]): InitiativeItemView[] {
  return list.map((i) => ({
    href: recordPath('initiative', i.slug, ctx.locale),
    title: displayTitle(i, ctx.locale),
    period: periodText(ctx.locale, i.periodStart, i.periodEnd, i.status),
  }));
}

export interface ResourceItemView {
  href: string;
  title: { text: string; lang: string | null };
  kind: TermView;
  when: string | null;
  people: string | null;
  event: LinkView | null;
}

function resourceTitle(r: Pick<ResourceSummary, 'titleNb' | 'titleEn' | 'titleOriginal' | 'language'>, locale: Locale) {
  const own = locale === 'nb' ? r.titleNb : r.titleEn;
  return own ? { text: own, lang: locale as string | null } : { text: r.titleOriginal, lang: r.language };
}

export function resourceItems(ctx: Context, list: ResourceSummary[]): ResourceItemView[] {
  return list.map((r) => ({
    href: recordPath('resource', r.slug, ctx.locale),
    title: resourceTitle(r, ctx.locale),
    kind: termOf(ctx, 'resource-kind', r.kind),
    when: r.date ? formatDate(ctx.locale, r.date) : r.year ? String(r.year) : null,
    people: r.people.length ? r.people.join(', ') : null,
    event: r.event ? linkOf('event', r.event, ctx.locale) : null,
  }));
}

export interface FundingView {
  amount: string | null;
  year: number | null;
  funder: LinkView | null;
  text: TextView | null;
  source: SourceView | null;
}

function fundingOf(ctx: Context, lines: FundingLine[]): FundingView[] {
  return lines.map((f) => ({
    amount: f.amount === null ? null : formatAmount(ctx.locale, f.amount, f.currency),
    year: f.year,
    funder: f.funder ? linkOf('organisation', f.funder, ctx.locale) : null,
    text: pickText(f.text, ctx.locale),
    source: sourceOrNull(ctx, f.source),
  }));
}

export interface RoleListView {
  link: LinkView;
  roles: TermView[];
  /** The roles' labels in one phrase ("Lead, Funder"); null without roles. */
  rolesText: string | null;
}

/** Links with roles, one entry per record with all its roles (in first-seen order). */
function byRecord(ctx: Context, kind: PageKind, rows: (RecordLink & { role: string })[]): RoleListView[] {
  const out = new Map<string, RoleListView>();
  for (const row of rows) {
    let entry = out.get(row.ref);
    if (!entry) out.set(row.ref, (entry = { link: linkOf(kind, row, ctx.locale), roles: [], rolesText: null }));
    if (!entry.roles.some((r) => r.code === row.role)) entry.roles.push(termOf(ctx, 'organisation-role', row.role));
  }
  for (const entry of out.values()) entry.rolesText = entry.roles.map((r) => r.label).join(', ') || null;
  return [...out.values()];
}

/** A fact row of a record's summary list: a label and one or more values. */
export interface FactView {
  label: string;
  values: { text: string; lang?: string | null; href?: string; definition?: string | null }[];
  note?: { label: string; text: string; lang: string | null } | null;
  /** A link among the values that was broken or unreachable at its last check. */
  deadNote?: string | null;
}

const countryName = (ctx: Context, code: string | null) => (code ? (ctx.vocab.country.get(code)?.[ctx.locale] ?? code) : null);

// ---- initiative -----------------------------------------------------------------------

export function presentInitiative(i: Initiative, ctx: Context) {
  const { locale } = ctx;
  const title = displayTitle(i, locale);
  const summary = pickText(i.summary, locale);
  const facts: FactView[] = [];
  facts.push({ label: t(locale, 'record.country'), values: [{ text: countryName(ctx, i.country)! }] });
  if (i.areas.length) {
    facts.push({
      label: t(locale, i.areas.length > 1 ? 'record.areas' : 'record.area'),
      values: i.areas.map((a) => ({ ...linkOf('area', a, locale), text: a.areaType ? `${a.name[locale]} (${termOf(ctx, 'area-type', a.areaType).label.toLocaleLowerCase(locale === 'en' ? 'en' : 'nb')})` : a.name[locale] })),
    });
  }
  if (i.locationText) facts.push({ label: t(locale, 'record.location'), values: [{ text: i.locationText }] });
  facts.push({ label: t(locale, 'record.period'), values: [{ text: periodText(locale, i.periodStart, i.periodEnd, i.status) }] });
  const status = termOf(ctx, 'status', i.status);
  facts.push({ label: t(locale, 'record.status'), values: [{ text: status.label, definition: status.definition }] });
  const tags = (label: string, kind: VocabularyKind, codes: string[]) =>
    codes.length ? facts.push({ label: t(locale, label), values: codes.map((c) => ({ text: termOf(ctx, kind, c).label })) }) : 0;
  tags('record.measureTypes', 'measure', i.measureTypes);
  tags('record.themes', 'theme', i.themes);
  tags('record.targetGroups', 'target', i.targetGroups);
  const ownWording = i.targetGroupsOriginal[locale].length ? { list: i.targetGroupsOriginal[locale], lang: locale } : { list: i.targetGroupsOriginal[locale === 'nb' ? 'en' : 'nb'], lang: locale === 'nb' ? 'en' : 'nb' };
  if (i.targetGroups.length && ownWording.list.length) {
    facts[facts.length - 1].note = { label: t(locale, 'record.targetGroupsOriginal'), text: ownWording.list.join('; '), lang: ownWording.lang };
  }

  const evidenceNote = pickText(i.evidence.note, locale);
  const evidence = i.evidence.level !== 'not-stated' || evidenceNote ? { level: termOf(ctx, 'evidence', i.evidence.level), note: evidenceNote } : null;
  const outcomes = pickText(i.outcomes, locale);
  const lessons = pickText(i.lessons, locale);
  const continuation = i.continuation
    ? { term: termOf(ctx, 'continuation', i.continuation.code), note: pickText(i.continuation.note, locale), source: sourceOrNull(ctx, i.continuation.source) }
    : null;
  const anchoring = i.anchoring.map((a) => ({ kind: termOf(ctx, 'anchoring', a.kind), text: pickText(a.text, locale), source: sourceOrNull(ctx, a.source) }));
  const organisations = byRecord(ctx, 'organisation', i.organisations);
  const programmes = i.programmes.map((p) => ({ link: linkOf('programme', p, locale), role: termOf(ctx, 'programme-role', p.role) }));
  const funding = fundingOf(ctx, i.funding);

  return {
    ref: i.ref,
    slug: i.slug,
    title,
    originalTitle: i.titleOriginal && i.titleOriginal !== title.text ? { text: i.titleOriginal, lang: i.originalLanguage ?? 'und' } : null,
    englishTitle: locale === 'nb' && i.titleEn !== title.text && i.titleEn !== i.titleOriginal ? { text: i.titleEn, lang: 'en' } : null,
    description: (summary?.text ?? '').slice(0, 160),
    permalink: permalinkOf('initiative', i.ref, ctx),
    quality: qualityOf(ctx, i),
    summary,
    facts,
    participation: i.participation.map((p) => ({
      method: termOf(ctx, 'participation-method', p.method),
      who: pickText(p.who, locale),
      count: p.count === null ? null : formatNumber(locale, p.count),
      stage: termOrNull(ctx, 'participation-stage', p.stage),
      influence: termOrNull(ctx, 'influence', p.influence),
      text: pickText(p.text, locale),
      source: sourceOrNull(ctx, p.source),
    })),
    anchoring: anchoring.length || continuation ? { entries: anchoring, continuation } : null,
    actors: organisations.length || programmes.length || funding.length ? { organisations, programmes, funding } : null,
    results: outcomes || evidence ? { outcomes, evidence } : null,
    lessons: lessons ? { text: lessons, source: sourceOrNull(ctx, i.lessonsSource) } : null,
    notes: pickText(i.notes, locale),
    related: i.related.map((r) => ({ link: linkOf('initiative', r, locale), relation: termOf(ctx, 'relation', r.relation) })),
    resources: resourceItems(ctx, i.resources),
    sources: i.sources.map((s) => sourceOf(ctx, s)),
  };
}

// ---- programme ------------------------------------------------------------------------

const ORIGINAL_LANGUAGE: Record<string, string> = { NO: 'nb', SE: 'sv', DK: 'da', 'GB-SCT': 'en' };

function programmeName(p: Pick<ProgrammeSummary, 'nameNb' | 'nameOriginal' | 'nameEn' | 'country'>, locale: Locale) {
  if (locale === 'en') return { text: p.nameEn, lang: 'en' };
  if (p.nameNb) return { text: p.nameNb, lang: 'nb' };
  return { text: p.nameOriginal, lang: ORIGINAL_LANGUAGE[p.country] ?? 'und' };
}

export function presentProgramme(p: Programme, ctx: Context) {
  const { locale } = ctx;
  const name = programmeName(p, locale);
  const facts: FactView[] = [
    { label: t(locale, 'record.country'), values: [{ text: countryName(ctx, p.country)! }] },
    { label: t(locale, 'record.period'), values: [{ text: periodText(locale, p.periodStart, p.periodEnd) }] },
  ];
  if (p.level) {
    const level = termOf(ctx, 'programme-level', p.level);
    facts.push({ label: t(locale, 'record.level'), values: [{ text: level.label, definition: level.definition }] });
  }
  const responsible = p.responsible[locale].length ? { list: p.responsible[locale], lang: locale } : { list: p.responsible[locale === 'nb' ? 'en' : 'nb'], lang: locale === 'nb' ? 'en' : 'nb' };
  if (responsible.list.length) facts.push({ label: t(locale, 'record.responsible'), values: responsible.list.map((r) => ({ text: r, lang: responsible.lang })) });
  const texts = (
    [
      ['record.goals', p.goals],
      ['record.structure', p.structure],
      ['record.population', p.population],
      ['record.budget', p.budget],
      ['record.keyFindings', p.keyFindings],
      ['record.notes', p.note],
    ] as const
  )
    .map(([key, text]) => ({ heading: t(locale, key), text: pickText(text, locale) }))
    .filter((x): x is { heading: string; text: TextView } => x.text !== null);
  const evaluations = p.evaluations[locale].length
    ? p.evaluations[locale].map((e) => ({ text: e, lang: locale }))
    : p.evaluations[locale === 'nb' ? 'en' : 'nb'].map((e) => ({ text: e, lang: locale === 'nb' ? 'en' : 'nb' }));
  return {
    ref: p.ref,
    slug: p.slug,
    title: name,
    otherName:
      locale === 'nb'
        ? p.nameEn !== name.text ? { label: t(locale, 'record.nameEnglish'), text: p.nameEn, lang: 'en' } : null
        : p.nameOriginal !== name.text ? { label: t(locale, 'record.originalTitle'), text: p.nameOriginal, lang: ORIGINAL_LANGUAGE[p.country] ?? 'und' } : null,
    permalink: permalinkOf('programme', p.ref, ctx),
    quality: qualityOf(ctx, p),
    facts,
    organisations: byRecord(ctx, 'organisation', p.organisations),
    budgetLines: fundingOf(ctx, p.budgetLines),
    texts,
    evaluations,
    areas: p.areas.map((a) => ({
      link: linkOf('area', a, locale),
      period: a.periodStart || a.periodEnd ? periodText(locale, a.periodStart, a.periodEnd) : null,
    })),
    initiativeCount: p.initiatives.length,
    initiatives: initiativeItems(ctx, p.initiatives),
    searchUrl: `${prefixOf(locale)}/?programme=${encodeURIComponent(p.slug)}`,
    resources: resourceItems(ctx, p.resources),
    sources: p.sources.map((s) => sourceOf(ctx, s)),
  };
}

export function presentProgrammeList(list: ProgrammeSummary[], ctx: Context) {
  return groupByCountry(ctx, list, (p) => p.country).map((g) => ({
    heading: g.heading,
    items: g.items.map((p) => {
      const name = programmeName(p, ctx.locale);
      return {
        href: recordPath('programme', p.slug, ctx.locale),
        text: name.text,
        lang: name.lang,
        meta: `${periodText(ctx.locale, p.periodStart, p.periodEnd)}; ${t(ctx.locale, 'record.initiativeCount', { count: p.initiativeCount })}`,
      };
    }),
  }));
}

function groupByCountry<T>(ctx: Context, list: T[], countryOf: (x: T) => string | null) {
  const codes = [...ctx.vocab.order.country, null];
  return codes
    .map((code) => ({
      heading: code ? countryName(ctx, code)! : t(ctx.locale, 'organisations.noCountry'),
      items: list.filter((x) => (countryOf(x) ?? null) === code),
    }))
    .filter((g) => g.items.length > 0);
}

// ---- area -----------------------------------------------------------------------------

export function presentArea(a: Area, ctx: Context) {
  const { locale } = ctx;
  const facts: FactView[] = [{ label: t(locale, 'record.country'), values: [{ text: countryName(ctx, a.country)! }] }];
  if (a.municipality) facts.push({ label: t(locale, 'record.municipality'), values: [{ text: a.municipality }] });
  if (a.district) facts.push({ label: t(locale, 'record.district'), values: [{ text: a.district }] });
  if (a.areaType) {
    const type = termOf(ctx, 'area-type', a.areaType);
    facts.push({ label: t(locale, 'record.areaType'), values: [{ text: type.label, definition: type.definition }] });
  }
  const populationText = pickText(a.population, locale);
  const population =
    a.populationCount || populationText
      ? {
          count: a.populationCount
            ? t(locale, a.populationCount.year ? 'record.populationCountYear' : 'record.populationCountOnly', {
                count: a.populationCount.count,
                year: a.populationCount.year ?? '',
              })
            : null,
          source: a.populationCount?.source ? sourceOf(ctx, a.populationCount.source) : null,
          text: populationText,
        }
      : null;
  return {
    ref: a.ref,
    slug: a.slug,
    title: { text: a.name, lang: ORIGINAL_LANGUAGE[a.country] ?? null },
    permalink: permalinkOf('area', a.ref, ctx),
    quality: qualityOf(ctx, a),
    facts,
    population,
    description: pickText(a.description, locale),
    coordinates: a.coordinates
      ? { text: `${a.coordinates.latitude.toFixed(4)}, ${a.coordinates.longitude.toFixed(4)}`, note: a.coordinates.note }
      : null,
    programmes: a.programmes.map((p) => ({
      link: linkOf('programme', p, locale),
      period: p.periodStart || p.periodEnd ? periodText(locale, p.periodStart, p.periodEnd) : null,
    })),
    initiativeCount: a.initiatives.length,
    initiatives: initiativeItems(ctx, a.initiatives),
    searchUrl: `${prefixOf(locale)}/?area=${encodeURIComponent(a.slug)}`,
    resources: resourceItems(ctx, a.resources),
    sources: a.sources.map((s) => sourceOf(ctx, s)),
  };
}

export function presentAreaList(list: AreaSummary[], ctx: Context) {
  return groupByCountry(ctx, list, (a) => a.country).map((g) => ({
    heading: g.heading,
    items: g.items.map((a) => ({
      href: recordPath('area', a.slug, ctx.locale),
      text: a.name,
      lang: ORIGINAL_LANGUAGE[a.country] ?? null,
      meta: [[a.municipality, a.district].filter(Boolean).join(', '), t(ctx.locale, 'record.initiativeCount', { count: a.initiativeCount })]
        .filter(Boolean)
        .join('; '),
    })),
  }));
}

// ---- organisation ---------------------------------------------------------------------

function organisationName(o: Pick<OrganisationSummary, 'name' | 'nameEn' | 'shortName' | 'country'>, locale: Locale) {
  if (locale === 'en' && o.nameEn) return { text: o.nameEn, lang: 'en' };
  return { text: o.name, lang: o.country ? (ORIGINAL_LANGUAGE[o.country] ?? null) : null };
}

export function presentOrganisation(o: Organisation, ctx: Context) {
  const { locale } = ctx;
  const name = organisationName(o, locale);
  const kind = termOf(ctx, 'organisation-kind', o.kind);
  const facts: FactView[] = [{ label: t(locale, 'record.kind'), values: [{ text: kind.label, definition: kind.definition }] }];
  if (o.shortName) facts.push({ label: t(locale, 'record.shortName'), values: [{ text: o.shortName }] });
  if (name.text !== o.name) facts.push({ label: t(locale, 'record.originalName'), values: [{ text: o.name, lang: o.country ? (ORIGINAL_LANGUAGE[o.country] ?? null) : null }] });
  if (o.country) facts.push({ label: t(locale, 'record.country'), values: [{ text: countryName(ctx, o.country)! }] });
  if (o.website) {
    facts.push({
      label: t(locale, 'record.website'),
      values: [{ text: o.website, href: o.website }],
      deadNote: deadLinkNote(locale, o.websiteCheck?.linkStatus, o.websiteCheck?.lastChecked),
    });
  }
  return {
    ref: o.ref,
    slug: o.slug,
    title: name,
    permalink: permalinkOf('organisation', o.ref, ctx),
    quality: qualityOf(ctx, o),
    facts,
    description: pickText(o.description, locale),
    initiatives: byRecord(ctx, 'initiative', o.initiatives),
    programmes: byRecord(ctx, 'programme', o.programmes),
    events: byRecord(ctx, 'event', o.events),
    resources: resourceItems(ctx, o.resources),
    sources: o.source ? [sourceOf(ctx, o.source)] : [],
  };
}

/** Organisations grouped by country (those without one last), each with its kind. */
export function presentOrganisationList(list: OrganisationSummary[], ctx: Context) {
  return groupByCountry(ctx, list, (o) => o.country).map((g) => ({
    heading: g.heading,
    items: g.items.map((o) => {
      const name = organisationName(o, ctx.locale);
      return {
        href: recordPath('organisation', o.slug, ctx.locale),
        text: name.text,
        lang: name.lang,
        meta: [o.shortName, termOf(ctx, 'organisation-kind', o.kind).label].filter(Boolean).join('; '),
      };
    }),
  }));
}

// ---- event ----------------------------------------------------------------------------

export function presentEvent(e: Event, ctx: Context) {
  const { locale } = ctx;
  const notFound = e.notFound[locale].length
    ? { items: e.notFound[locale], lang: locale }
    : e.notFound[locale === 'nb' ? 'en' : 'nb'].length
      ? { items: e.notFound[locale === 'nb' ? 'en' : 'nb'], lang: locale === 'nb' ? 'en' : 'nb' }
      : null;
  return {
    ref: e.ref,
    slug: e.slug,
    title: { text: e.name[locale], lang: locale },
    permalink: permalinkOf('event', e.ref, ctx),
    quality: qualityOf(ctx, e),
    date: e.date ? formatDate(locale, e.date) : null,
    /** Said in words when no source gives the date. */
    dateMissing: e.date === null,
    dateNote: pickText(e.dateNote, locale),
    place: pickText(e.place, locale),
    audience: pickText(e.audience, locale),
    description: pickText(e.description, locale),
    organisers: byRecord(ctx, 'organisation', e.organisers),
    resources: resourceItems(ctx, e.resources),
    notFound,
    sources: e.source ? [sourceOf(ctx, e.source)] : [],
  };
}

// ---- resource -------------------------------------------------------------------------

export function presentResource(r: Resource, ctx: Context) {
  const { locale } = ctx;
  const title = resourceTitle(r, locale);
  const kind = termOf(ctx, 'resource-kind', r.kind);
  const facts: FactView[] = [{ label: t(locale, 'record.kind'), values: [{ text: kind.label, definition: kind.definition }] }];
  if (r.event) facts.push({ label: t(locale, 'resource.event'), values: [linkOf('event', r.event, locale)] });
  if (r.date) facts.push({ label: t(locale, 'resource.date'), values: [{ text: formatDate(locale, r.date) }] });
  else if (r.year) facts.push({ label: t(locale, 'resource.year'), values: [{ text: String(r.year) }] });
  const subjects = [
    ...r.subjects.initiatives.map((l) => linkOf('initiative', l, locale)),
    ...r.subjects.programmes.map((l) => linkOf('programme', l, locale)),
    ...r.subjects.areas.map((l) => linkOf('area', l, locale)),
  ];
  return {
    ref: r.ref,
    slug: r.slug,
    title,
    otherTitles: [
      r.titleOriginal !== title.text ? { label: t(locale, 'record.originalTitle'), text: r.titleOriginal, lang: r.language } : null,
      locale === 'nb' && r.titleEn && r.titleEn !== title.text && r.titleEn !== r.titleOriginal
        ? { label: t(locale, 'record.englishTitle'), text: r.titleEn, lang: 'en' }
        : null,
    ].filter((x) => x !== null),
    permalink: permalinkOf('resource', r.ref, ctx),
    quality: qualityOf(ctx, r),
    facts,
    people: r.people.map((p) => ({
      name: p.name,
      role: p.role,
      organisation: p.organisation ? linkOf('organisation', p.organisation, locale) : null,
    })),
    summary: pickText(r.summary, locale),
    notes: pickText(r.notes, locale),
    links: r.links.map((l) => ({ href: l.url, kind: termOf(ctx, 'link-kind', l.kind), deadNote: deadLinkNote(locale, l.linkStatus, l.lastChecked) })),
    subjects,
  };
}

/** The resource list page: the form's options (selected marked), the hits, and counts. */
export function presentResourceList(
  list: ResourceSummary[],
  filters: ResourceFilters,
  values: ResourceFilterValues,
  ctx: Context,
) {
  const { locale } = ctx;
  const chosen = filters as Record<string, string | number | undefined>;
  const option = (value: string, label: string, name: string) => ({ value, label, selected: String(chosen[name] ?? '') === value });
  const select = (name: string, options: { value: string; label: string; selected: boolean }[]) => ({
    name,
    id: `filter-${name}`,
    label: t(locale, `resources.filter.${name}`),
    options: [{ value: '', label: t(locale, 'resources.any'), selected: !chosen[name] }, ...options],
  });
  const named = (x: { slug: string; nb: string; en: string }) => x[locale];
  return {
    q: (filters.q as string | undefined) ?? '',
    selects: [
      select('kind', values.kinds.map((k) => option(k, termOf(ctx, 'resource-kind', k).label, 'kind'))),
      select('country', values.countries.map((c) => option(c, countryName(ctx, c)!, 'country'))),
      select('programme', values.programmes.map((p) => option(p.slug, named(p), 'programme'))),
      select('area', values.areas.map((a) => option(a.slug, named(a), 'area'))),
      select('year', values.years.map((y) => option(String(y), String(y), 'year'))),
      select('organisation', values.organisations.map((o) => option(o.slug, named(o), 'organisation'))),
    ],
    filtered: Object.values(filters).some((v) => v !== undefined && v !== ''),
    clearUrl: `${prefixOf(locale)}/resources`,
    count: t(locale, list.length === 1 ? 'resources.countOne' : 'resources.count', { count: list.length }),
    items: resourceItems(ctx, list),
  };
}

