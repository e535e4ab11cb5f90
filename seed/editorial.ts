// The editorial layer of the seed: what editors compiled on top of the shared fact base,
// kept in reviewable files under seed/editorial/ and merged here into the catalogue that
// seed/build.ts writes to seed/data/.
//
//   translations-initiatives.json  bokmål texts of every initiative (translated, no new facts)
//   translations-places.json       bokmål texts, name fixes and area types of areas and programmes
//   knowledge.json                 participation, anchoring, continuation, organisations, funding,
//                                  evidence, status, lessons, extra programme links, tag fixes,
//                                  confidence and source kinds — each fact with the source it was read in
//   organisations.json             the organisations those facts name
//   additions.json                 new programmes, areas, initiatives, organisations and sources
//                                  (additions.md), the conference and its talks (conference-talks.json)
//   coordinates.json               area coordinates, each as a cited page states it, and those pages
//
// Everything is checked: an unknown ref, slug or source URL throws, so a typo cannot slip
// into the catalogue. Vocabulary codes are checked by the importer.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { slugify } from './slug.ts';
import type {
  AreaInput,
  EventInput,
  InitiativeInput,
  OrganisationInput,
  ProgrammeInput,
  ResourceInput,
  SourceInput,
  Text,
} from '../server/schemas/catalogue.ts';

export const EDITORIAL_DIR = fileURLToPath(new URL('./editorial/', import.meta.url));

// ---- the first-model records seed/build.ts derives from the fact base ------------------

export interface BaseProgramme {
  slug: string;
  ref: string;
  nameOriginal: string;
  nameEn: string;
  country: string;
  periodStart: number | null;
  periodEnd: number | null;
  responsible: string[];
  goals: string | null;
  budget: string | null;
  structure: string | null;
  population: string | null;
  evaluations: string[];
  keyFindings: string | null;
  note: string | null;
  confidence: string;
  sourceUrls: string[];
}

export interface BaseArea {
  slug: string;
  name: string;
  district: string | null;
  municipality: string | null;
  country: string;
  population: string | null;
  notes: string | null;
  confidence: string;
  programmes: { programme: string; periodStart: number | null; periodEnd: number | null }[];
  sourceUrls: string[];
}

export interface BaseInitiative {
  slug: string;
  ref: string;
  titleNb: string | null;
  titleOriginal: string | null;
  originalLanguage: string | null;
  titleEn: string;
  summaryEn: string;
  locationText: string | null;
  areas: string[];
  programme: string | null;
  country: string;
  periodStart: number | null;
  periodEnd: number | null;
  measureTypes: string[];
  targetGroups: string[];
  targetGroupsOriginal: string[];
  themes: string[];
  outcomes: string | null;
  confidence: string;
  notes: string | null;
  sourceUrls: string[];
}

export interface BaseCatalogue {
  sources: { url: string; title: string; type: string | null; language: string | null; publisher: string | null; year: number | null }[];
  programmes: BaseProgramme[];
  areas: BaseArea[];
  initiatives: BaseInitiative[];
}

export interface EditedCatalogue {
  sources: SourceInput[];
  organisations: OrganisationInput[];
  programmes: ProgrammeInput[];
  areas: AreaInput[];
  initiatives: InitiativeInput[];
  events: EventInput[];
  resources: ResourceInput[];
}

// ---- the editorial files ----------------------------------------------------------------

