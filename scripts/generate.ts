// npm run generate -- --count 100000 --db data/bench.db [--seed 1] [--force]
//
// Writes a SYNTHETIC catalogue for load tests: seeded and reproducible (same --count and
// --seed give the same rows), the real vocabularies (seed/data/vocabularies.json, read
// only), made-up programmes, areas and sources, and initiatives with Norwegian, Swedish,
// Danish and English text whose words follow a Zipf-like frequency curve, so that a
// benchmark can pick rare, mid-frequency (~5 % of documents) and common (~30 %) words.
//
// Safety: it refuses the default database (data/omradeloft.db), any database holding
// records that it did not generate itself (the real seed), and an existing synthetic
// database unless --force is given. Nothing under seed/ is ever written.
//
// Speed: the database is built by the real migrations; initiatives are bulk-inserted with
// the triggers dropped for the duration of one transaction (they are recreated from
// their own stored SQL), then search_documents is written and the FTS5 index is built in
// one `rebuild`. The catalogue revision is bumped once at the end.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type Database from 'better-sqlite3';
import { openDatabase, runMigrations } from '../db/client.ts';
import { importCatalogue, type AreaInput, type OrganisationInput, type ProgrammeInput, type SourceInput, type Vocabularies } from '../server/domain/import-catalogue.ts';
import { refreshSearchDocuments } from '../server/search/documents.ts';
import { advanceConsumer, applyToEmbeddedIndex, EMBEDDED_CONSUMER, latestEntry } from '../server/search/change-feed.ts';
import { SEARCH_DOCUMENT_VERSION } from '../server/domain/setup.ts';

export const DEFAULT_DB_FILE = 'data/omradeloft.db';
/** The meta key that marks a database as synthetic (its value is the initiative count). */
export const SYNTHETIC_META_KEY = 'synthetic';
const VOCABULARIES_FILE = fileURLToPath(new URL('../seed/data/vocabularies.json', import.meta.url));

export type Lang = 'nb' | 'sv' | 'da' | 'en';

// ---------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------

