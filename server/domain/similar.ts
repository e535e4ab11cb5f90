// Comparable initiatives: for one initiative, about six others ranked by what they share
// (measure types, themes, target groups, participation methods, area type; weighted)
// plus the similarity of their English title and summary. Everything is read from
// SQLite, never from a search engine, so the list is the same whichever engine runs.
//
// Cost stays bounded at 100k initiatives: candidates come from in-memory postings of the
// initiative's own codes (built once per catalogue revision), only the best
// MAX_CANDIDATES of them (plus the best from other countries) are scored on text, and
// results are cached per catalogue revision.
import type Database from 'better-sqlite3';
import type { RecordLink } from '../schemas/records.ts';
import { tokenize } from '../search/text.ts';
import { latestEntry } from '../search/change-feed.ts';
import { all, linkColumns, linkOf, one, published } from './records/shared.ts';

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

/**
 * Who holds which code, for the candidate step: per code (a weighted term, a
 * participation method or an area type), the ascending positions of the initiatives that
 * have it, and each position's id and country. Built once per catalogue revision; a
 * candidate's structured score is then one pass over the postings of the initiative's own
 * codes (a GROUP BY over those postings in SQL took about a second at 100,000).
 */
interface Postings {
  ids: Int32Array;
  country: string[];
  positionOf: Map<number, number>;
  byCode: Map<string, Int32Array>;
}

const WEIGHT_OF_TERM_KIND: Record<string, number> = {
  measure: SIMILARITY_WEIGHTS.measure,
  theme: SIMILARITY_WEIGHTS.theme,
  target: SIMILARITY_WEIGHTS.target,
};
// Keys of the postings: the group ('t:<kind>' for a term, 'p' for a participation method,
// 'a' for an area type) and the code.
const termKey = (kind: string, code: string) => `t:${kind}:${code}`;
const methodKey = (method: string) => `p:${method}`;
const areaTypeKey = (areaType: string) => `a:${areaType}`;

function buildPostings(sqlite: Database.Database): Postings {
  const rows = all<{ id: number; country_code: string }>(sqlite, `SELECT i.id, i.country_code FROM initiatives i WHERE ${published('i')} ORDER BY i.id`);
  const ids = Int32Array.from(rows, (r) => r.id);
  const country = rows.map((r) => r.country_code);
  const positionOf = new Map<number, number>();
  ids.forEach((id, i) => positionOf.set(id, i));
  const byCode = new Map<string, Int32Array>();
  // Each query is ordered by its code, so one list is filled at a time.
  const collect = (rowsOf: Iterable<[string, string, number]>) => {
    let key: string | null = null;
    let group = '';
    let code = '';
    let list: number[] = [];
    const flush = () => {
      if (key !== null && list.length) byCode.set(key, Int32Array.from(list));
    };
    for (const [g, c, id] of rowsOf) {
      if (key === null || g !== group || c !== code) {
        flush();
        group = g;
        code = c;
        key = `${g}:${c}`;
        list = [];
      }
      const pos = positionOf.get(id);
      if (pos !== undefined) list.push(pos);
    }
    flush();
  };
  const kinds = Object.keys(WEIGHT_OF_TERM_KIND);
  collect(
    sqlite
      .prepare(`SELECT 't:' || kind, code, initiative_id FROM initiative_terms WHERE kind IN (${kinds.map(() => '?').join(', ')}) ORDER BY kind, code, initiative_id`)
      .raw()
      .iterate(...kinds) as Iterable<[string, string, number]>,
  );
  collect(sqlite.prepare(`SELECT DISTINCT 'p', method, initiative_id FROM participation_entries ORDER BY method, initiative_id`).raw().iterate() as Iterable<[string, string, number]>);
  collect(
    sqlite
      .prepare(
        `SELECT DISTINCT 'a', a.area_type, ia.initiative_id FROM initiative_areas ia JOIN areas a ON a.id = ia.area_id
         WHERE a.area_type IS NOT NULL ORDER BY a.area_type, ia.initiative_id`,
      )
      .raw()
      .iterate() as Iterable<[string, string, number]>,
  );
  return { ids, country, positionOf, byCode };
}

