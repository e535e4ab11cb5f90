// Builds the project's committed seed files (seed/data/*.json) from the shared fact base
// (../shared/seed-facts/seed-facts.json). Run with `npm run seed:build` (tsx seed/build.ts);
// pass `--from PATH` to read another copy of seed-facts.json.
//
// Rules (see ../shared/seed-facts/README.md): never invent an initiative, area, figure or
// source. Every value below comes from the input; this script only restructures it, maps
// it to the controlled vocabularies in seed/data/vocabularies.json and derives slugs.
// The app never reads ../shared at run time; it loads the files written here.
//
// Anything unexpected in the input (unknown area wording, target group, measure code,
// missing source, slug collision, wrong counts, ...) throws, so new data cannot slip
// through silently: extend the explicit tables below and run again.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { slugify } from './slug.ts';
import { applyEditorial } from './editorial.ts';

// ---------------------------------------------------------------------------
// Input shape (seed-facts.json)
// ---------------------------------------------------------------------------

type InCountry = 'NO' | 'SE' | 'DK' | 'SC';

interface InProgramme {
  id: string;
  name_original: string;
  name_en: string;
  country: InCountry;
  responsible: string[];
  period_start: number | null;
  period_end: number | null;
  areas: string[];
  budget?: string | null;
  goals?: string | null;
  structure?: string | null;
  population?: string | null;
  evaluations: string[];
  key_findings?: string | null;
  note?: string | null;
  source_urls: string[];
  confidence: string;
}

interface InArea {
  name: string;
  district: string | null;
  municipality: string | null;
  country: InCountry;
  programmes: { programme: string; period_start: number | null; period_end: number | null }[];
  population?: string | null;
  notes?: string | null;
  source_urls: string[];
  confidence: string;
}

interface InInitiative {
  id: string;
  title_nb?: string | null;
  title_en: string;
  title_local?: string | null;
  language?: string | null;
  area: string;
  district?: string | null;
  programme: string | null;
  country: InCountry;
  period_start: number | null;
  period_end: number | null;
  measure_types: string[];
  target_groups: string[];
  summary: string;
  outcomes?: string | null;
  notes?: string | null;
  source_urls: string[];
  confidence: string;
}

interface InSource {
  id: string;
  url: string;
  title: string;
  type: string;
  language: string;
}

interface SeedFacts {
  programmes: InProgramme[];
  areas: InArea[];
  initiatives: InInitiative[];
  sources: InSource[];
}

interface Vocabularies {
  countries: { code: string; nb: string; en: string }[];
  measure: { code: string; nb: string; en: string }[];
  theme: { code: string; nb: string; en: string }[];
  target: { code: string; nb: string; en: string }[];
}

// ---------------------------------------------------------------------------
// Expected counts (../shared/seed-facts/README.md)
// ---------------------------------------------------------------------------

const EXPECTED = { programmes: 15, areas: 50, initiatives: 71, sources: 145 } as const;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function fail(message: string): never {
  throw new Error(`seed:build: ${message}`);
}

/** Null for undefined (the output never contains undefined). */
function orNull<T>(value: T | null | undefined): T | null {
  return value === undefined ? null : value;
}

/** Country code of the application: the fact base's SC is ISO 3166-2 GB-SCT. */
function mapCountry(code: string, where: string): string {
  const mapped = code === 'SC' ? 'GB-SCT' : code;
  if (!vocab.countries.some((c) => c.code === mapped)) fail(`${where}: unknown country ${code}`);
  return mapped;
}

function assertUnique(values: string[], what: string): void {
  const seen = new Map<string, number>();
  values.forEach((v, i) => {
    const previous = seen.get(v);
    if (previous !== undefined) fail(`${what} collision: "${v}" (entries ${previous} and ${i})`);
    seen.set(v, i);
  });
}

/** Pretty JSON (2 spaces) ending in a newline: byte-identical for identical input. */
function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

// ---------------------------------------------------------------------------
// Paths and input
// ---------------------------------------------------------------------------

function parseArgs(argv: string[]): { from: string } {
  let from = fileURLToPath(new URL('../../shared/seed-facts/seed-facts.json', import.meta.url));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--from') {
      const value = argv[++i];
      if (!value) fail('--from needs a path');
      from = resolve(process.cwd(), value);
    } else if (arg.startsWith('--from=')) {
      from = resolve(process.cwd(), arg.slice('--from='.length));
    } else {
      fail(`unknown argument ${arg} (usage: tsx seed/build.ts [--from PATH])`);
    }
  }
  return { from };
}