/** mulberry32: small, fast, good enough for test data, and the same on every machine. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
const int = (rnd: () => number, min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));

function pickDistinct<T>(rnd: () => number, list: readonly T[], n: number): T[] {
  const out = new Set<T>();
  while (out.size < Math.min(n, list.length)) out.add(pick(rnd, list));
  return [...out];
}

// ---------------------------------------------------------------------------
// Words: real words first (function words, then the field's words), then a long tail
// of made-up words from each language's syllables. Sampled with P(rank r) ∝ 1/r^1.05.
// ---------------------------------------------------------------------------

const REAL_WORDS: Record<Lang, string> = {
  nb: `og i for til av med på som er det en et at de skal har fra ble om ved mellom
    bydel område nærmiljø beboere tiltak prosjekt barn ungdom møteplass området områdeløft
    nabolag kommune satsing frivillige aktiviteter skole park bolig arbeid medvirkning
    kultur idrett bibliotek lokalsamfunn tilbud utvikling oppvekst trygghet fellesskap
    innbyggere familier eldre samarbeid stedsutvikling byrom torg turvei grøntområde
    kulturhus fritid språk integrering kvalifisering helse levekår sosial fysisk
    opprusting uteområde lekeplass nettverk etablering borettslag sykkel verksted
    festival kafé jobb veiledning mentor dugnad inkludering mangfold`,
  sv: `och i för till av med på som är det en ett att de ska har från blev om vid mellan
    stadsdel område området områden boende insats projekt barn unga mötesplats
    grannskap kommun satsning ideella aktiviteter skola park bostad arbete delaktighet
    kultur idrott bibliotek lokalsamhälle utveckling uppväxt trygghet gemenskap
    invånare familjer äldre samverkan stadsutveckling torg gångväg grönområde
    kulturhus fritid språk integration hälsa levnadsvillkor social fysisk upprustning
    lekplats nätverk bostadsrättsförening cykel verkstad festival fik jobb vägledning
    områdesatsning miljonprogram förort inkludering mångfald`,
  da: `og i for til af med på som er det en et at de skal har fra blev om ved mellem
    bydel område området beboere indsats projekt børn unge mødested boligområde
    nabolag kommune satsning frivillige aktiviteter skole park bolig arbejde
    medinddragelse kultur idræt bibliotek lokalsamfund udvikling opvækst tryghed
    fællesskab borgere familier ældre samarbejde byudvikling byrum torv sti grønt
    kulturhus fritid sprog integration sundhed levevilkår social fysisk renovering
    legeplads netværk boligforening cykel værksted festival café job vejledning
    områdefornyelse helhedsplan inklusion mangfoldighed`,
  en: `the and of to in for a with on is that by from as was were at an be this their
    area neighbourhood residents project children young people meeting place community
    council programme volunteers activities school park housing work participation
    culture sport library local development safety partnership families older support
    regeneration public space square path green centre leisure language integration
    health living conditions social physical renewal playground network association
    bicycle workshop festival cafe jobs guidance mentoring employment training estate
    inclusion diversity`,
};

const SYLLABLES: Record<Lang, { start: string[]; mid: string[]; end: string[] }> = {
  nb: { start: ['b', 'br', 'd', 'f', 'fj', 'g', 'gr', 'h', 'k', 'kl', 'l', 'm', 'n', 'r', 's', 'sk', 'st', 't', 'tr', 'v'], mid: ['a', 'e', 'i', 'o', 'u', 'ø', 'å', 'æ', 'ei', 'au'], end: ['n', 'rd', 'ng', 'kk', 'll', 'st', 'r', 'ss', 'lt', 'nd', 'ke', 'ne', 'et', 'en'] },
  sv: { start: ['b', 'bj', 'd', 'f', 'g', 'h', 'hj', 'k', 'kv', 'l', 'm', 'n', 'r', 's', 'sk', 'sj', 'st', 't', 'tj', 'v'], mid: ['a', 'e', 'i', 'o', 'u', 'ö', 'å', 'ä', 'y'], end: ['n', 'rd', 'ng', 'ck', 'll', 'st', 'r', 'ss', 'lt', 'nd', 'ar', 'en', 'et', 'or'] },
  da: { start: ['b', 'bl', 'd', 'f', 'g', 'gl', 'h', 'hj', 'k', 'kn', 'l', 'm', 'n', 'r', 's', 'sk', 'sv', 't', 'tr', 'v'], mid: ['a', 'e', 'i', 'o', 'u', 'ø', 'å', 'æ', 'y'], end: ['n', 'rd', 'ng', 'kke', 'lle', 'st', 'r', 'ds', 'lt', 'nd', 'er', 'en', 'et', 'ge'] },
  en: { start: ['b', 'bl', 'c', 'cr', 'd', 'f', 'g', 'gr', 'h', 'k', 'l', 'm', 'n', 'p', 'pr', 'r', 's', 'st', 't', 'w'], mid: ['a', 'e', 'i', 'o', 'u', 'ea', 'ou', 'ai'], end: ['n', 'rd', 'ng', 'ck', 'll', 'st', 'r', 'ss', 'lt', 'nd', 'er', 'ing', 'ed', 'ton'] },
};

/** Words per language (real + made-up tail). */
const TAIL_WORDS = 6000;
const ZIPF_S = 1.05;

export interface Lexicon {
  words: string[];
  /** Cumulative probabilities for sampling by rank. */
  cdf: Float64Array;
  /** How many leading words are function words (not used in titles). */
  functionWords: number;
}

function buildLexicon(lang: Lang, rnd: () => number): Lexicon {
  const real = REAL_WORDS[lang].split(/\s+/).filter(Boolean);
  const seen = new Set(real);
  const words = [...real];
  const s = SYLLABLES[lang];
  while (words.length < real.length + TAIL_WORDS) {
    const parts = int(rnd, 2, 3);
    let w = '';
    for (let i = 0; i < parts; i++) w += pick(rnd, s.start) + pick(rnd, s.mid) + (i === parts - 1 ? pick(rnd, s.end) : '');
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  const cdf = new Float64Array(words.length);
  let sum = 0;
  for (let r = 0; r < words.length; r++) cdf[r] = sum += 1 / Math.pow(r + 1, ZIPF_S);
  for (let r = 0; r < words.length; r++) cdf[r] /= sum;
  return { words, cdf, functionWords: lang === 'en' ? 20 : 21 };
}

function sampleRank(lex: Lexicon, rnd: () => number, minRank = 0): number {
  for (;;) {
    const x = rnd();
    let lo = 0;
    let hi = lex.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lex.cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= minRank) return lo;
  }
}

function sentence(lex: Lexicon, rnd: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(lex.words[sampleRank(lex, rnd)]);
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return out.join(' ') + '.';
}

