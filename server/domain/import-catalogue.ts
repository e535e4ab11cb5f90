// Writes a whole catalogue (the shipped seed, or any import in the same shape) into the
// database. Idempotent: a record whose content hash is unchanged is not touched, so a
// second run changes nothing (not even updated_at). Runs in one transaction.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { refreshSearchDocuments } from '../search/documents.ts';
import { SLUG_RE } from '../schemas/slug.ts';

export interface VocabularyTerm {
  code: string;
  nb: string;
  en: string;
}

export interface Vocabularies {
  countries: VocabularyTerm[];
  measure: VocabularyTerm[];
  theme: VocabularyTerm[];
  target: VocabularyTerm[];
}

export interface SourceInput {
  url: string;
  title: string;
  type: string | null;
  language: string | null;
  publisher: string | null;
  year: number | null;
}

export interface ProgrammeInput {
  slug: string;
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

export interface AreaInput {
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

export interface InitiativeInput {
  slug: string;
  ref?: string | null;
  titleNb: string | null;
  titleOriginal: string | null;
  originalLanguage: string | null;
  titleEn: string;
  summaryNb: string;
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

export interface CatalogueInput {
  vocabularies: Vocabularies;
  sources: SourceInput[];
  programmes: ProgrammeInput[];
  areas: AreaInput[];
  initiatives: InitiativeInput[];
}

export interface ImportReport {
  programmes: { inserted: number; updated: number; unchanged: number };
  areas: { inserted: number; updated: number; unchanged: number };
  initiatives: { inserted: number; updated: number; unchanged: number };
  sources: number;
}

export class ImportError extends Error {}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/** Deletes every catalogue row (vocabularies stay). For `seed --reset`. */
export function clearCatalogue(sqlite: Database.Database): void {
  sqlite.transaction(() => {
    for (const table of [
      'search_documents',
      'initiative_sources',
      'initiative_terms',
      'initiative_areas',
      'initiatives',
      'area_sources',
      'area_programmes',
      'areas',
      'programme_sources',
      'programmes',
      'sources',
    ]) {
      sqlite.prepare(`DELETE FROM ${table}`).run();
    }
  })();
}

export function importCatalogue(sqlite: Database.Database, input: CatalogueInput): ImportReport {
  const report: ImportReport = {
    programmes: { inserted: 0, updated: 0, unchanged: 0 },
    areas: { inserted: 0, updated: 0, unchanged: 0 },
    initiatives: { inserted: 0, updated: 0, unchanged: 0 },
    sources: 0,
  };
  for (const list of [input.programmes, input.areas, input.initiatives]) {
    for (const record of list) {
      if (!SLUG_RE.test(record.slug)) throw new ImportError(`invalid slug: ${JSON.stringify(record.slug)}`);
    }
  }
  const run = sqlite.transaction(() => {
    writeVocabularies(sqlite, input.vocabularies);
    const sourceIds = writeSources(sqlite, input.sources, report);
    const { programmeIds, renamedProgrammes } = writeProgrammes(sqlite, input.programmes, sourceIds, report);
    const { areaIds, renamedAreas } = writeAreas(sqlite, input.areas, programmeIds, sourceIds, report);
    const changed = writeInitiatives(sqlite, input, programmeIds, areaIds, sourceIds, report);
    // Initiatives whose area or programme names changed need new search text too.
    const affected = new Set(changed);
    if (renamedAreas.length) {
      const rows = sqlite
        .prepare(`SELECT DISTINCT initiative_id FROM initiative_areas WHERE area_id IN (SELECT value FROM json_each(?))`)
        .pluck()
        .all(JSON.stringify(renamedAreas)) as number[];
      rows.forEach((id) => affected.add(id));
    }
    if (renamedProgrammes.length) {
      const rows = sqlite
        .prepare(`SELECT id FROM initiatives WHERE programme_id IN (SELECT value FROM json_each(?))`)
        .pluck()
        .all(JSON.stringify(renamedProgrammes)) as number[];
      rows.forEach((id) => affected.add(id));
    }
    if (affected.size) refreshSearchDocuments(sqlite, [...affected]);
  });
  run();
  return report;
}

function writeVocabularies(sqlite: Database.Database, v: Vocabularies): void {
  const country = sqlite.prepare(
    `INSERT INTO countries (code, name_nb, name_en, sort_order) VALUES (?, ?, ?, ?)
     ON CONFLICT (code) DO UPDATE SET name_nb = excluded.name_nb, name_en = excluded.name_en, sort_order = excluded.sort_order
     WHERE name_nb IS NOT excluded.name_nb OR name_en IS NOT excluded.name_en OR sort_order IS NOT excluded.sort_order`,
  );
  v.countries.forEach((c, i) => country.run(c.code, c.nb, c.en, i));
  const term = sqlite.prepare(
    `INSERT INTO terms (kind, code, label_nb, label_en, sort_order) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (kind, code) DO UPDATE SET label_nb = excluded.label_nb, label_en = excluded.label_en, sort_order = excluded.sort_order
     WHERE label_nb IS NOT excluded.label_nb OR label_en IS NOT excluded.label_en OR sort_order IS NOT excluded.sort_order`,
  );
  for (const kind of ['measure', 'theme', 'target'] as const) {
    v[kind].forEach((t, i) => term.run(kind, t.code, t.nb, t.en, i));
  }
}

function writeSources(sqlite: Database.Database, sources: SourceInput[], report: ImportReport): Map<string, number> {
  const upsert = sqlite.prepare(
    `INSERT INTO sources (url, title, publisher, year, type, language) VALUES (@url, @title, @publisher, @year, @type, @language)
     ON CONFLICT (url) DO UPDATE SET title = excluded.title, publisher = excluded.publisher, year = excluded.year,
       type = excluded.type, language = excluded.language
     WHERE title IS NOT excluded.title OR publisher IS NOT excluded.publisher OR year IS NOT excluded.year
       OR type IS NOT excluded.type OR language IS NOT excluded.language`,
  );
  for (const s of sources) {
    upsert.run({
      url: s.url,
      title: s.title,
      publisher: s.publisher ?? null,
      year: s.year ?? null,
      type: s.type ?? null,
      language: s.language ?? null,
    });
  }
  report.sources = sources.length;
  const ids = new Map<string, number>();
  for (const row of sqlite.prepare(`SELECT id, url FROM sources`).all() as { id: number; url: string }[]) {
    ids.set(row.url, row.id);
  }
  return ids;
}

function sourceIdsFor(urls: string[], ids: Map<string, number>, owner: string): number[] {
  if (urls.length === 0) throw new ImportError(`${owner} has no source`);
  return urls.map((url) => {
    const id = ids.get(url);
    if (id === undefined) throw new ImportError(`${owner} cites an unknown source: ${url}`);
    return id;
  });
}

function replaceLinks(sqlite: Database.Database, table: string, ownerColumn: string, ownerId: number, sourceIds: number[]): void {
  sqlite.prepare(`DELETE FROM ${table} WHERE ${ownerColumn} = ?`).run(ownerId);
  const insert = sqlite.prepare(`INSERT OR IGNORE INTO ${table} (${ownerColumn}, source_id, position) VALUES (?, ?, ?)`);
  sourceIds.forEach((sid, i) => insert.run(ownerId, sid, i));
}

type Counter = { inserted: number; updated: number; unchanged: number };

/**
 * Inserts or updates one row by slug, unless the hash of `full` (the whole input record,
 * links included) equals the stored one. `written` tells the caller to rewrite links.
 */
function writeRecord(
  sqlite: Database.Database,
  table: 'programmes' | 'areas' | 'initiatives',
  slug: string,
  columns: Record<string, unknown>,
  full: unknown,
  counter: Counter,
): { id: number; written: boolean; before?: Record<string, unknown> } {
  const hash = hashOf(full);
  const before = sqlite.prepare(`SELECT * FROM ${table} WHERE slug = ?`).get(slug) as
    | (Record<string, unknown> & { id: number; content_hash: string | null })
    | undefined;
  if (before && before.content_hash === hash) {
    counter.unchanged++;
    return { id: before.id, written: false, before };
  }
  const names = Object.keys(columns);
  const values = { ...columns, slug, content_hash: hash };
  if (!before) {
    const cols = ['slug', 'content_hash', ...names];
    const info = sqlite
      .prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`)
      .run(values);
    counter.inserted++;
    return { id: Number(info.lastInsertRowid), written: true };
  }
  const sets = ['content_hash = @content_hash', `updated_at = ${NOW}`, ...names.map((c) => `${c} = @${c}`)];
  sqlite.prepare(`UPDATE ${table} SET ${sets.join(', ')} WHERE slug = @slug`).run(values);
  counter.updated++;
  return { id: before.id, written: true, before };
}

function writeProgrammes(
  sqlite: Database.Database,
  programmes: ProgrammeInput[],
  sourceIds: Map<string, number>,
  report: ImportReport,
): { programmeIds: Map<string, number>; renamedProgrammes: number[] } {
  const ids = new Map<string, number>();
  const renamed: number[] = [];
  for (const p of programmes) {
    const sids = sourceIdsFor(p.sourceUrls, sourceIds, `programme ${p.slug}`);
    const columns = {
      name_original: p.nameOriginal,
      name_en: p.nameEn,
      country_code: p.country,
      period_start: p.periodStart,
      period_end: p.periodEnd,
      responsible: JSON.stringify(p.responsible ?? []),
      goals: p.goals,
      budget: p.budget,
      structure: p.structure,
      population: p.population,
      evaluations: JSON.stringify(p.evaluations ?? []),
      key_findings: p.keyFindings,
      note: p.note,
      confidence: p.confidence,
    };
    const res = writeRecord(sqlite, 'programmes', p.slug, columns, p, report.programmes);
    if (res.written) {
      replaceLinks(sqlite, 'programme_sources', 'programme_id', res.id, sids);
      if (res.before && (res.before.name_original !== p.nameOriginal || res.before.name_en !== p.nameEn)) renamed.push(res.id);
    }
    ids.set(p.slug, res.id);
  }
  return { programmeIds: ids, renamedProgrammes: renamed };
}

function writeAreas(
  sqlite: Database.Database,
  areas: AreaInput[],
  programmeIds: Map<string, number>,
  sourceIds: Map<string, number>,
  report: ImportReport,
): { areaIds: Map<string, number>; renamedAreas: number[] } {
  const ids = new Map<string, number>();
  const renamed: number[] = [];
  const link = sqlite.prepare(
    `INSERT OR REPLACE INTO area_programmes (area_id, programme_id, period_start, period_end) VALUES (?, ?, ?, ?)`,
  );
  for (const a of areas) {
    const sids = sourceIdsFor(a.sourceUrls, sourceIds, `area ${a.slug}`);
    const links = a.programmes.map((l) => {
      const pid = programmeIds.get(l.programme);
      if (pid === undefined) throw new ImportError(`area ${a.slug} names an unknown programme: ${l.programme}`);
      return { pid, ...l };
    });
    const columns = {
      name: a.name,
      district: a.district,
      municipality: a.municipality,
      country_code: a.country,
      population: a.population,
      notes: a.notes,
      confidence: a.confidence,
    };
    const res = writeRecord(sqlite, 'areas', a.slug, columns, a, report.areas);
    if (res.written) {
      sqlite.prepare(`DELETE FROM area_programmes WHERE area_id = ?`).run(res.id);
      for (const l of links) link.run(res.id, l.pid, l.periodStart, l.periodEnd);
      replaceLinks(sqlite, 'area_sources', 'area_id', res.id, sids);
      if (res.before && (res.before.name !== a.name || res.before.district !== a.district)) renamed.push(res.id);
    }
    ids.set(a.slug, res.id);
  }
  return { areaIds: ids, renamedAreas: renamed };
}

function writeInitiatives(
  sqlite: Database.Database,
  input: CatalogueInput,
  programmeIds: Map<string, number>,
  areaIds: Map<string, number>,
  sourceIds: Map<string, number>,
  report: ImportReport,
): number[] {
  const vocab = {
    measure: new Set(input.vocabularies.measure.map((t) => t.code)),
    theme: new Set(input.vocabularies.theme.map((t) => t.code)),
    target: new Set(input.vocabularies.target.map((t) => t.code)),
  };
  const changed: number[] = [];
  const addArea = sqlite.prepare(`INSERT INTO initiative_areas (initiative_id, area_id, position) VALUES (?, ?, ?)`);
  const addTerm = sqlite.prepare(`INSERT OR IGNORE INTO initiative_terms (initiative_id, kind, code) VALUES (?, ?, ?)`);
  for (const it of input.initiatives) {
    const owner = `initiative ${it.slug}`;
    const sids = sourceIdsFor(it.sourceUrls, sourceIds, owner);
    const programmeId = it.programme === null ? null : programmeIds.get(it.programme);
    if (programmeId === undefined) throw new ImportError(`${owner} names an unknown programme: ${it.programme}`);
    const aids = it.areas.map((slug) => {
      const id = areaIds.get(slug);
      if (id === undefined) throw new ImportError(`${owner} names an unknown area: ${slug}`);
      return id;
    });
    const termLists = { measure: it.measureTypes, theme: it.themes, target: it.targetGroups };
    for (const kind of ['measure', 'theme', 'target'] as const) {
      for (const code of termLists[kind]) {
        if (!vocab[kind].has(code)) throw new ImportError(`${owner} has an unknown ${kind} code: ${code}`);
      }
    }
    const columns = {
      seed_ref: it.ref ?? null,
      title_nb: it.titleNb,
      title_original: it.titleOriginal,
      original_language: it.originalLanguage,
      title_en: it.titleEn,
      summary_nb: it.summaryNb ?? '',
      summary_en: it.summaryEn ?? '',
      location_text: it.locationText,
      programme_id: programmeId,
      country_code: it.country,
      period_start: it.periodStart,
      period_end: it.periodEnd,
      target_groups_original: JSON.stringify(it.targetGroupsOriginal ?? []),
      outcomes: it.outcomes,
      confidence: it.confidence,
      notes: it.notes,
    };
    const res = writeRecord(sqlite, 'initiatives', it.slug, columns, it, report.initiatives);
    if (!res.written) continue;
    sqlite.prepare(`DELETE FROM initiative_areas WHERE initiative_id = ?`).run(res.id);
    aids.forEach((aid, i) => addArea.run(res.id, aid, i));
    sqlite.prepare(`DELETE FROM initiative_terms WHERE initiative_id = ?`).run(res.id);
    for (const kind of ['measure', 'theme', 'target'] as const) {
      for (const code of termLists[kind]) addTerm.run(res.id, kind, code);
    }
    replaceLinks(sqlite, 'initiative_sources', 'initiative_id', res.id, sids);
    changed.push(res.id);
  }
  return changed;
}