const { from } = parseArgs(process.argv.slice(2));
const dataDir = fileURLToPath(new URL('./data/', import.meta.url));
const vocab = JSON.parse(readFileSync(resolve(dataDir, 'vocabularies.json'), 'utf8')) as Vocabularies;
const facts = JSON.parse(readFileSync(from, 'utf8')) as SeedFacts;

for (const key of Object.keys(EXPECTED) as (keyof typeof EXPECTED)[]) {
  const list = facts[key];
  if (!Array.isArray(list)) fail(`input has no "${key}" array`);
  if (list.length !== EXPECTED[key]) fail(`expected ${EXPECTED[key]} ${key}, found ${list.length}`);
}

const measureCodes = vocab.measure.map((t) => t.code);
const themeCodes = vocab.theme.map((t) => t.code);
const targetCodes = vocab.target.map((t) => t.code);

/** Deduplicate and sort codes in vocabulary order. */
function inVocabularyOrder(codes: Iterable<string>, order: string[], where: string): string[] {
  const set = new Set(codes);
  for (const code of set) if (!order.includes(code)) fail(`${where}: "${code}" is not a vocabulary code`);
  return order.filter((code) => set.has(code));
}

// ---------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------

// Publisher: the part of the title before the first ": " when that prefix is short
// (<= 60 characters); a trailing date in the prefix ("Dagsavisen 2014", "Fagbladet
// 12/2012", "Caithness.org July 2004") is dropped because the year has its own field.
// Overrides, by source id, where the prefix is not the publisher (authors, a document
// title, a description). An override value must occur verbatim in the title.
const PUBLISHER_OVERRIDES: Record<string, string | null> = {
  handbok: null, // "Håndbok fra Groruddalssatsingen 2007–2016: …" – the prefix is the title
  elander: null, // "Gustavsson & Elander: …" – authors
  'crf-eval': null, // "McQuaid et al. 2006: …" – authors
  'jrf-scot': null, // "Robertson 2014: …" – author
  'linderud-torg': 'Aftenposten', // "Commentary (Aftenposten copy): …"
  'redroad-now': 'Glasgow Live', // "Glasgow Live copy: …"
  'tra-ferret': 'The Ferret', // "The Ferret (reader suggestion): …"
  bjerkeanalyse: null, // "Bjerkeanalyse kap. 2: …" – the prefix is the document title
};

// A prefix that names a series, catalogue or committee of a publisher is shortened to the
// publisher, so one publisher is spelt one way (the value occurs in the title).
const PUBLISHER_ALIASES: Record<string, string> = {
  'Husbanken prosjektkatalog': 'Husbanken',
  'Fagbladet temahefte 37': 'Fagbladet',
  'By og Byg Dokumentation 029': 'By og Byg',
  'Københavns Kommune BTU': 'Københavns Kommune', // BTU: the council's building and technical committee
  'DAC Copenhagen X': 'DAC',
};

const MONTHS =
  'January|February|March|April|May|June|July|August|September|October|November|December';
const TRAILING_DATE = new RegExp(
  `\\s+(?:(?:\\d{1,2}\\.\\d{1,2}\\.)|(?:\\d{1,2}/)|(?:(?:${MONTHS})\\s+))?(?:19|20)\\d{2}$`,
);

function derivePublisher(source: InSource): string | null {
  if (source.id in PUBLISHER_OVERRIDES) {
    const value = PUBLISHER_OVERRIDES[source.id];
    if (value !== null && !source.title.includes(value)) {
      fail(`publisher override for ${source.id} ("${value}") does not occur in its title`);
    }
    return value;
  }
  const at = source.title.indexOf(': ');
  if (at <= 0) return null;
  const prefix = source.title.slice(0, at).trim();
  if (prefix.length > 60) return null;
  const publisher = prefix.replace(TRAILING_DATE, '').trim();
  if (!publisher) return null;
  return PUBLISHER_ALIASES[publisher] ?? publisher;
}