type Maybe<T> = T | null | undefined;
interface SourcedText {
  text_en?: Maybe<string>;
  text_nb?: Maybe<string>;
  source?: Maybe<string>;
}
interface OrgRole {
  org: string;
  role: string;
  source?: Maybe<string>;
}
interface Funding extends SourcedText {
  amount: Maybe<number>;
  currency: Maybe<string>;
  year: Maybe<number>;
  funder: Maybe<string>;
}
interface Participation extends SourcedText {
  method: string;
  who_en?: Maybe<string>;
  who_nb?: Maybe<string>;
  count?: Maybe<number>;
  stage?: Maybe<string>;
  influence?: Maybe<string>;
}
interface InitiativeKnowledge {
  participation?: Participation[];
  anchoring?: (SourcedText & { kind: string })[];
  continuation?: Maybe<SourcedText & { code: string }>;
  organisations?: OrgRole[];
  funding?: Funding[];
  evidence?: { level: string; basis_en?: Maybe<string>; basis_nb?: Maybe<string> };
  status?: string;
  lessons_en?: Maybe<string>;
  lessons_nb?: Maybe<string>;
  lessonsSource?: Maybe<string>;
  programmes?: { programme: string; role: string; source?: Maybe<string> }[];
  tagFixes?: { addMeasure?: string[]; removeMeasure?: string[]; addTheme?: string[]; removeTheme?: string[] };
  confidence?: string;
  confidenceNote_en?: Maybe<string>;
  confidenceNote_nb?: Maybe<string>;
}
interface Knowledge {
  initiatives?: Record<string, InitiativeKnowledge>;
  programmes?: Record<
    string,
    {
      level?: Maybe<string>;
      organisations?: OrgRole[];
      budgetLines?: Funding[];
      /** Sources an editor read beyond the fact base's (e.g. the page a note about the period rests on). */
      sourceUrls?: string[];
      confidenceNote_en?: Maybe<string>;
      confidenceNote_nb?: Maybe<string>;
    }
  >;
  sources?: Record<string, { kind?: Maybe<string>; originalPublisher?: Maybe<string>; fixedUrl?: Maybe<string> }>;
  duplicateSources?: [string, string][];
}
interface OrganisationFile {
  slug: string;
  name: string;
  shortName?: Maybe<string>;
  nameEn?: Maybe<string>;
  kind: string;
  country?: Maybe<string>;
  website?: Maybe<string>;
  descriptionNb?: Maybe<string>;
  descriptionEn?: Maybe<string>;
  source?: Maybe<string>;
}
interface InitiativeTranslation {
  titleNb?: string;
  summaryNb?: string;
  outcomesNb?: string;
  notesNb?: string;
  targetGroupsOriginalNb?: string[];
  titleEn?: string;
  summaryEn?: string;
  outcomesEn?: string;
}
interface PlacesTranslation {
  areas?: Record<
    string,
    {
      name?: string;
      notesNb?: string;
      notesEn?: string;
      populationNb?: string;
      population?: { count: number | null; year: number | null; source: string | null };
      areaType?: string;
    }
  >;
  programmes?: Record<
    string,
    {
      nameNb?: string;
      goalsNb?: string;
      budgetNb?: string;
      structureNb?: string;
      populationNb?: string;
      keyFindingsNb?: string;
      noteNb?: string;
      /** Replaces the fact base's English note, e.g. to explain a period the sources disagree on. */
      noteEn?: string;
      evaluationsNb?: string[];
      responsibleNb?: string[];
    }
  >;
}
interface AdditionProgramme {
  ref: string;
  slug: string;
  nameOriginal: string;
  nameNb?: Maybe<string>;
  nameEn: string;
  country: string;
  level?: Maybe<string>;
  periodStart: Maybe<number>;
  periodEnd: Maybe<number>;
  goalsEn?: Maybe<string>;
  goalsNb?: Maybe<string>;
  budgetEn?: Maybe<string>;
  budgetNb?: Maybe<string>;
  organisations?: OrgRole[];
  confidence: string;
  confidenceNote_en?: Maybe<string>;
  confidenceNote_nb?: Maybe<string>;
  sourceUrls: string[];
}
interface AdditionArea {
  slug: string;
  name: string;
  district?: Maybe<string>;
  municipality?: Maybe<string>;
  country: string;
  areaType?: Maybe<string>;
  populationNb?: Maybe<string>;
  populationEn?: Maybe<string>;
  notesNb?: Maybe<string>;
  notesEn?: Maybe<string>;
  programmes?: { programme: string; periodStart: Maybe<number>; periodEnd: Maybe<number> }[];
  confidence: string;
  confidenceNote_en?: Maybe<string>;
  confidenceNote_nb?: Maybe<string>;
  sourceUrls: string[];
}
interface AdditionInitiative extends InitiativeKnowledge {
  ref: string;
  titleOriginal?: Maybe<string>;
  originalLanguage?: Maybe<string>;
  titleNb: string;
  titleEn: string;
  summaryNb: string;
  summaryEn: string;
  outcomesNb?: Maybe<string>;
  outcomesEn?: Maybe<string>;
  notesNb?: Maybe<string>;
  notesEn?: Maybe<string>;
  areas?: string[];
  locationText?: Maybe<string>;
  country: string;
  periodStart: Maybe<number>;
  periodEnd: Maybe<number>;
  measureTypes: string[];
  themes: string[];
  targetGroups: string[];
  targetGroupsOriginalEn?: string[];
  targetGroupsOriginalNb?: string[];
  /** Other initiatives this one belongs to or follows, as its sources say. */
  related?: { initiative: string; relation: string }[];
  sourceUrls: string[];
}
interface AdditionSource {
  url: string;
  title: string;
  publisher?: Maybe<string>;
  year?: Maybe<number>;
  language?: Maybe<string>;
  kind?: Maybe<string>;
  originalPublisher?: Maybe<string>;
  type?: Maybe<string>;
}
interface AdditionEvent {
  slug: string;
  nameNb: string;
  nameEn: string;
  organisers: OrgRole[];
  date: Maybe<string>;
  dateNoteNb?: Maybe<string>;
  dateNoteEn?: Maybe<string>;
  placeNb?: Maybe<string>;
  placeEn?: Maybe<string>;
  audienceNb?: Maybe<string>;
  audienceEn?: Maybe<string>;
  descriptionNb?: Maybe<string>;
  descriptionEn?: Maybe<string>;
  notFoundNb?: string[];
  notFoundEn?: string[];
  url: string;
  confidence?: string;
}
interface AdditionResource {
  slug: string;
  kind: string;
  titleOriginal: string;
  titleNb?: Maybe<string>;
  titleEn?: Maybe<string>;
  language?: Maybe<string>;
  year?: Maybe<number>;
  date?: Maybe<string>;
  event?: boolean;
  people?: { name: string; role?: Maybe<string>; organisation?: Maybe<string> }[];
  summaryNb?: Maybe<string>;
  summaryEn?: Maybe<string>;
  links?: { kind: string; url: string }[];
  subjects?: { programmes?: string[]; areas?: string[]; initiatives?: string[] };
  confidence?: string;
  confidenceNote_en?: Maybe<string>;
  confidenceNote_nb?: Maybe<string>;
  notesEn?: Maybe<string>;
  notesNb?: Maybe<string>;
}
interface Additions {
  programmes?: AdditionProgramme[];
  areas?: AdditionArea[];
  areaProgrammeLinks?: { area: string; programme: string; periodStart: Maybe<number>; periodEnd: Maybe<number>; source?: Maybe<string> }[];
  initiatives?: AdditionInitiative[];
  organisations?: OrganisationFile[];
  sources?: AdditionSource[];
  event?: AdditionEvent;
  resources?: AdditionResource[];
}

