// Comparable initiatives: for one initiative, about six others ranked by what they share
// (measure types, themes, target groups, participation methods, area type; weighted)
// plus the similarity of their English title and summary. Everything is read from
// SQLite, never from a search engine, so the list is the same whichever engine runs.
//
// Cost stays bounded at 100k initiatives: candidates come from the postings of the
// initiative's own codes (the (kind, code) index on initiative_terms), only the best
// MAX_CANDIDATES of them (plus the best from other countries) are scored on text, and
// results are cached per catalogue revision.
import type Database from 'better-sqlite3';
import type { RecordLink } from '../schemas/records.ts';
import { tokenize } from '../search/text.ts';
import { all, linkColumns, linkOf, one } from './records/shared.ts';

/** Points for each shared code, by what it is. */
export const SIMILARITY_WEIGHTS = {
  measure: 3,
  theme: 2,
  target: 2,
  participation: 1,
  areaType: 2,
  /** Times the cosine (0–1) of the English title and summary. */
  text: 4,
} as const;

export const SIMILAR_LIMIT = 6;
/** At least this many from another country, when there are candidates from one. */
export const MIN_OTHER_COUNTRY = 2;
const MAX_CANDIDATES = 300;
const MAX_OTHER_COUNTRY_CANDIDATES = 50;

export interface SharedCodes {
  measureTypes: string[];
  themes: string[];
  targetGroups: string[];
  participation: string[];
  areaTypes: string[];
}

export interface SimilarInitiative {
  initiative: RecordLink;
  country: string;
  /** Rounded to 3 decimals; what the list is ordered by (ties: ref). */
  score: number;
  /** Cosine of the English title and summary, rounded to 3 decimals. */
  textSimilarity: number;
  shared: SharedCodes;
}

interface Features {
  id: number;
  ref: string;
  country: string;
  terms: Map<string, string[]>;
  participation: string[];
  areaTypes: string[];
  tokens: string[];
}

// Words too common in these summaries to say two initiatives are alike.
const STOPWORDS = new Set(
  'the and for with from into was were are has had have its their this that which who where when new also over under more than been being not but all any per via'.split(' '),
);

const CANDIDATES_SQL = `
  WITH me_terms AS (SELECT kind, code FROM initiative_terms WHERE initiative_id = :id),
  me_methods AS (SELECT DISTINCT method FROM participation_entries WHERE initiative_id = :id),
  me_area_types AS (SELECT DISTINCT a.area_type FROM initiative_areas ia JOIN areas a ON a.id = ia.area_id
                    WHERE ia.initiative_id = :id AND a.area_type IS NOT NULL),
  hits AS (
    SELECT t.initiative_id AS cid,
      CASE t.kind WHEN 'measure' THEN :wMeasure WHEN 'theme' THEN :wTheme WHEN 'target' THEN :wTarget ELSE 0 END AS w
    FROM me_terms m JOIN initiative_terms t ON t.kind = m.kind AND t.code = m.code
    UNION ALL
    SELECT x.initiative_id, :wParticipation FROM
      (SELECT DISTINCT initiative_id, method FROM participation_entries WHERE method IN (SELECT method FROM me_methods)) x
    UNION ALL
    SELECT x.initiative_id, :wAreaType FROM
      (SELECT DISTINCT ia.initiative_id, a.area_type FROM initiative_areas ia JOIN areas a ON a.id = ia.area_id
       WHERE a.area_type IN (SELECT area_type FROM me_area_types)) x
  )
  SELECT h.cid AS id, sum(h.w) AS score FROM hits h JOIN initiatives i ON i.id = h.cid
  WHERE h.cid <> :id AND (:otherCountry = 0 OR i.country_code <> :country)
  GROUP BY h.cid HAVING sum(h.w) > 0 ORDER BY score DESC, h.cid LIMIT :limit`;