/** The initiative's own codes, each with the points a candidate sharing it gets. */
function ownCodes(sqlite: Database.Database, id: number): [string, number][] {
  const out: [string, number][] = [];
  for (const t of all<{ kind: string; code: string }>(sqlite, `SELECT kind, code FROM initiative_terms WHERE initiative_id = ?`, id))
    if (t.kind in WEIGHT_OF_TERM_KIND) out.push([termKey(t.kind, t.code), WEIGHT_OF_TERM_KIND[t.kind]]);
  for (const p of all<{ method: string }>(sqlite, `SELECT DISTINCT method FROM participation_entries WHERE initiative_id = ?`, id))
    out.push([methodKey(p.method), SIMILARITY_WEIGHTS.participation]);
  for (const a of all<{ area_type: string }>(
    sqlite,
    `SELECT DISTINCT a.area_type FROM initiative_areas ia JOIN areas a ON a.id = ia.area_id WHERE ia.initiative_id = ? AND a.area_type IS NOT NULL`,
    id,
  ))
    out.push([areaTypeKey(a.area_type), SIMILARITY_WEIGHTS.areaType]);
  return out;
}

/**
 * The candidates: every other initiative sharing at least one weighted code, best
 * structured score first (ties: lower id), the best `limit` of all and the best
 * `otherLimit` from other countries.
 */
function candidateIds(sqlite: Database.Database, postings: Postings, id: number, limit: number, otherLimit: number): number[] {
  const me = postings.positionOf.get(id);
  if (me === undefined) return [];
  const scores = new Int32Array(postings.ids.length);
  for (const [key, weight] of ownCodes(sqlite, id)) {
    const list = postings.byCode.get(key);
    if (list) for (let i = 0; i < list.length; i++) scores[list[i]] += weight;
  }
  scores[me] = 0;
  // Positions by score (ascending positions within a score, i.e. ascending ids).
  const byScore = new Map<number, number[]>();
  for (let pos = 0; pos < scores.length; pos++) {
    const score = scores[pos];
    if (score <= 0) continue;
    let list = byScore.get(score);
    if (!list) byScore.set(score, (list = []));
    list.push(pos);
  }
  const order = [...byScore.keys()].sort((a, b) => b - a);
  const out = new Set<number>();
  const take = (n: number, keep: (pos: number) => boolean) => {
    let taken = 0;
    for (const score of order) {
      for (const pos of byScore.get(score)!) {
        if (taken >= n) return;
        if (!keep(pos)) continue;
        out.add(postings.ids[pos]);
        taken++;
      }
    }
  };
  take(limit, () => true);
  const mine = postings.country[me];
  take(otherLimit, (pos) => postings.country[pos] !== mine);
  return [...out];
}

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
function rankSimilar(sqlite: Database.Database, postings: Postings, id: number, limit: number): SimilarInitiative[] {
  const ids = candidateIds(sqlite, postings, id, MAX_CANDIDATES, MAX_OTHER_COUNTRY_CANDIDATES);
  if (ids.length === 0) return [];
  const w = SIMILARITY_WEIGHTS;

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

const cache = new WeakMap<Database.Database, { revision: number; postings: Postings | null; byKey: Map<string, SimilarInitiative[]> }>();
const MAX_CACHED = 2000;

/**
 * About `limit` initiatives comparable to the one with this id, best first; [] when none
 * shares anything with it. Cached until the catalogue changes (the change feed's end).
 */
export function listSimilarInitiatives(sqlite: Database.Database, id: number, limit = SIMILAR_LIMIT): SimilarInitiative[] {
  // Every change to the catalogue appends to the change feed in its own transaction, so
  // the feed's end moves with the first read after an edit (the catalogue revision only
  // moves once the embedded index has applied the feed).
  const revision = latestEntry(sqlite);
  let entry = cache.get(sqlite);
  if (!entry || entry.revision !== revision) cache.set(sqlite, (entry = { revision, postings: null, byKey: new Map() }));
  const key = `${id}:${limit}`;
  let list = entry.byKey.get(key);
  if (!list) {
    list = rankSimilar(sqlite, (entry.postings ??= buildPostings(sqlite)), id, limit);
    if (entry.byKey.size >= MAX_CACHED) entry.byKey.clear();
    entry.byKey.set(key, list);
  }
  return list;
}