// Year: only when the title states exactly one distinct 4-digit year (1990–2026) and no
// range ("2017–2026", "2000-2008", "1997/98", "2009–2010"). Overrides, by source id, where
// the single year in the title is not the publication year.
const YEAR_OVERRIDES: Record<string, number | null> = {
  byudvalg: null, // "(history incl. Byudvalget 1993)" – 1993 is the subject, not the publication
  'sp-qa': null, // "regeneration funding since 1999" – the period asked about
};

function deriveYear(source: InSource): number | null {
  if (source.id in YEAR_OVERRIDES) return YEAR_OVERRIDES[source.id];
  const title = source.title;
  if (/\b(?:19|20)\d{2}\s*[–—\-/]\s*(?:(?:19|20)\d{2}|\d{2})\b/.test(title)) return null; // a range
  const years = new Set(
    [...title.matchAll(/(?<!\d)((?:19|20)\d{2})(?!\d)/g)]
      .map((m) => Number(m[1]))
      .filter((y) => y >= 1990 && y <= 2026),
  );
  return years.size === 1 ? [...years][0] : null;
}

const sources = facts.sources.map((s) => {
  if (!s.url || !s.title) fail(`source ${s.id} lacks url or title`);
  return {
    url: s.url,
    title: s.title,
    type: orNull(s.type),
    language: orNull(s.language),
    publisher: derivePublisher(s),
    year: deriveYear(s),
  };
});
assertUnique(sources.map((s) => s.url), 'source url');
for (const [prefix, publisher] of Object.entries(PUBLISHER_ALIASES)) {
  if (!prefix.startsWith(publisher)) fail(`publisher alias ${prefix} -> ${publisher} is not a shortening`);
  if (!facts.sources.some((s) => s.title.startsWith(`${prefix}`))) fail(`publisher alias ${prefix} is unused`);
}
for (const id of [...Object.keys(PUBLISHER_OVERRIDES), ...Object.keys(YEAR_OVERRIDES)]) {
  if (!facts.sources.some((s) => s.id === id)) fail(`override for unknown source id ${id}`);
}
const sourceUrls = new Set(sources.map((s) => s.url));

function checkSourceUrls(urls: string[] | undefined, where: string, atLeastOne: boolean): string[] {
  if (!Array.isArray(urls)) fail(`${where}: source_urls missing`);
  if (atLeastOne && urls.length === 0) fail(`${where}: no source URL`);
  for (const url of urls) if (!sourceUrls.has(url)) fail(`${where}: source ${url} is not in sources`);
  assertUnique(urls, `${where} source url`);
  return [...urls];
}

// ---------------------------------------------------------------------------
// Programmes
// ---------------------------------------------------------------------------

const programmeSlugById = new Map<string, string>();
const programmes = facts.programmes.map((p) => {
  const slug = slugify(p.id);
  programmeSlugById.set(p.id, slug);
  return {
    slug,
    ref: p.id,
    nameOriginal: p.name_original,
    nameEn: p.name_en,
    country: mapCountry(p.country, `programme ${p.id}`),
    periodStart: orNull(p.period_start),
    periodEnd: orNull(p.period_end),
    responsible: [...(p.responsible ?? [])],
    goals: orNull(p.goals),
    budget: orNull(p.budget),
    structure: orNull(p.structure),
    population: orNull(p.population),
    evaluations: [...(p.evaluations ?? [])],
    keyFindings: orNull(p.key_findings),
    note: orNull(p.note),
    confidence: p.confidence,
    sourceUrls: checkSourceUrls(p.source_urls, `programme ${p.id}`, true),
  };
});
assertUnique(programmes.map((p) => p.slug), 'programme slug');

function programmeSlug(id: string, where: string): string {
  const slug = programmeSlugById.get(id);
  if (!slug) fail(`${where}: unknown programme ${id}`);
  return slug;
}

// ---------------------------------------------------------------------------
// Areas
// ---------------------------------------------------------------------------

const areaSlugByName = new Map<string, string>();
const areas = facts.areas.map((a) => {
  const slug = slugify(a.name);
  if (areaSlugByName.has(a.name)) fail(`duplicate area name ${a.name}`);
  areaSlugByName.set(a.name, slug);
  return {
    slug,
    name: a.name,
    district: orNull(a.district),
    municipality: orNull(a.municipality),
    country: mapCountry(a.country, `area ${a.name}`),
    population: orNull(a.population),
    notes: orNull(a.notes),
    confidence: a.confidence,
    programmes: a.programmes.map((ap) => ({
      programme: programmeSlug(ap.programme, `area ${a.name}`),
      periodStart: orNull(ap.period_start),
      periodEnd: orNull(ap.period_end),
    })),
    sourceUrls: checkSourceUrls(a.source_urls, `area ${a.name}`, true),
  };
});
assertUnique(areas.map((a) => a.slug), 'area slug');
const areaSlugs = new Set(areas.map((a) => a.slug));