function loadFeatures(sqlite: Database.Database, ids: number[]): Map<number, Features> {
  const json = JSON.stringify(ids);
  const out = new Map<number, Features>();
  for (const r of all<{ id: number; ref: string; country_code: string; title_en: string; summary_en: string }>(
    sqlite,
    `SELECT id, ref, country_code, title_en, summary_en FROM initiatives WHERE id IN (SELECT value FROM json_each(?))`,
    json,
  )) {
    const tokens = tokenize(`${r.title_en} ${r.summary_en}`).filter((w) => w.length > 2 && !STOPWORDS.has(w) && !/^\d+$/.test(w));
    out.set(r.id, { id: r.id, ref: r.ref, country: r.country_code, terms: new Map(), participation: [], areaTypes: [], tokens });
  }
  for (const t of all<{ initiative_id: number; kind: string; code: string }>(
    sqlite,
    `SELECT t.initiative_id, t.kind, t.code FROM initiative_terms t LEFT JOIN terms v ON v.kind = t.kind AND v.code = t.code
     WHERE t.initiative_id IN (SELECT value FROM json_each(?)) ORDER BY t.initiative_id, t.kind, v.sort_order, t.code`,
    json,
  )) {
    const f = out.get(t.initiative_id)!;
    const list = f.terms.get(t.kind) ?? [];
    list.push(t.code);
    f.terms.set(t.kind, list);
  }
  for (const p of all<{ initiative_id: number; method: string }>(
    sqlite,
    `SELECT p.initiative_id, p.method FROM participation_entries p LEFT JOIN terms v ON v.kind = 'participation-method' AND v.code = p.method
     WHERE p.initiative_id IN (SELECT value FROM json_each(?)) GROUP BY p.initiative_id, p.method ORDER BY p.initiative_id, min(v.sort_order), p.method`,
    json,
  )) {
    out.get(p.initiative_id)!.participation.push(p.method);
  }
  for (const a of all<{ initiative_id: number; area_type: string }>(
    sqlite,
    `SELECT DISTINCT ia.initiative_id, a.area_type FROM initiative_areas ia JOIN areas a ON a.id = ia.area_id
     WHERE ia.initiative_id IN (SELECT value FROM json_each(?)) AND a.area_type IS NOT NULL ORDER BY ia.initiative_id, a.area_type`,
    json,
  )) {
    out.get(a.initiative_id)!.areaTypes.push(a.area_type);
  }
  return out;
}

const intersect = (mine: string[], theirs: string[]) => mine.filter((c) => theirs.includes(c));

function sharedCodes(me: Features, other: Features): SharedCodes {
  const of = (f: Features, kind: string) => f.terms.get(kind) ?? [];
  return {
    measureTypes: intersect(of(me, 'measure'), of(other, 'measure')),
    themes: intersect(of(me, 'theme'), of(other, 'theme')),
    targetGroups: intersect(of(me, 'target'), of(other, 'target')),
    participation: intersect(me.participation, other.participation),
    areaTypes: intersect(me.areaTypes, other.areaTypes),
  };
}

function structuredScore(s: SharedCodes): number {
  const w = SIMILARITY_WEIGHTS;
  return (
    s.measureTypes.length * w.measure +
    s.themes.length * w.theme +
    s.targetGroups.length * w.target +
    s.participation.length * w.participation +
    s.areaTypes.length * w.areaType
  );
}

/**
 * TF-IDF vectors over the initiative and its candidates (document frequencies counted in
 * that set, so words every candidate uses weigh little), and each candidate's cosine to it.
 */
function textSimilarities(me: Features, candidates: Features[]): Map<number, number> {
  const docs = [me, ...candidates];
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(d.tokens)) df.set(w, (df.get(w) ?? 0) + 1);
  const n = docs.length;
  const vector = (d: Features) => {
    const tf = new Map<string, number>();
    for (const w of d.tokens) tf.set(w, (tf.get(w) ?? 0) + 1);
    const v = new Map<string, number>();
    let norm = 0;
    for (const [w, c] of [...tf].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const x = c * Math.log((n + 1) / (df.get(w)! + 0.5));
      v.set(w, x);
      norm += x * x;
    }
    return { v, norm: Math.sqrt(norm) };
  };
  const mine = vector(me);
  const out = new Map<number, number>();
  for (const c of candidates) {
    const theirs = vector(c);
    let dot = 0;
    for (const [w, x] of [...mine.v].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) dot += x * (theirs.v.get(w) ?? 0);
    out.set(c.id, mine.norm && theirs.norm ? dot / (mine.norm * theirs.norm) : 0);
  }
  return out;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The ranking itself: ordered by score (then ref), with the cross-country rule applied. */