function text(lex: Lexicon, rnd: () => number, minWords: number, maxWords: number): string {
  const total = int(rnd, minWords, maxWords);
  const parts: string[] = [];
  let n = 0;
  while (n < total) {
    const len = Math.min(total - n, int(rnd, 6, 14));
    parts.push(sentence(lex, rnd, len));
    n += len;
  }
  return parts.join(' ');
}

function title(lex: Lexicon, rnd: () => number): string {
  const n = int(rnd, 2, 5);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(lex.words[sampleRank(lex, rnd, lex.functionWords)]);
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return words.join(' ');
}

function placeName(lex: Lexicon, rnd: () => number): string {
  const w = lex.words[int(rnd, lex.words.length - TAIL_WORDS, lex.words.length - 1)];
  return w[0].toUpperCase() + w.slice(1);
}

// ---------------------------------------------------------------------------
// The catalogue
// ---------------------------------------------------------------------------

const COUNTRY_OF: Record<Lang, string> = { nb: 'NO', sv: 'SE', da: 'DK', en: 'GB-SCT' };
const LANG_MIX: [Lang, number][] = [
  ['nb', 0.4],
  ['sv', 0.25],
  ['da', 0.2],
  ['en', 0.15],
];
export const PROGRAMMES_PER_COUNTRY = 10;
export const AREAS_PER_COUNTRY = 100;
const SOURCES = 2000;

function langOf(rnd: () => number): Lang {
  let x = rnd();
  for (const [lang, p] of LANG_MIX) if ((x -= p) < 0) return lang;
  return 'nb';
}