// ---------------------------------------------------------------------------
// Initiative places -> catalogued areas
// ---------------------------------------------------------------------------

// Every input `area` string that is not exactly the name of one catalogued area must be
// listed here, mapped to the slugs of the catalogued areas it clearly names ([] when the
// place is not a catalogued area; areas are never created here). The original wording is
// kept as the initiative's locationText.
const AREA_MAPPING: Record<string, string[]> = {
  // Gransdalen is a part of Furuset (the World Park site).
  'Furuset (Gransdalen)': ['furuset'],
  // Kista Matchning: Husby is the catalogued Storstadssatsning area in Kista district (Järva).
  'Husby / Kista district (Järva), Stockholm': ['husby'],
  // Lunda-Nova: the Spånga–Tensta district; Tensta is its catalogued Storstadssatsning area
  // (Lunda itself is a business area in Spånga, not a catalogued area).
  'Spånga–Tensta, Stockholm': ['tensta'],
  // A list of five catalogued Stockholm areas: all of them.
  'Husby, Tensta, Rinkeby, Rågsved, Skärholmen': ['husby', 'tensta', 'rinkeby', 'ragsved', 'skarholmen'],
  // Parts of Gårdsten (west, east, north): the catalogued area Gårdsten.
  'Gårdsten (Västra)': ['gardsten'],
  'Gårdsten (Östra)': ['gardsten'],
  'Gårdsten (Norra)': ['gardsten'],
  // Gärdsås is a part of Bergsjön.
  'Bergsjön (Gärdsås)': ['bergsjon'],
  // Urbanplanen (Amager) is neither Holmbladsgade-kvarteret nor Sundholmsvejkvarteret: not catalogued.
  'Urbanplanen (Amager), København': [],
  // Indre Nørrebro (Hans Tavsens Park, Blågård) is not one of the catalogued Ydre Nørrebro areas.
  'Indre Nørrebro, København': [],
};

for (const [text, slugs] of Object.entries(AREA_MAPPING)) {
  if (areaSlugByName.has(text)) fail(`area mapping for "${text}" shadows an exact area name`);
  for (const slug of slugs) if (!areaSlugs.has(slug)) fail(`area mapping for "${text}": unknown area ${slug}`);
}

function mapPlace(text: string, where: string): { areas: string[]; locationText: string | null } {
  const exact = areaSlugByName.get(text);
  if (exact) return { areas: [exact], locationText: null };
  const mapped = AREA_MAPPING[text];
  if (!mapped) fail(`${where}: area "${text}" is neither a catalogued area name nor in AREA_MAPPING`);
  return { areas: [...mapped], locationText: text };
}

// ---------------------------------------------------------------------------
// Target groups: the input wording -> `target` vocabulary codes
// ---------------------------------------------------------------------------

