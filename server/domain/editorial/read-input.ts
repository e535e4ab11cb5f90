// Reads one record back into its input shape (server/schemas/catalogue.ts): exactly what
// the admin forms edit, what CatalogueWriter writes and what a revision stores. Every
// record state is read (drafts included): this is the editors' view, not the public one.
import type Database from 'better-sqlite3';
import type {
  AreaInput,
  EventInput,
  InitiativeInput,
  OrganisationInput,
  ProgrammeInput,
  ResourceInput,
  Text,
} from '../../schemas/catalogue.ts';
import type { RecordKind } from '../../../db/schema.ts';
import { KINDS, type RecordInput, type RecordState } from './kinds.ts';

type Row = Record<string, unknown>;

const blank = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const text = (row: Row, base: string): Text => ({ nb: blank(row[`${base}_nb`]), en: blank(row[`${base}_en`]) });
const list = (v: unknown): string[] => {
  if (typeof v !== 'string' || !v) return [];
  try {
    const parsed = JSON.parse(v);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
};

class Reader {
  constructor(private readonly sqlite: Database.Database) {}

  all(sql: string, ...params: unknown[]): Row[] {
    return this.sqlite.prepare(sql).all(...params) as Row[];
  }
  one(sql: string, ...params: unknown[]): Row | undefined {
    return this.sqlite.prepare(sql).get(...params) as Row | undefined;
  }
  url(sourceId: unknown): string | null {
    if (sourceId === null || sourceId === undefined) return null;
    return (this.sqlite.prepare(`SELECT url FROM sources WHERE id = ?`).pluck().get(sourceId) as string | undefined) ?? null;
  }
  ref(table: string, id: unknown): string | null {
    if (id === null || id === undefined) return null;
    return (this.sqlite.prepare(`SELECT ref FROM ${table} WHERE id = ?`).pluck().get(id) as string | undefined) ?? null;
  }
  quality(row: Row) {
    return {
      confidence: row.confidence as string,
      confidenceNote: text(row, 'confidence_note'),
      lastVerified: blank(row.last_verified),
      textLanguage: (row.text_language as string) ?? 'en',
    };
  }
  funding(column: string, id: number) {
    return this.all(`SELECT * FROM funding_lines WHERE ${column} = ? ORDER BY position, id`, id).map((f) => ({
      amount: (f.amount as number | null) ?? null,
      currency: blank(f.currency),
      year: (f.year as number | null) ?? null,
      funder: this.ref('organisations', f.funder_id),
      text: text(f, 'text'),
      sourceUrl: this.url(f.source_id),
    }));
  }
  orgRoles(table: string, column: string, id: number, withSource: boolean) {
    return this.all(`SELECT * FROM ${table} WHERE ${column} = ? ORDER BY position`, id).map((o) => ({
      org: this.ref('organisations', o.organisation_id)!,
      role: o.role as string,
      ...(withSource ? { sourceUrl: this.url(o.source_id) } : {}),
    }));
  }
  sourceUrls(table: string, column: string, id: number): string[] {
    return this.all(`SELECT s.url FROM ${table} x JOIN sources s ON s.id = x.source_id WHERE x.${column} = ? ORDER BY x.position`, id).map(
      (r) => r.url as string,
    );
  }

  initiative(r: Row): InitiativeInput {
    const id = r.id as number;
    const terms = (kind: string) =>
      this.all(`SELECT code FROM initiative_terms WHERE initiative_id = ? AND kind = ? ORDER BY rowid`, id, kind).map((t) => t.code as string);
    return {
      ref: r.ref as string,
      slug: r.slug as string,
      titleNb: blank(r.title_nb),
      titleOriginal: blank(r.title_original),
      originalLanguage: blank(r.original_language),
      titleEn: r.title_en as string,
      summary: text(r, 'summary'),
      outcomes: text(r, 'outcomes'),
      lessons: text(r, 'lessons'),
      lessonsSourceUrl: this.url(r.lessons_source_id),
      notes: text(r, 'notes'),
      locationText: blank(r.location_text),
      areas: this.all(`SELECT a.ref FROM initiative_areas x JOIN areas a ON a.id = x.area_id WHERE x.initiative_id = ? ORDER BY x.position`, id).map(
        (a) => a.ref as string,
      ),
      programmes: this.all(
        `SELECT p.ref, x.role FROM initiative_programmes x JOIN programmes p ON p.id = x.programme_id WHERE x.initiative_id = ? ORDER BY x.position`,
        id,
      ).map((p) => ({ programme: p.ref as string, role: p.role as string })),
      country: r.country_code as string,
      periodStart: (r.period_start as number | null) ?? null,
      periodEnd: (r.period_end as number | null) ?? null,
      status: r.status as string,
      measureTypes: terms('measure'),
      themes: terms('theme'),
      targetGroups: terms('target'),
      targetGroupsOriginal: { nb: list(r.target_groups_original_nb), en: list(r.target_groups_original) },
      participation: this.all(`SELECT * FROM participation_entries WHERE initiative_id = ? ORDER BY position`, id).map((p) => ({
        method: p.method as string,
        who: text(p, 'who'),
        count: (p.participant_count as number | null) ?? null,
        stage: blank(p.stage),
        influence: blank(p.influence),
        text: text(p, 'text'),
        sourceUrl: this.url(p.source_id),
      })),
      anchoring: this.all(`SELECT * FROM anchoring_entries WHERE initiative_id = ? ORDER BY position`, id).map((a) => ({
        kind: a.kind as string,
        text: text(a, 'text'),
        sourceUrl: this.url(a.source_id),
      })),
      continuation: r.continuation
        ? { code: r.continuation as string, note: text(r, 'continuation_note'), sourceUrl: this.url(r.continuation_source_id) }
        : null,
      organisations: this.orgRoles('initiative_organisations', 'initiative_id', id, true),
      funding: this.funding('initiative_id', id),
      evidence: { level: r.evidence_level as string, note: text(r, 'evidence_note') },
      related: this.all(
        `SELECT i.ref, x.relation FROM initiative_relations x JOIN initiatives i ON i.id = x.related_id WHERE x.initiative_id = ? ORDER BY x.rowid`,
        id,
      ).map((x) => ({ initiative: x.ref as string, relation: x.relation as string })),
      sourceUrls: this.sourceUrls('initiative_sources', 'initiative_id', id),
      ...this.quality(r),
    };
  }

  area(r: Row): AreaInput {
    const id = r.id as number;
    return {
      ref: r.ref as string,
      slug: r.slug as string,
      name: r.name as string,
      district: blank(r.district),
      municipality: blank(r.municipality),
      country: r.country_code as string,
      areaType: blank(r.area_type),
      population: text(r, 'population'),
      populationCount:
        r.population_count === null || r.population_count === undefined
          ? null
          : { count: r.population_count as number, year: (r.population_year as number | null) ?? null, sourceUrl: this.url(r.population_source_id) },
      description: text(r, 'description'),
      coordinates:
        r.latitude === null || r.latitude === undefined
          ? null
          : {
              latitude: r.latitude as number,
              longitude: r.longitude as number,
              note: blank(r.coordinates_note),
              sourceUrl: this.url(r.coordinates_source_id),
            },
      programmes: this.all(
        `SELECT p.ref, x.period_start, x.period_end FROM area_programmes x JOIN programmes p ON p.id = x.programme_id WHERE x.area_id = ? ORDER BY x.rowid`,
        id,
      ).map((p) => ({ programme: p.ref as string, periodStart: (p.period_start as number | null) ?? null, periodEnd: (p.period_end as number | null) ?? null })),
      sourceUrls: this.sourceUrls('area_sources', 'area_id', id),
      ...this.quality(r),
    };
  }

  programme(r: Row): ProgrammeInput {
    const id = r.id as number;
    return {
      ref: r.ref as string,
      slug: r.slug as string,
      nameOriginal: r.name_original as string,
      nameNb: blank(r.name_nb),
      nameEn: r.name_en as string,
      country: r.country_code as string,
      level: blank(r.level),
      periodStart: (r.period_start as number | null) ?? null,
      periodEnd: (r.period_end as number | null) ?? null,
      responsible: { nb: list(r.responsible_nb), en: list(r.responsible_en) },
      goals: text(r, 'goals'),
      budget: text(r, 'budget'),
      structure: text(r, 'structure'),
      population: text(r, 'population'),
      evaluations: { nb: list(r.evaluations_nb), en: list(r.evaluations_en) },
      keyFindings: text(r, 'key_findings'),
      note: text(r, 'note'),
      organisations: this.orgRoles('programme_organisations', 'programme_id', id, true),
      budgetLines: this.funding('programme_id', id),
      sourceUrls: this.sourceUrls('programme_sources', 'programme_id', id),
      ...this.quality(r),
    };
  }

  organisation(r: Row): OrganisationInput {
    return {
      ref: r.ref as string,
      slug: r.slug as string,
      name: r.name as string,
      shortName: blank(r.short_name),
      nameEn: blank(r.name_en),
      kind: r.kind as string,
      country: blank(r.country_code),
      website: blank(r.website),
      description: text(r, 'description'),
      sourceUrl: this.url(r.source_id),
      ...this.quality(r),
    };
  }

  event(r: Row): EventInput {
    return {
      ref: r.ref as string,
      slug: r.slug as string,
      name: { nb: r.name_nb as string, en: r.name_en as string },
      date: blank(r.date),
      dateNote: text(r, 'date_note'),
      place: text(r, 'place'),
      audience: text(r, 'audience'),
      description: text(r, 'description'),
      notFound: { nb: list(r.not_found_nb), en: list(r.not_found_en) },
      organisers: this.orgRoles('event_organisations', 'event_id', r.id as number, false),
      sourceUrl: this.url(r.source_id),
      ...this.quality(r),
    };
  }

  resource(r: Row): ResourceInput {
    const id = r.id as number;
    const refs = (table: string, column: string, target: string) =>
      this.all(`SELECT t.ref FROM ${table} x JOIN ${target} t ON t.id = x.${column} WHERE x.resource_id = ? ORDER BY x.rowid`, id).map((x) => x.ref as string);
    return {
      ref: r.ref as string,
      slug: r.slug as string,
      kind: r.kind as string,
      titleOriginal: r.title_original as string,
      titleNb: blank(r.title_nb),
      titleEn: blank(r.title_en),
      language: blank(r.language),
      event: this.ref('events', r.event_id),
      date: blank(r.date),
      year: (r.year as number | null) ?? null,
      summary: text(r, 'summary'),
      notes: text(r, 'notes'),
      people: this.all(`SELECT * FROM resource_people WHERE resource_id = ? ORDER BY position`, id).map((p) => ({
        name: p.name as string,
        role: blank(p.role),
        organisation: this.ref('organisations', p.organisation_id),
      })),
      links: this.all(`SELECT kind, url FROM resource_links WHERE resource_id = ? ORDER BY position`, id).map((l) => ({
        kind: l.kind as string,
        url: l.url as string,
      })),
      subjects: {
        programmes: refs('resource_programmes', 'programme_id', 'programmes'),
        areas: refs('resource_areas', 'area_id', 'areas'),
        initiatives: refs('resource_initiatives', 'initiative_id', 'initiatives'),
      },
      ...this.quality(r),
    };
  }
}

export interface StoredRecord {
  id: number;
  input: RecordInput;
  state: RecordState;
  updatedAt: string;
}

/** One record of `kind` by ref, in its input shape, with its state; null when there is none. */
export function readRecordInput(sqlite: Database.Database, kind: RecordKind, ref: string): StoredRecord | null {
  const row = sqlite.prepare(`SELECT * FROM ${KINDS[kind].table} WHERE ref = ?`).get(ref) as Row | undefined;
  if (!row) return null;
  const input = new Reader(sqlite)[kind](row) as RecordInput;
  return { id: row.id as number, input, state: row.state as RecordState, updatedAt: row.updated_at as string };
}