export interface GenerateOptions {
  count: number;
  seed?: number;
  /** Replace an existing synthetic database. */
  force?: boolean;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface GenerateReport {
  file: string;
  initiatives: number;
  areas: number;
  programmes: number;
  sources: number;
  seconds: number;
}

export class GenerateError extends Error {}

/** Throws unless `file` may be (re)written with synthetic data. */
export function checkTarget(file: string, force: boolean): void {
  const resolved = path.resolve(file);
  if (resolved === path.resolve(DEFAULT_DB_FILE) || path.basename(resolved) === path.basename(DEFAULT_DB_FILE)) {
    throw new GenerateError(`refusing to write synthetic data into the default database ${file}`);
  }
  if (resolved.split(path.sep).includes('seed')) throw new GenerateError(`refusing to write under seed/: ${file}`);
  if (!fs.existsSync(resolved)) return;
  const handle = openDatabase(resolved, { readonly: true });
  try {
    const hasTable = (name: string) =>
      handle.sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
    const initiatives = hasTable('initiatives') ? (handle.sqlite.prepare(`SELECT count(*) FROM initiatives`).pluck().get() as number) : 0;
    const synthetic = hasTable('meta')
      ? handle.sqlite.prepare(`SELECT value FROM meta WHERE key = ?`).pluck().get(SYNTHETIC_META_KEY)
      : undefined;
    if (initiatives > 0 && synthetic === undefined) {
      throw new GenerateError(`refusing to overwrite ${file}: it holds ${initiatives} initiatives that are not synthetic`);
    }
    if (!force) throw new GenerateError(`${file} exists; pass --force to replace the synthetic catalogue in it`);
  } finally {
    handle.close();
  }
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

/** Counts of synthetic initiatives in `file`, or null when it is missing or not synthetic. */
export function syntheticCount(file: string): number | null {
  if (!fs.existsSync(file)) return null;
  const handle = openDatabase(file, { readonly: true });
  try {
    const value = handle.sqlite.prepare(`SELECT value FROM meta WHERE key = ?`).pluck().get(SYNTHETIC_META_KEY);
    return typeof value === 'number' ? value : null;
  } catch {
    return null;
  } finally {
    handle.close();
  }
}

export function generateCatalogue(file: string, options: GenerateOptions): GenerateReport {
  const { count, seed = 1, force = false, log = () => {} } = options;
  if (!Number.isInteger(count) || count < 1 || count > 2_000_000) throw new GenerateError('--count must be a whole number from 1 to 2000000');
  checkTarget(file, force);
  const started = performance.now();
  removeDatabase(path.resolve(file));

  const rnd = createRandom(seed);
  const lexicons = Object.fromEntries((['nb', 'sv', 'da', 'en'] as Lang[]).map((l) => [l, buildLexicon(l, rnd)])) as Record<Lang, Lexicon>;
  const vocabularies = JSON.parse(fs.readFileSync(VOCABULARIES_FILE, 'utf8')) as Vocabularies;

  const sources: SourceInput[] = [];
  for (let i = 1; i <= SOURCES; i++) {
    sources.push({ url: `https://example.org/synthetic/source-${i}`, title: `Synthetic source ${i}`, type: 'report', language: 'en', publisher: 'Synthetic', year: int(rnd, 1990, 2030) });
  }
  const programmes: ProgrammeInput[] = [];
  const areas: AreaInput[] = [];
  const programmesOf: Record<Lang, string[]> = { nb: [], sv: [], da: [], en: [] };
  const areasOf: Record<Lang, string[]> = { nb: [], sv: [], da: [], en: [] };
  for (const lang of ['nb', 'sv', 'da', 'en'] as Lang[]) {
    const lex = lexicons[lang];
    for (let i = 1; i <= PROGRAMMES_PER_COUNTRY; i++) {
      const slug = `syn-${lang}-programme-${i}`;
      const start = int(rnd, 1990, 2024);
      programmes.push({
        ref: slug,
        slug,
        nameOriginal: `${title(lex, rnd)} ${start}`,
        nameNb: null,
        nameEn: `${title(lexicons.en, rnd)} ${start}`,
        country: COUNTRY_OF[lang],
        level: null,
        periodStart: start,
        periodEnd: start + int(rnd, 3, 10),
        responsible: { nb: [], en: [] },
        goals: NO_TEXT,
        budget: NO_TEXT,
        structure: NO_TEXT,
        population: NO_TEXT,
        evaluations: { nb: [], en: [] },
        keyFindings: NO_TEXT,
        note: SYNTHETIC,
        organisations: [],
        budgetLines: [],
        confidence: 'unverified',
        sourceUrls: [pick(rnd, sources).url],
      });
      programmesOf[lang].push(slug);
    }
    for (let i = 1; i <= AREAS_PER_COUNTRY; i++) {
      const slug = `syn-${lang}-area-${i}`;
      areas.push({
        ref: slug,
        slug,
        name: placeName(lex, rnd),
        district: rnd() < 0.6 ? `${placeName(lex, rnd)} ${lang === 'en' ? 'ward' : lang === 'sv' ? 'stadsdel' : 'bydel'}` : null,
        municipality: placeName(lex, rnd),
        country: COUNTRY_OF[lang],
        areaType: null,
        population: NO_TEXT,
        populationCount: null,
        description: SYNTHETIC,
        coordinates: null,
        confidence: 'unverified',
        programmes: [],
        sourceUrls: [pick(rnd, sources).url],
      });
      areasOf[lang].push(slug);
    }
  }

  const handle = openDatabase(file);
  try {
    runMigrations(handle);
    const sqlite = handle.sqlite;
    const organisations: OrganisationInput[] = Array.from({ length: ORGANISATIONS }, (_, n) => ({
      ref: `syn-org-${n + 1}`,
      slug: `syn-org-${n + 1}`,
      name: `${placeName(lexicons.nb, rnd)} ${pick(rnd, ['boligselskap', 'kommune', 'bydel', 'stiftelse', 'forening'])}`,
      shortName: null,
      nameEn: null,
      kind: pick(rnd, vocabularies['organisation-kind'].map((t) => t.code)),
      country: null,
      website: null,
      description: SYNTHETIC,
      sourceUrl: null,
      confidence: 'unverified',
    }));
    importCatalogue(sqlite, { vocabularies, sources, organisations, programmes, areas, initiatives: [], events: [], resources: [] });
    applyToEmbeddedIndex(sqlite);
    log(`generate: ${programmes.length} programmes, ${areas.length} areas, ${sources.length} sources`);
    const ids = (table: string) =>
      new Map((sqlite.prepare(`SELECT slug, id FROM ${table}`).raw().all() as [string, number][]).map(([s, id]) => [s, id]));
    const programmeIds = ids('programmes');
    const areaIds = ids('areas');
    const organisationIdList = [...ids('organisations').values()];
    const sourceIds = new Map((sqlite.prepare(`SELECT url, id FROM sources`).raw().all() as [string, number][]).map(([u, id]) => [u, id]));
    const sourceIdList = sources.map((s) => sourceIds.get(s.url)!);

    withoutTriggers(sqlite, () => {
      insertInitiatives(sqlite, count, rnd, lexicons, vocabularies, { programmesOf, areasOf, programmeIds, areaIds, sourceIdList, organisationIdList }, log);
      log('generate: writing search documents');
      refreshSearchDocuments(sqlite);
    });
    log('generate: building the FTS5 index');
    sqlite.transaction(() => {
      sqlite.prepare(`INSERT INTO search_fts(search_fts) VALUES ('rebuild')`).run();
      sqlite.prepare(`UPDATE meta SET value = value + 1 WHERE key = 'catalogue'`).run();
      // The bulk load bypassed the change feed (its triggers were off) and wrote every
      // document itself: the embedded index is current up to the feed's end.
      advanceConsumer(sqlite, EMBEDDED_CONSUMER, latestEntry(sqlite));
      const setMeta = sqlite.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
      setMeta.run(SYNTHETIC_META_KEY, count);
      // The documents were just written by the current code: the app need not rewrite them.
      setMeta.run('search_documents', SEARCH_DOCUMENT_VERSION);
    })();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } catch (err) {
    handle.close();
    removeDatabase(path.resolve(file));
    throw err;
  }
  handle.close();
  return {
    file,
    initiatives: count,
    areas: areas.length,
    programmes: programmes.length,
    sources: sources.length,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Runs `fn` in one transaction with every trigger dropped, then recreates them from the
 * SQL SQLite stored for them, so bulk inserts neither bump the revision per row nor feed
 * FTS5 row by row. A failure rolls back the drops as well.
 */
function withoutTriggers(sqlite: Database.Database, fn: () => void): void {
  sqlite.transaction(() => {
    const triggers = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string; sql: string }[];
    for (const t of triggers) sqlite.prepare(`DROP TRIGGER "${t.name.replace(/"/g, '""')}"`).run();
    fn();
    for (const t of triggers) sqlite.exec(t.sql);
  })();
}

interface Links {
  programmesOf: Record<Lang, string[]>;
  areasOf: Record<Lang, string[]>;
  programmeIds: Map<string, number>;
  areaIds: Map<string, number>;
  sourceIdList: number[];
  organisationIdList: number[];
}

const NO_TEXT = { nb: null, en: null };
const ORGANISATIONS = 60;
const SYNTHETIC = { nb: 'Syntetisk post for lasttester.', en: 'Synthetic record for load tests.' };

function insertInitiatives(
  sqlite: Database.Database,
  count: number,
  rnd: () => number,
  lexicons: Record<Lang, Lexicon>,
  vocabularies: Vocabularies,
  links: Links,
  log: (line: string) => void,
): void {
  const insert = sqlite.prepare(
    `INSERT INTO initiatives (slug, ref, title_nb, title_original, original_language, title_en, summary_nb, summary_en,
       location_text, country_code, period_start, period_end, status, target_groups_original, outcomes_en, confidence, notes_en)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, 'unverified', 'Synthetic record for load tests.')`,
  );
  const addProgramme = sqlite.prepare(`INSERT INTO initiative_programmes (initiative_id, programme_id, role, position) VALUES (?, ?, 'part-of', 0)`);
  const addArea = sqlite.prepare(`INSERT INTO initiative_areas (initiative_id, area_id, position) VALUES (?, ?, ?)`);
  const addTerm = sqlite.prepare(`INSERT INTO initiative_terms (initiative_id, kind, code) VALUES (?, ?, ?)`);
  const addSource = sqlite.prepare(`INSERT INTO initiative_sources (initiative_id, source_id, position) VALUES (?, ?, ?)`);
  const addOrganisation = sqlite.prepare(`INSERT INTO initiative_organisations (initiative_id, organisation_id, role, position) VALUES (?, ?, ?, ?)`);
  const addParticipation = sqlite.prepare(`INSERT INTO participation_entries (initiative_id, method, position) VALUES (?, ?, ?)`);
  const addAnchoring = sqlite.prepare(`INSERT INTO anchoring_entries (initiative_id, kind, position) VALUES (?, ?, ?)`);
  const setKnowledge = sqlite.prepare(`UPDATE initiatives SET evidence_level = ?, continuation = ? WHERE id = ?`);
  const vocabularyCodes = (kind: string) => vocabularies[kind].map((t) => t.code);
  const methods = vocabularyCodes('participation-method');
  const anchorings = vocabularyCodes('anchoring');
  const evidences = vocabularyCodes('evidence');
  const continuations = vocabularyCodes('continuation');
  const roles = ['lead', 'partner', 'funder'];
  const codes = {
    measure: vocabularies.measure.map((t) => t.code),
    theme: vocabularies.theme.map((t) => t.code),
    target: vocabularies.target.map((t) => t.code),
  };
  // Some areas and programmes are far busier than others, as in life.
  const skewed = <T>(list: T[]) => list[Math.min(list.length - 1, Math.floor(list.length * Math.pow(rnd(), 2)))];
  for (let n = 1; n <= count; n++) {
    const lang = langOf(rnd);
    const lex = lexicons[lang];
    const country = rnd() < 0.95 ? COUNTRY_OF[lang] : COUNTRY_OF[pick(rnd, ['nb', 'sv', 'da', 'en'] as Lang[])];
    const localTitle = lang === 'en' ? null : title(lex, rnd);
    const titleEn = title(lexicons.en, rnd);
    const slug = `syn-${String(n).padStart(7, '0')}`;
    let start: number | null = int(rnd, 1990, 2028);
    let end: number | null = Math.min(2030, start + int(rnd, 0, 8));
    const r = rnd();
    if (r < 0.02) start = end = null;
    else if (r < 0.1) end = null;
    const programme = rnd() < 0.85 ? links.programmeIds.get(skewed(links.programmesOf[lang]))! : null;
    const info = insert.run(
      slug,
      `SYN-${n}`,
      lang === 'nb' ? localTitle : null,
      lang === 'nb' || lang === 'en' ? null : localTitle,
      lang,
      titleEn,
      lang === 'nb' ? text(lex, rnd, 25, 60) : '',
      text(lexicons.en, rnd, 25, 60),
      rnd() < 0.1 ? placeName(lex, rnd) : null,
      country,
      start,
      end,
      end === null ? 'unknown-end' : end < 2026 ? 'ended' : 'ongoing',
      rnd() < 0.5 ? text(lang === 'en' || rnd() < 0.5 ? lexicons.en : lex, rnd, 10, 30) : null,
    );
    const id = Number(info.lastInsertRowid);
    if (programme !== null) addProgramme.run(id, programme);
    const areaSlugs = new Set<string>();
    const areaCount = rnd() < 0.7 ? 1 : int(rnd, 2, 3);
    while (areaSlugs.size < areaCount) areaSlugs.add(skewed(links.areasOf[lang]));
    [...areaSlugs].forEach((s, i) => addArea.run(id, links.areaIds.get(s)!, i));
    for (const code of pickDistinct(rnd, codes.measure, int(rnd, 1, 3))) addTerm.run(id, 'measure', code);
    for (const code of pickDistinct(rnd, codes.theme, int(rnd, 1, 4))) addTerm.run(id, 'theme', code);
    for (const code of pickDistinct(rnd, codes.target, int(rnd, 1, 3))) addTerm.run(id, 'target', code);
    pickDistinct(rnd, links.sourceIdList, int(rnd, 1, 2)).forEach((sid, i) => addSource.run(id, sid, i));
    // The second model's facets, about as sparse as in the real catalogue.
    if (rnd() < 0.5) pickDistinct(rnd, links.organisationIdList, int(rnd, 1, 3)).forEach((oid, i) => addOrganisation.run(id, oid, pick(rnd, roles), i));
    if (rnd() < 0.3) pickDistinct(rnd, methods, int(rnd, 1, 2)).forEach((m, i) => addParticipation.run(id, m, i));
    if (rnd() < 0.2) pickDistinct(rnd, anchorings, int(rnd, 1, 2)).forEach((k, i) => addAnchoring.run(id, k, i));
    setKnowledge.run(pick(rnd, evidences), rnd() < 0.1 ? pick(rnd, continuations) : null, id);
    if (n % 20000 === 0) log(`generate: ${n} initiatives`);
  }
}

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

function main(): void {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '100000' },
      db: { type: 'string' },
      seed: { type: 'string', default: '1' },
      force: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.db) throw new GenerateError('--db FILE is required (for example --db data/bench.db)');
  if (!/^\d+$/.test(values.count!)) throw new GenerateError('--count must be a whole number');
  if (!/^\d+$/.test(values.seed!)) throw new GenerateError('--seed must be a whole number');
  const report = generateCatalogue(values.db, {
    count: Number(values.count),
    seed: Number(values.seed),
    force: values.force,
    log: (line) => console.log(line),
  });
  console.log(
    `generate: wrote ${report.initiatives} synthetic initiatives to ${report.file} in ${report.seconds.toFixed(1)} s`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (err) {
    console.error(`generate failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