// Every distinct input target-group string, mapped to one or more codes. This is an
// editorial classification; the original wording is kept in targetGroupsOriginal.
const TARGET_GROUPS: Record<string, string[]> = {
  'adults and young people, many from socially challenging backgrounds': ['residents', 'youth'],
  'all ages': ['residents'],
  'all residents': ['residents'],
  associations: ['volunteers'],
  buyers: ['home-buyers'],
  'centre owner and businesses': ['businesses'],
  children: ['children'],
  'children and families': ['children', 'families'],
  'children and youth': ['children', 'youth'],
  community: ['residents'],
  commuters: ['visitors'],
  cyclists: ['pedestrians-cyclists'],
  'elderly residents': ['older-people'],
  'ethnic minority associations': ['minorities', 'volunteers'],
  'ethnic minority residents': ['minorities'],
  'existing Gorbals residents': ['residents'],
  'existing and new residents': ['residents'],
  families: ['families'],
  'families with children': ['families'],
  'first-time buyers': ['home-buyers'],
  'housing cooperatives': ['tenants'],
  'job seekers': ['jobseekers'],
  'local associations': ['volunteers'],
  'local businesses': ['businesses'],
  'local clubs': ['volunteers'],
  'local community': ['residents'],
  'local residents': ['residents'],
  'local residents seeking jobs': ['jobseekers'],
  'local workers': ['professionals'], // people employed in the building (I071)
  'mid-market renters': ['tenants'],
  'minority-background youth': ['youth', 'minorities'],
  'multicultural community': ['residents', 'minorities'],
  'multicultural local population': ['residents', 'minorities'],
  pedestrians: ['pedestrians-cyclists'],
  'pedestrians and cyclists': ['pedestrians-cyclists'],
  'people with disabilities': ['disabled'],
  'property owners': ['businesses'],
  pupils: ['children'],
  residents: ['residents'],
  'residents feeling unsafe': ['residents'],
  "residents incl. 'quiet voices'": ['residents'],
  'residents of housing cooperatives': ['tenants'],
  'residents of municipal and private blocks': ['residents', 'tenants'],
  'residents of the three housing cooperatives': ['tenants'],
  'residents wanting to start a business': ['residents', 'businesses'],
  schoolchildren: ['children'],
  'seniors 55+': ['older-people'],
  shoppers: ['visitors'],
  skaters: ['youth'], // users of the skate facility (I028, alongside "young people")
  'social enterprises': ['businesses'],
  'social tenants': ['tenants'],
  'special-needs educators': ['professionals'],
  students: ['youth'],
  teachers: ['professionals'],
  tenants: ['tenants'],
  'tenants of the municipal housing company': ['tenants'],
  'unemployed residents': ['jobseekers'],
  visitors: ['visitors'],
  volunteers: ['volunteers'],
  'young adults needing follow-up': ['youth'],
  'young people': ['youth'],
  'young people aged 15–25': ['youth'],
  'young people aged 18–23 on social assistance': ['youth'],
  'young people and young adults': ['youth'],
  'young people buying their first home': ['youth', 'home-buyers'],
};

for (const [text, codes] of Object.entries(TARGET_GROUPS)) {
  if (codes.length === 0) fail(`target group "${text}" maps to no code`);
  inVocabularyOrder(codes, targetCodes, `target group "${text}"`);
}

function mapTargetGroups(groups: string[], where: string): string[] {
  const codes: string[] = [];
  for (const g of groups) {
    const mapped = TARGET_GROUPS[g];
    if (!mapped) fail(`${where}: target group "${g}" is not in TARGET_GROUPS`);
    codes.push(...mapped);
  }
  return inVocabularyOrder(codes, targetCodes, where);
}

// ---------------------------------------------------------------------------
// Themes
// ---------------------------------------------------------------------------

// The fact base has no themes. Themes are an EDITORIAL CLASSIFICATION derived from each
// initiative's own text, not a fact from the sources. How they are assigned:
//
// 1. Each theme has case-insensitive patterns (English and Scandinavian stems) below.
//    They are matched against the initiative's titles (en, nb, original) and its summary.
//    Outcomes and notes are not used: they report results and claims (e.g. an
//    organiser-reported fall in crime), not what the initiative is about.
// 2. A theme's score is 3 per pattern hit in a title + 1 per hit in the summary.
// 3. At most MAX_THEMES themes are kept: the highest scores, ties broken by the earliest
//    hit (titles first, then the summary, which leads with the main point). Summaries
//    that list many elements would otherwise collect nearly every theme.
// 4. Every initiative must end with at least one theme; the script throws otherwise.
//
// Review the result with `SEED_BUILD_THEMES=why npx tsx seed/build.ts`, which prints
// each initiative's themes and the text every theme matched on.
const MAX_THEMES = 4;
const TITLE_WEIGHT = 3;