function rankSimilar(sqlite: Database.Database, id: number, limit: number): SimilarInitiative[] {
  const self = one<{ country_code: string }>(sqlite, `SELECT country_code FROM initiatives WHERE id = ?`, id);
  if (!self) return [];
  const w = SIMILARITY_WEIGHTS;
  const params = {
    id,
    country: self.country_code,
    wMeasure: w.measure,
    wTheme: w.theme,
    wTarget: w.target,
    wParticipation: w.participation,
    wAreaType: w.areaType,
  };
  const ids = new Set<number>();
  for (const r of all<{ id: number }>(sqlite, CANDIDATES_SQL, { ...params, otherCountry: 0, limit: MAX_CANDIDATES })) ids.add(r.id);
  for (const r of all<{ id: number }>(sqlite, CANDIDATES_SQL, { ...params, otherCountry: 1, limit: MAX_OTHER_COUNTRY_CANDIDATES })) ids.add(r.id);
  if (ids.size === 0) return [];

  const features = loadFeatures(sqlite, [id, ...ids]);
  const me = features.get(id)!;
  const candidates = [...ids].map((c) => features.get(c)!).filter(Boolean);
  const text = textSimilarities(me, candidates);
  const scored = candidates
    .map((c) => {
      const shared = sharedCodes(me, c);
      const textSimilarity = round3(text.get(c.id) ?? 0);
      return { c, shared, textSimilarity, score: round3(structuredScore(shared) + w.text * textSimilarity) };
    })
    .sort((a, b) => b.score - a.score || (a.c.ref < b.c.ref ? -1 : a.c.ref > b.c.ref ? 1 : 0));

  // Take the best `limit`; if fewer than MIN_OTHER_COUNTRY are from another country, the
  // best from other countries replace the lowest-ranked from the same one.
  const top = scored.slice(0, limit);
  const foreignIn = top.filter((x) => x.c.country !== me.country).length;
  if (foreignIn < MIN_OTHER_COUNTRY) {
    const extra = scored.slice(limit).filter((x) => x.c.country !== me.country).slice(0, MIN_OTHER_COUNTRY - foreignIn);
    for (const x of extra) {
      let drop = -1;
      for (let i = top.length - 1; i >= 0; i--) if (top[i].c.country === me.country) { drop = i; break; }
      if (top.length >= limit && drop >= 0) top.splice(drop, 1);
      top.push(x);
    }
  }
  const chosen = scored.filter((x) => top.includes(x));

  const links = new Map(
    all(sqlite, `SELECT i.id, ${linkColumns('initiative', 'i')} FROM initiatives i WHERE i.id IN (SELECT value FROM json_each(?))`,
      JSON.stringify(chosen.map((x) => x.c.id)),
    ).map((row) => [row.id as number, linkOf(row)!]),
  );
  return chosen.map((x) => ({
    initiative: links.get(x.c.id)!,
    country: x.c.country,
    score: x.score,
    textSimilarity: x.textSimilarity,
    shared: x.shared,
  }));
}

const cache = new WeakMap<Database.Database, { revision: number; byKey: Map<string, SimilarInitiative[]> }>();
const MAX_CACHED = 2000;

/**
 * About `limit` initiatives comparable to the one with this id, best first; [] when none
 * shares anything with it. Cached per catalogue revision (meta 'catalogue').
 */
export function listSimilarInitiatives(sqlite: Database.Database, id: number, limit = SIMILAR_LIMIT): SimilarInitiative[] {
  const revision = one<{ value: number }>(sqlite, `SELECT value FROM meta WHERE key = 'catalogue'`)?.value ?? 0;
  let entry = cache.get(sqlite);
  if (!entry || entry.revision !== revision) cache.set(sqlite, (entry = { revision, byKey: new Map() }));
  const key = `${id}:${limit}`;
  let list = entry.byKey.get(key);
  if (!list) {
    list = rankSimilar(sqlite, id, limit);
    if (entry.byKey.size >= MAX_CACHED) entry.byKey.clear();
    entry.byKey.set(key, list);
  }
  return list;
}