/** coordinates.json: the pages that state coordinates, and each area's coordinates from one of them. */
interface CoordinatesFile {
  sources?: AdditionSource[];
  areas?: Record<string, { latitude: number; longitude: number; source: string; of?: { nb: string; en: string }; stated?: string }>;
}

/**
 * A page that states degrees, minutes (and seconds) only: its text ("59° 55′ 45″ N, 10° 51′ 39″ E")
 * read as [latitude, longitude] in decimal degrees; west and south are negative.
 */
export function degreesOf(stated: string): [number, number] | null {
  const parts = [...stated.matchAll(/(\d+)\s*°\s*(?:(\d+)\s*[′']\s*)?(?:(\d+(?:[.,]\d+)?)\s*(?:″|''|")\s*)?([NSEWOØ])/g)];
  if (parts.length !== 2) return null;
  const [lat, lon] = parts.map(([, d, m, s, hemisphere]) => {
    const value = Number(d) + Number(m ?? 0) / 60 + Number((s ?? '0').replace(',', '.')) / 3600;
    return hemisphere === 'S' || hemisphere === 'W' ? -value : value;
  });
  return [lat, lon];
}

function fail(message: string): never {
  throw new Error(`seed editorial: ${message}`);
}

function readEditorial<T>(dir: string, name: string, empty: T): T {
  let text: string;
  try {
    text = readFileSync(resolve(dir, name), 'utf8');
  } catch {
    return empty;
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    fail(`${name} is not valid JSON: ${(err as Error).message}`);
  }
}

const text = (nbText: Maybe<string>, enText: Maybe<string>): Text => ({ nb: nbText ?? null, en: enText ?? null });
const country = (code: string) => (code === 'SC' ? 'GB-SCT' : code);
/** The fact base's confidence words, mapped to the fixed list (knowledge.json can override). */
function confidenceOf(value: string, note: Maybe<string>): string {
  if (['verified', 'partly-inferred', 'unverified'].includes(value)) return value;
  // "Derived from" and "not verified" hedge a fact as much as "inferred" does.
  const hedged = /inferred|approximat|recalled|derived|not verified/i.test(note ?? '');
  if (/^seen/i.test(value)) return hedged ? 'partly-inferred' : 'verified';
  if (/^mixed/i.test(value)) return 'partly-inferred';
  return 'unverified';
}
function statusOf(periodEnd: number | null, thisYear: number): string {
  if (periodEnd === null) return 'unknown-end';
  return periodEnd < thisYear ? 'ended' : 'ongoing';
}

/** Merges the editorial files into the base catalogue. */
export function applyEditorial(base: BaseCatalogue, dir = EDITORIAL_DIR, thisYear = new Date().getFullYear()): EditedCatalogue {
  const tInit = readEditorial<Record<string, InitiativeTranslation>>(dir, 'translations-initiatives.json', {});
  const tPlaces = readEditorial<PlacesTranslation>(dir, 'translations-places.json', {});
  const knowledge = readEditorial<Knowledge>(dir, 'knowledge.json', {});
  const orgFile = readEditorial<OrganisationFile[]>(dir, 'organisations.json', []);
  const additions = readEditorial<Additions>(dir, 'additions.json', {});
  const coordinates = readEditorial<CoordinatesFile>(dir, 'coordinates.json', {});

  // ---- sources: kinds, fixed URLs, duplicates dropped -------------------------------
  const renamedUrl = new Map<string, string>();
  for (const [url, s] of Object.entries(knowledge.sources ?? {})) if (s.fixedUrl) renamedUrl.set(url, s.fixedUrl);
  for (const [kept, dropped] of knowledge.duplicateSources ?? []) renamedUrl.set(dropped, renamedUrl.get(kept) ?? kept);
  const url = (u: string) => renamedUrl.get(u) ?? u;
  const sources = new Map<string, SourceInput>();
  for (const s of base.sources) {
    const k = knowledge.sources?.[s.url];
    const u = url(s.url);
    if (sources.has(u)) continue;
    sources.set(u, { ...s, url: u, kind: k?.kind ?? 'publisher', originalPublisher: k?.originalPublisher ?? null });
  }
  for (const s of [...(additions.sources ?? []), ...(coordinates.sources ?? [])]) {
    if (sources.has(s.url)) continue;
    sources.set(s.url, {
      url: s.url,
      title: s.title,
      publisher: s.publisher ?? null,
      year: s.year ?? null,
      type: s.type ?? null,
      language: s.language ?? null,
      kind: s.kind ?? 'publisher',
      originalPublisher: s.originalPublisher ?? null,
    });
  }
  const cite = (u: Maybe<string>, where: string): string | null => {
    if (!u) return null;
    const fixed = url(u);
    if (!sources.has(fixed)) fail(`${where} cites ${u}, which is not a source`);
    return fixed;
  };
  const citeAll = (urls: string[], where: string) => [...new Set(urls.map((u) => cite(u, where)!))];

  // ---- organisations --------------------------------------------------------------
  const orgRef = new Map<string, string>();
  const organisations: OrganisationInput[] = [];
  for (const o of [...orgFile, ...(additions.organisations ?? [])]) {
    if (orgRef.has(o.slug)) fail(`organisation ${o.slug} is defined twice`);
    const ref = `O${String(organisations.length + 1).padStart(3, '0')}`;
    orgRef.set(o.slug, ref);
    organisations.push({
      ref,
      slug: o.slug,
      name: o.name,
      shortName: o.shortName ?? null,
      nameEn: o.nameEn ?? null,
      kind: o.kind,
      country: o.country ? country(o.country) : null,
      website: o.website ?? null,
      description: text(o.descriptionNb, o.descriptionEn),
      sourceUrl: cite(o.source, `organisation ${o.slug}`),
      confidence: 'verified',
    });
  }
  const org = (slug: string, where: string) => orgRef.get(slug) ?? fail(`${where} names an unknown organisation ${slug}`);
  const roles = (list: OrgRole[] | undefined, where: string) =>
    (list ?? []).map((r) => ({ org: org(r.org, where), role: r.role, sourceUrl: cite(r.source, where) }));
  const funding = (list: Funding[] | undefined, where: string) =>
    (list ?? []).map((f) => ({
      amount: f.amount ?? null,
      currency: f.currency ?? null,
      year: f.year ?? null,
      funder: f.funder ? org(f.funder, where) : null,
      text: text(f.text_nb, f.text_en),
      sourceUrl: cite(f.source, where),
    }));

  // ---- programmes -----------------------------------------------------------------
  const programmeRefBySlug = new Map<string, string>();
  const programmes: ProgrammeInput[] = base.programmes.map((p) => {
    const t = tPlaces.programmes?.[p.ref] ?? {};
    const k = knowledge.programmes?.[p.ref] ?? {};
    const where = `programme ${p.ref}`;
    programmeRefBySlug.set(p.slug, p.ref);
    return {
      ref: p.ref,
      slug: p.slug,
      nameOriginal: p.nameOriginal,
      nameNb: t.nameNb ?? null,
      nameEn: p.nameEn,
      country: p.country,
      level: k.level ?? null,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      responsible: { nb: t.responsibleNb ?? [], en: p.responsible },
      goals: text(t.goalsNb, p.goals),
      budget: text(t.budgetNb, p.budget),
      structure: text(t.structureNb, p.structure),
      population: text(t.populationNb, p.population),
      evaluations: { nb: t.evaluationsNb ?? [], en: p.evaluations },
      keyFindings: text(t.keyFindingsNb, p.keyFindings),
      note: text(t.noteNb, t.noteEn ?? p.note),
      organisations: roles(k.organisations, where),
      budgetLines: funding(k.budgetLines, where),
      confidence: confidenceOf(p.confidence, p.note),
      confidenceNote:
        k.confidenceNote_en || k.confidenceNote_nb
          ? text(k.confidenceNote_nb, k.confidenceNote_en)
          : /^(seen|recalled)/i.test(p.confidence)
            ? undefined
            : text(null, p.confidence),
      sourceUrls: citeAll([...p.sourceUrls, ...(k.sourceUrls ?? [])], where),
    };
  });
  for (const p of additions.programmes ?? []) {
    const where = `programme ${p.ref}`;
    if (programmes.some((x) => x.ref === p.ref || x.slug === p.slug)) fail(`${where} exists already`);
    programmes.push({
      ref: p.ref,
      slug: p.slug,
      nameOriginal: p.nameOriginal,
      nameNb: p.nameNb ?? null,
      nameEn: p.nameEn,
      country: country(p.country),
      level: p.level ?? null,
      periodStart: p.periodStart ?? null,
      periodEnd: p.periodEnd ?? null,
      responsible: { nb: [], en: [] },
      goals: text(p.goalsNb, p.goalsEn),
      budget: text(p.budgetNb, p.budgetEn),
      structure: text(null, null),
      population: text(null, null),
      evaluations: { nb: [], en: [] },
      keyFindings: text(null, null),
      note: text(null, null),
      organisations: roles(p.organisations, where),
      budgetLines: [],
      confidence: p.confidence,
      confidenceNote: p.confidenceNote_en || p.confidenceNote_nb ? text(p.confidenceNote_nb, p.confidenceNote_en) : undefined,
      sourceUrls: citeAll(p.sourceUrls, where),
    });
  }
  const programmeRefs = new Set(programmes.map((p) => p.ref));
  const programme = (ref: string, where: string) => {
    const r = programmeRefBySlug.get(ref) ?? ref;
    if (!programmeRefs.has(r)) fail(`${where} names an unknown programme ${ref}`);
    return r;
  };

  // ---- areas ----------------------------------------------------------------------
  const areaRefBySlug = new Map<string, string>();
  let areaCount = 0;
  const nextAreaRef = () => `A${String(++areaCount).padStart(3, '0')}`;
  const areas: AreaInput[] = base.areas.map((a) => {
    const t = tPlaces.areas?.[a.slug] ?? {};
    const where = `area ${a.slug}`;
    const ref = nextAreaRef();
    areaRefBySlug.set(a.slug, ref);
    const name = t.name ?? a.name;
    const slug = t.name ? slugify(name) : a.slug;
    // Editors may name an area by its published slug as well as by the fact base's.
    areaRefBySlug.set(slug, ref);
    return {
      ref,
      slug,
      name,
      district: a.district,
      municipality: a.municipality,
      country: a.country,
      areaType: t.areaType ?? null,
      population: text(t.populationNb, a.population),
      populationCount:
        t.population && t.population.count !== null
          ? { count: t.population.count, year: t.population.year, sourceUrl: cite(t.population.source, where) }
          : null,
      description: text(t.notesNb, t.notesEn ?? a.notes),
      coordinates: null,
      programmes: a.programmes.map((l) => ({ programme: programme(l.programme, where), periodStart: l.periodStart, periodEnd: l.periodEnd })),
      confidence: confidenceOf(a.confidence, a.notes),
      confidenceNote: /^(seen|recalled)/i.test(a.confidence) ? undefined : text(null, a.confidence),
      sourceUrls: citeAll(a.sourceUrls, where),
    };
  });
  for (const a of additions.areas ?? []) {
    const where = `area ${a.slug}`;
    if (areaRefBySlug.has(a.slug)) fail(`${where} exists already`);
    const ref = nextAreaRef();
    areaRefBySlug.set(a.slug, ref);
    areas.push({
      ref,
      slug: a.slug,
      name: a.name,
      district: a.district ?? null,
      municipality: a.municipality ?? null,
      country: country(a.country),
      areaType: a.areaType ?? null,
      population: text(a.populationNb, a.populationEn),
      populationCount: null,
      description: text(a.notesNb, a.notesEn),
      coordinates: null,
      programmes: (a.programmes ?? []).map((l) => ({
        programme: programme(l.programme, where),
        periodStart: l.periodStart ?? null,
        periodEnd: l.periodEnd ?? null,
      })),
      confidence: a.confidence,
      confidenceNote: a.confidenceNote_en || a.confidenceNote_nb ? text(a.confidenceNote_nb, a.confidenceNote_en) : undefined,
      sourceUrls: citeAll(a.sourceUrls, where),
    });
  }
  const area = (slug: string, where: string) => areaRefBySlug.get(slug) ?? fail(`${where} names an unknown area ${slug}`);
  // Coordinates exactly as the cited page states them; the page is also cited by the area.
  // Where the page locates a wider place, the description says so in both languages.
  for (const [slug, c] of Object.entries(coordinates.areas ?? {})) {
    const where = `coordinates of area ${slug}`;
    const target = areas.find((a) => a.ref === area(slug, where))!;
    const sourceUrl = cite(c.source, where) ?? fail(`${where} cites no source`);
    if (c.stated !== undefined) {
      // The decimal degrees must be the page's degrees and minutes, converted and nothing else.
      const d = degreesOf(c.stated) ?? fail(`${where}: "${c.stated}" is not two values in degrees, minutes and seconds`);
      if (Math.abs(d[0] - c.latitude) > 5e-6 || Math.abs(d[1] - c.longitude) > 5e-6) {
        fail(`${where}: ${c.latitude}, ${c.longitude} is not "${c.stated}" (${d[0].toFixed(6)}, ${d[1].toFixed(6)})`);
      }
    }
    target.coordinates = { latitude: c.latitude, longitude: c.longitude, note: null, sourceUrl };
    if (!target.sourceUrls.includes(sourceUrl)) target.sourceUrls.push(sourceUrl);
    if (c.of) {
      if (!c.of.nb || !c.of.en) fail(`${where} names the place it locates in one language only`);
      const add = (d: string | null, sentence: string) => (d ? `${d} ${sentence}` : sentence);
      target.description = {
        nb: add(target.description.nb, `Koordinatene på kartet er de kilden oppgir for ${c.of.nb}, ikke for selve området.`),
        en: add(target.description.en, `The map coordinates are those the source gives for ${c.of.en}, not for the area itself.`),
      };
    }
  }
  for (const l of additions.areaProgrammeLinks ?? []) {
    const where = `area link ${l.area} -> ${l.programme}`;
    const target = areas.find((a) => a.ref === area(l.area, where))!;
    const ref = programme(l.programme, where);
    if (!target.programmes.some((p) => p.programme === ref)) {
      target.programmes.push({ programme: ref, periodStart: l.periodStart ?? null, periodEnd: l.periodEnd ?? null });
    }
    if (l.source) {
      const s = cite(l.source, where)!;
      if (!target.sourceUrls.includes(s)) target.sourceUrls.push(s);
    }
  }

  // ---- initiatives ----------------------------------------------------------------
  const knowledgeFields = (k: InitiativeKnowledge, where: string) => ({
    participation: (k.participation ?? []).map((p) => ({
      method: p.method,
      who: text(p.who_nb, p.who_en),
      count: p.count ?? null,
      stage: p.stage ?? null,
      influence: p.influence ?? null,
      text: text(p.text_nb, p.text_en),
      sourceUrl: cite(p.source, where),
    })),
    anchoring: (k.anchoring ?? []).map((a) => ({ kind: a.kind, text: text(a.text_nb, a.text_en), sourceUrl: cite(a.source, where) })),
    continuation: k.continuation
      ? { code: k.continuation.code, note: text(k.continuation.text_nb, k.continuation.text_en), sourceUrl: cite(k.continuation.source, where) }
      : null,
    organisations: roles(k.organisations, where),
    funding: funding(k.funding, where),
    evidence: { level: k.evidence?.level ?? 'not-stated', note: text(k.evidence?.basis_nb, k.evidence?.basis_en) },
    lessons: text(k.lessons_nb, k.lessons_en),
    lessonsSourceUrl: cite(k.lessonsSource, where),
  });
  const initiatives: InitiativeInput[] = base.initiatives.map((i) => {
    const where = `initiative ${i.ref}`;
    const t = tInit[i.ref] ?? {};
    const k = knowledge.initiatives?.[i.ref] ?? {};
    const fix = k.tagFixes ?? {};
    const edit = (codes: string[], add: string[] = [], remove: string[] = []) => [...codes.filter((c) => !remove.includes(c)), ...add.filter((c) => !codes.includes(c))];
    const programmesOf = [
      ...(i.programme ? [{ programme: programme(i.programme, where), role: 'part-of' }] : []),
      ...(k.programmes ?? []).map((p) => ({ programme: programme(p.programme, where), role: p.role })),
    ].filter((p, n, all) => all.findIndex((q) => q.programme === p.programme && q.role === p.role) === n);
    const extraSources = [...(k.programmes ?? []).map((p) => p.source)].filter((s): s is string => !!s);
    return {
      ref: i.ref,
      slug: i.slug,
      titleNb: i.titleNb ?? t.titleNb ?? null,
      titleOriginal: i.titleOriginal,
      originalLanguage: i.originalLanguage,
      titleEn: t.titleEn ?? i.titleEn,
      summary: text(t.summaryNb, t.summaryEn ?? i.summaryEn),
      outcomes: text(t.outcomesNb, t.outcomesEn ?? i.outcomes),
      notes: text(t.notesNb, i.notes),
      locationText: i.locationText,
      areas: i.areas.map((slug) => area(slug, where)),
      programmes: programmesOf,
      country: i.country,
      periodStart: i.periodStart,
      periodEnd: i.periodEnd,
      status: k.status ?? statusOf(i.periodEnd, thisYear),
      measureTypes: edit(i.measureTypes, fix.addMeasure, fix.removeMeasure),
      themes: edit(i.themes, fix.addTheme, fix.removeTheme),
      targetGroups: i.targetGroups,
      targetGroupsOriginal: { nb: t.targetGroupsOriginalNb ?? [], en: i.targetGroupsOriginal },
      ...knowledgeFields(k, where),
      related: [],
      confidence: k.confidence ?? confidenceOf(i.confidence, i.notes),
      confidenceNote: k.confidenceNote_en || k.confidenceNote_nb ? text(k.confidenceNote_nb, k.confidenceNote_en) : undefined,
      sourceUrls: citeAll([...i.sourceUrls, ...extraSources], where),
    };
  });
  for (const a of additions.initiatives ?? []) {
    const where = `initiative ${a.ref}`;
    if (initiatives.some((i) => i.ref === a.ref)) fail(`${where} exists already`);
    const cited = [
      ...a.sourceUrls,
      ...(a.participation ?? []).map((p) => p.source),
      ...(a.anchoring ?? []).map((p) => p.source),
      ...(a.funding ?? []).map((p) => p.source),
    ].filter((s): s is string => !!s);
    initiatives.push({
      ref: a.ref,
      slug: slugify(a.titleEn, 80),
      titleNb: a.titleNb,
      titleOriginal: a.titleOriginal ?? null,
      originalLanguage: a.originalLanguage ?? null,
      titleEn: a.titleEn,
      summary: text(a.summaryNb, a.summaryEn),
      outcomes: text(a.outcomesNb, a.outcomesEn),
      notes: text(a.notesNb, a.notesEn),
      locationText: a.locationText ?? null,
      areas: (a.areas ?? []).map((slug) => area(slug, where)),
      programmes: (a.programmes ?? []).map((p) => ({ programme: programme(p.programme, where), role: p.role })),
      country: country(a.country),
      periodStart: a.periodStart ?? null,
      periodEnd: a.periodEnd ?? null,
      status: a.status ?? statusOf(a.periodEnd ?? null, thisYear),
      measureTypes: a.measureTypes,
      themes: a.themes,
      targetGroups: a.targetGroups,
      targetGroupsOriginal: { nb: a.targetGroupsOriginalNb ?? [], en: a.targetGroupsOriginalEn ?? [] },
      ...knowledgeFields(a, where),
      related: [],
      confidence: a.confidence ?? 'unverified',
      confidenceNote: a.confidenceNote_en || a.confidenceNote_nb ? text(a.confidenceNote_nb, a.confidenceNote_en) : undefined,
      sourceUrls: citeAll(cited, where),
    });
  }
  const initiativeRefs = new Set(initiatives.map((i) => i.ref));
  for (const ref of [...Object.keys(tInit), ...Object.keys(knowledge.initiatives ?? {})]) {
    if (!initiativeRefs.has(ref)) fail(`an editorial file names an unknown initiative ${ref}`);
  }
  for (const a of additions.initiatives ?? []) {
    const target = initiatives.find((i) => i.ref === a.ref)!;
    for (const r of a.related ?? []) {
      if (!initiativeRefs.has(r.initiative) || r.initiative === a.ref) fail(`initiative ${a.ref} is related to an unknown initiative ${r.initiative}`);
      target.related.push({ initiative: r.initiative, relation: r.relation });
    }
  }

  // ---- the conference and its talks ------------------------------------------------
  const events: EventInput[] = [];
  const e = additions.event;
  if (e) {
    events.push({
      ref: 'E001',
      slug: e.slug,
      name: { nb: e.nameNb, en: e.nameEn },
      date: e.date ?? null,
      dateNote: text(e.dateNoteNb, e.dateNoteEn),
      place: text(e.placeNb, e.placeEn),
      audience: text(e.audienceNb, e.audienceEn),
      description: text(e.descriptionNb, e.descriptionEn),
      notFound: { nb: e.notFoundNb ?? [], en: e.notFoundEn ?? [] },
      organisers: roles(e.organisers, `event ${e.slug}`).map(({ org: o, role }) => ({ org: o, role })),
      sourceUrl: cite(e.url, `event ${e.slug}`),
      confidence: e.confidence && ['verified', 'partly-inferred', 'unverified'].includes(e.confidence) ? e.confidence : 'verified',
    });
  }
  const resources: ResourceInput[] = (additions.resources ?? []).map((r, n) => {
    const where = `resource ${r.slug}`;
    for (const l of r.links ?? []) cite(l.url, where);
    return {
      ref: `R${String(n + 1).padStart(3, '0')}`,
      slug: r.slug,
      kind: r.kind,
      titleOriginal: r.titleOriginal,
      titleNb: r.titleNb ?? null,
      titleEn: r.titleEn ?? null,
      language: r.language ?? null,
      event: r.event && events.length ? events[0].ref : null,
      date: r.date ?? null,
      year: r.year ?? null,
      summary: text(r.summaryNb, r.summaryEn),
      notes: text(r.notesNb, r.notesEn),
      people: (r.people ?? []).map((p) => ({ name: p.name, role: p.role ?? null, organisation: p.organisation ? org(p.organisation, where) : null })),
      links: (r.links ?? []).map((l) => ({ kind: l.kind, url: url(l.url) })),
      subjects: {
        programmes: (r.subjects?.programmes ?? []).map((p) => programme(p, where)),
        areas: (r.subjects?.areas ?? []).map((a) => area(a, where)),
        initiatives: (r.subjects?.initiatives ?? []).map((i) => (initiativeRefs.has(i) ? i : fail(`${where} names an unknown initiative ${i}`))),
      },
      confidence: confidenceOf(r.confidence ?? 'seen', r.notesEn),
      confidenceNote: r.confidenceNote_en || r.confidenceNote_nb ? text(r.confidenceNote_nb, r.confidenceNote_en) : undefined,
    };
  });

  return { sources: [...sources.values()], organisations, programmes, areas, initiatives, events, resources };
}