const THEME_RULES: Record<string, RegExp[]> = {
  'meeting-places': [
    /meeting[- ]?(?:place|point|space)s?/,
    /community (?:centre|house|hall|rooms?|premises)/,
    /neighbourhood (?:house|space|community centre)/,
    /residents' house|kvarterhus|grendehus|beboerhus|lokalet\b/,
    /møteplass|mötesplats|mødested/,
    /youth club|youth (?:and culture )?venue|culture house|\blibrary/,
    /living room/,
  ],
  participation: [
    /participat|medvirk|beboerdeltag|boendeinflytande|\binvolv/,
    /resident(?:s'?)? (?:working |planning )?groups?|tenant working groups|reference group/,
    /dialogue|co-design|consult|tenant votes|\bforum\b|democra/,
    /idédugnad|ideas workshop|future workshops|design workshop|public meeting|open meetings/,
    /door-to-door|dør-til-dør|visited every tenant|idea-givers|insight|with residents|invited to comment/,
    /interview|resident-run|self-running/,
  ],
  'public-space': [
    // (?<!\\) skips the architects "Page\Park"
    /(?<!\\)\bpark(?:en)?\b|\bparks\b|square|plaza|\btorg\b|\bplass\b|\bplads\b/,
    /playground|legeplads|play landscape|activity (?:park|area|strip)/,
    /outdoor|courtyard|public[- ]spaces?|byrum|green (?:area|axis|entrance)|greening|greener/,
    /lighting|belysning|street furniture|pavement|fortov|\bpitch\b|ski slope|bathing/,
  ],
  housing: [
    // not "housing representatives", "housing cooperative" (partners) or "close to the housing"
    /(?<!to the )housing(?! representatives| cooperative)|\bhomes\b|dwellings|\bflats\b|rental|\brents?\b|mixed[- ]tenure|tenement/,
    /\bbolig|bomiljø|seniorboende|lägenhet|borettslag/,
    /tower blocks|slab blocks|high-rises|terraced|stairwells|show flat|laundries/,
  ],
  mobility: [
    /pedestrian|\bcycl|bicycl|\bwalking\b|walkway|footpaths?|\bpaths?\b|traffic|underpass|undergang/,
    /(?<!red )\broads?\b|\bbridges?\b|\broute\b|nørrebroruten|railway station|stasjon|\bbus\b|car-free|stopping cars|motorway/,
    /town street|access street|\bbygata\b|new street(?! furniture)|veitvetveien|fossumveien|sundholmsvej/,
  ],
  safety: [/\bsafe(?:r|ty)?\b(?! services)|unsafe|trygg|tryghed|otrygg|crime|vandalism|poorly lit/],
  employment: [
    /employ|\bjobs?\b|job-|unemploy|vocational|work experience|matchning|arbetsförmedling/,
    /jobb|business ideas|own firm|iværksætter|start-up advice|workplace/,
  ],
  education: [
    /school|skole|skola|pupils|teachers?|educators|language|språk|education|campus/,
    /leadership training|lederskole|lederopplæring/,
  ],
  'culture-leisure': [
    /cultur|kultur|\bart(?:s|work|works|ists?)?\b|murals?|sculpt|festival|museum/,
    /sport|idrett|idræt|football|fotball|ball pitch|artificial-turf|kunstgress|\bski\b|skate|parkour|recreation|leisure|fritid/,
    /youth club|\bscene\b|\btv\b|flea markets|play days?|history group|street parties/,
  ],
  'local-economy': [
    /shopping cent(?:re|er)|\bsenter(?:et|område)?\b|centre area|centre owner/,
    /\bsentrum|town centre|commercial|\bshops?\b|grocery|cash machine|bazaar|market days/,
    /business|næring|own firm|iværksætter|office building|office jobs|(?<!community )enterprise/,
  ],
  'energy-climate': [
    /climate|klima|energy|energi|solar|\bsol(?:hus|celler|paneler)|rainwater|regnvand/,
    /nature|\bnatur|stream|recycl|waste|solid-timber|bathing-water|forest|fruit trees|tree row/,
  ],
  'health-welfare': [
    /health|helse|folkehelse|wellbeing|living conditions|levekår|social assistance|social-assistance/,
    /universal design|accessible|disabilit|senior|physical activity/,
  ],
  reputation: [/reputation|omdømme|\bidentity|identitet|\bimage\b|stigma|notorious|landmark/],
  planning: [
    /\bplan\b|\bplans\b|planning|masterplan|kvarterplan|strategy|strategi/,
    /pre-study|forstudie|feasibility|mulighetsstudie|place analysis|stedsanalyse|baseline|foranalyse/,
    /zoning|ideas competition|idékonkurranse|project competition|architecture competition|charrette/,
    /coordinated|cooperation model|cooperation platform|partnerships?|goal document|steering group/,
  ],
};

{
  const ruleThemes = Object.keys(THEME_RULES);
  for (const t of ruleThemes) if (!themeCodes.includes(t)) fail(`THEME_RULES: unknown theme ${t}`);
  for (const t of themeCodes) if (!ruleThemes.includes(t)) fail(`THEME_RULES: no rules for theme ${t}`);
}

interface ThemeHit {
  code: string;
  score: number;
  first: number;
  hits: string[];
}

function themeHits(i: InInitiative): ThemeHit[] {
  const titles = [i.title_en, i.title_nb, i.title_local].filter(Boolean).join('\n').toLowerCase();
  const summary = i.summary.toLowerCase();
  const result: ThemeHit[] = [];
  for (const code of themeCodes) {
    let score = 0;
    let first = Number.POSITIVE_INFINITY;
    const hits: string[] = [];
    for (const rule of THEME_RULES[code]) {
      const re = new RegExp(rule.source, 'g');
      for (const [offset, text, weight] of [
        [0, titles, TITLE_WEIGHT],
        [titles.length + 1, summary, 1],
      ] as const) {
        for (const m of text.matchAll(re)) {
          score += weight;
          first = Math.min(first, offset + (m.index ?? 0));
          hits.push(m[0]);
        }
      }
    }
    if (score > 0) result.push({ code, score, first, hits });
  }
  return result;
}

/** For reviewing the rules: score and matched text per theme, best first. */
function explainThemes(i: InInitiative): string {
  return themeHits(i)
    .sort((a, b) => b.score - a.score || a.first - b.first)
    .map((h) => `${h.code}:${h.score}[${h.hits.join('|')}]`)
    .join(' ');
}

// Explicit exceptions, by initiative ref, where a pattern matches text that is not what the
// initiative is about. Each entry must still match (stale entries throw).
const THEME_REMOVALS: Record<string, { remove: string[]; why: string }> = {
  I008: {
    remove: ['mobility', 'culture-leisure'],
    why: 'the summary lists topics residents raised at the workshop; the initiative is the workshop',
  },
  I016: {
    remove: ['education'],
    why: 'pupils from Linderud school made the murals; the initiative is a square, not schooling',
  },
};

function assignThemes(i: InInitiative): string[] {
  const removal = THEME_REMOVALS[i.id];
  const hits = themeHits(i);
  for (const code of removal?.remove ?? []) {
    if (!hits.some((h) => h.code === code)) fail(`THEME_REMOVALS ${i.id}: ${code} no longer matches; drop it`);
  }
  const ranked = hits
    .filter((h) => !removal?.remove.includes(h.code))
    .sort((a, b) => b.score - a.score || a.first - b.first);
  if (ranked.length === 0) fail(`initiative ${i.id}: no theme rule matches; extend THEME_RULES`);
  const kept = ranked.slice(0, MAX_THEMES).map((h) => h.code);
  return themeCodes.filter((code) => kept.includes(code));
}

// ---------------------------------------------------------------------------
// Initiatives
// ---------------------------------------------------------------------------

const INITIATIVE_SLUG_MAX = 80;

for (const [ref, removal] of Object.entries(THEME_REMOVALS)) {
  if (!facts.initiatives.some((i) => i.id === ref)) fail(`THEME_REMOVALS: unknown initiative ${ref}`);
  for (const code of removal.remove) if (!themeCodes.includes(code)) fail(`THEME_REMOVALS ${ref}: unknown theme ${code}`);
}

const initiatives = facts.initiatives.map((i) => {
  const where = `initiative ${i.id}`;
  if (!i.id || !i.title_en || !i.summary) fail(`${where}: id, title_en and summary are required`);
  if (!Array.isArray(i.measure_types) || i.measure_types.length === 0) fail(`${where}: no measure types`);
  for (const m of i.measure_types) {
    if (!measureCodes.includes(m)) fail(`${where}: unknown measure type "${m}"`);
  }
  assertUnique(i.measure_types, `${where} measure type`);
  const place = mapPlace(i.area, where);
  const titleNb = orNull(i.title_nb);
  const titleOriginal = orNull(i.title_local);
  let originalLanguage = orNull(i.language);
  if (originalLanguage === null && i.country === 'NO' && titleNb !== null && titleOriginal === null) {
    originalLanguage = 'nb';
  }
  return {
    slug: slugify(i.title_en, INITIATIVE_SLUG_MAX),
    ref: i.id,
    titleNb,
    titleOriginal,
    originalLanguage,
    titleEn: i.title_en,
    summaryEn: i.summary,
    locationText: place.locationText,
    areas: place.areas,
    programme: i.programme === null || i.programme === undefined ? null : programmeSlug(i.programme, where),
    country: mapCountry(i.country, where),
    periodStart: orNull(i.period_start),
    periodEnd: orNull(i.period_end),
    measureTypes: [...i.measure_types], // input order; validated above
    targetGroups: mapTargetGroups(i.target_groups, where),
    targetGroupsOriginal: [...i.target_groups],
    themes: assignThemes(i),
    outcomes: orNull(i.outcomes),
    confidence: i.confidence,
    notes: orNull(i.notes),
    sourceUrls: checkSourceUrls(i.source_urls, where, true),
  };
});
assertUnique(initiatives.map((i) => i.ref), 'initiative ref');
assertUnique(initiatives.map((i) => i.slug), 'initiative slug');

// Countries of linked records must agree.
const areaBySlug = new Map(areas.map((a) => [a.slug, a]));
const programmeBySlug = new Map(programmes.map((p) => [p.slug, p]));
for (const i of initiatives) {
  for (const slug of i.areas) {
    if (areaBySlug.get(slug)?.country !== i.country) fail(`initiative ${i.ref}: area ${slug} is in another country`);
  }
  if (i.programme !== null && programmeBySlug.get(i.programme)?.country !== i.country) {
    fail(`initiative ${i.ref}: programme ${i.programme} is in another country`);
  }
}
for (const a of areas) {
  for (const ap of a.programmes) {
    if (programmeBySlug.get(ap.programme)?.country !== a.country) {
      fail(`area ${a.slug}: programme ${ap.programme} is in another country`);
    }
  }
}

// ---------------------------------------------------------------------------
// Themes review listing, write, summary
// ---------------------------------------------------------------------------

const tooMany = initiatives.filter((i) => i.themes.length === 0 || i.themes.length > MAX_THEMES);
if (process.env.SEED_BUILD_THEMES || tooMany.length > 0) {
  for (const i of initiatives) {
    console.log(`${i.ref}  ${i.titleEn}\n      themes: ${i.themes.join(', ')}`);
    if (process.env.SEED_BUILD_THEMES === 'why') {
      const input = facts.initiatives.find((x) => x.id === i.ref);
      if (input) console.log(`      why: ${explainThemes(input)}`);
    }
  }
}
if (tooMany.length > 0) {
  fail(`initiatives without 1–${MAX_THEMES} themes: ${tooMany.map((i) => `${i.ref} (${i.themes.length})`).join(', ')}`);
}

// The editorial layer (seed/editorial/): translations, the second model's fields, the
// additions and the conference.
const edited = applyEditorial({ sources, programmes, areas, initiatives });

mkdirSync(dataDir, { recursive: true });
const outputs: [string, unknown][] = [
  ['sources.json', edited.sources],
  ['organisations.json', edited.organisations],
  ['programmes.json', edited.programmes],
  ['areas.json', edited.areas],
  ['initiatives.json', edited.initiatives],
  ['events.json', edited.events],
  ['resources.json', edited.resources],
];
for (const [name, value] of outputs) writeFileSync(resolve(dataDir, name), toJson(value), 'utf8');

const themeCounts = themeCodes.map((code) => `${code} ${initiatives.filter((i) => i.themes.includes(code)).length}`);
const noArea = initiatives.filter((i) => i.areas.length === 0);
console.log(`seed:build: read ${from}`);
console.log(
  `seed:build: wrote ${edited.programmes.length} programmes, ${edited.areas.length} areas, ${edited.initiatives.length} initiatives, ` +
    `${edited.organisations.length} organisations, ${edited.events.length} events, ${edited.resources.length} resources, ` +
    `${edited.sources.length} sources to ${dataDir}`,
);
console.log(
  `seed:build: ${noArea.length} initiatives have no catalogued area (${noArea.map((i) => i.ref).join(', ') || '-'}); ` +
    `${initiatives.filter((i) => i.locationText !== null).length} keep a locationText`,
);
console.log(`seed:build: themes: ${themeCounts.join(', ')}`);
console.log(
  `seed:build: sources with publisher ${sources.filter((s) => s.publisher !== null).length}, with year ${sources.filter((s) => s.year !== null).length}`,
);
